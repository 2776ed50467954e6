"""A series' public page on the organizer's pretix site: its editions, a calendar feed and schema.org
``EventSeries``. A series is the meetups that name the same series topic (the meetup field
``series_topic``, e.g. ``ki-zivilgesellschaft``, which the website's event list uses as well)."""
