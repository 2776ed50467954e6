"""The shop side: the meetup on the shop page, the order page and each ticket's page, and the attendee's own
calendar files."""
