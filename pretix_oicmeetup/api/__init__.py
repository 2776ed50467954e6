"""The REST API: the meetup resource of an event, next to pretix's own event resources."""
