"""Numbers about the meetups for the organizer's annual report, through pretix's export machinery."""
