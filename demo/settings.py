"""Django settings of `make demo`: pretix's own (from .demo/pretix.cfg), with Django's file cache in
.demo/data/cache. pretix's default has no cache at all, so its control panel would report its periodic
tasks as never run although the demo runs them (as a production cron job would): the flag they set lives
in the cache, and the cache must be shared by the web server and the periodic runs."""
import os

from pretix.settings import *  # noqa: F401,F403
from pretix.settings import CACHES, DATA_DIR

CACHES = {**CACHES, "default": {
    "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
    "LOCATION": os.path.join(DATA_DIR, "cache"),
}}

# The web server and the periodic runs share one SQLite file: a writer waits for the other (up to 30 s)
# instead of failing with "database is locked" (SQLite's default wait is 5 s).
from pretix.settings import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "timeout": 30}

from pretix.settings import MIDDLEWARE  # noqa: E402

MIDDLEWARE = ["demo.media.ServePublicMedia", *MIDDLEWARE]
