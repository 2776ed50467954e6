"""The control panel: the meetup page, the change notice page and the website post pages."""
