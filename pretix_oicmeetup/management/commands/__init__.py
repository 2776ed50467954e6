"""``oicmeetup_demo``, ``oicmeetup_load`` and ``oicmeetup_parse``."""
