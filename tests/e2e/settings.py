"""Django settings for end-to-end runs: pretix's real settings (database, Redis, celery broker and
mail server from $PRETIX_CONFIG_FILE), with the schema created from the models instead of running
pretix's ~300 migrations, so a run starts in seconds."""
from pretix.settings import *  # noqa: F401,F403


class _NoMigrations:
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()

# pretix's development server serves the static files only; the public uploads (photos) as `make demo` does
from pretix.settings import MIDDLEWARE  # noqa: E402

MIDDLEWARE = ["demo.media.ServePublicMedia", *MIDDLEWARE]
