"""The website's posts: their structure (``structure``), reading the meetup from them (``extract``,
``parse``), importing one into an event (``importer``), writing an event as one (``export``) and fetching
one from a web address (``fetch``)."""
