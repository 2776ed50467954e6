"""The organizer's meetup series: the series records and which event is an edition of which (``records``),
and each series' public page on the organizer's pretix site with its editions, a calendar feed and
schema.org ``EventSeries`` (``editions``, ``outputs``, ``views``). A series' page is addressed by its topic
(e.g. ``ki-zivilgesellschaft``, which the website's event list uses as well)."""
