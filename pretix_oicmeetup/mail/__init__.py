"""The meetup in pretix's emails: placeholders, the ready confirmation texts and reminder, and what happens
to pretix's texts when the plugin is switched off and on."""
