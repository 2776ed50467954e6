"""The website's files from pretix: the event list, the announcement and Rückblick posts and their photos
for every public meetup of an organizer, as a folder (``oicmeetup_website``), a zip download and an API
resource."""
