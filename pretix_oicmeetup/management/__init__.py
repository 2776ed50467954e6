"""Management commands of the plugin (``python -m pretix oicmeetup_…``)."""
