"""The meetup itself: its fields (one registry), the announcement built from them, the one write path,
the validation rules, the change engine and who may see what."""
