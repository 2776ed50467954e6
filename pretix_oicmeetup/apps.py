"""The plugin's app: pretix's plugin metadata, and what happens when an event switches it on or off.

The plugin is a hybrid of pretix's plugin levels: its series, speaker library, defaults and website files
belong to the organizer, the meetups to events. pretix runs it for an event only while the organizer has it
on as well; switching it on for an event switches it on for the organizer (with the permission for that)."""
from django.utils.translation import gettext_lazy as _

from pretix.base.plugins import PLUGIN_LEVEL_EVENT_ORGANIZER_HYBRID, PluginConfig

from . import __version__


class PluginApp(PluginConfig):
    default = True
    name = "pretix_oicmeetup"
    verbose_name = "OIC Meetup"

    class PretixPluginMeta:
        name = _("OIC Meetup")
        author = "Open Innovation City Bielefeld"
        description = _(
            "Turns the event into a meetup announcement: speakers, admission time, learning outcomes, materials, "
            "series and online access, shown in the shop, on the order page and in the confirmation email."
        )
        visible = True
        version = __version__
        category = "FEATURE"
        level = PLUGIN_LEVEL_EVENT_ORGANIZER_HYBRID
        # A lower bound only, as pretix's own plugins declare it: an upper bound would stop every pretix
        # process on the next release. The tests pin the tested release and guard the internals used.
        compatibility = "pretix>=2026.8.0"
        settings_links = [
            ((_("Settings"), _("Meetup")), "plugins:pretix_oicmeetup:settings", {}),
        ]
        navigation_links = []

    def installed(self, event_or_organizer):
        from pretix.base.models import Event

        from .mail.switching import restore_pretix_texts

        if isinstance(event_or_organizer, Event):  # an organizer has no texts of its own; its events do
            restore_pretix_texts(event_or_organizer)

    def uninstalled(self, event_or_organizer):
        from pretix.base.models import Event

        from .mail.switching import remove_from_pretix_texts

        # pretix switches the plugin off for each event (calling this) before the organizer
        if isinstance(event_or_organizer, Event):
            remove_from_pretix_texts(event_or_organizer)

    def ready(self):
        # (imported here, not at the top: Django loads this module before any model may be imported)
        from . import signals  # noqa: F401 (receivers register on import)
        from .library import people  # noqa: F401 (links the written speakers to the library's people)
        from .notices import tasks  # noqa: F401 (celery tasks register on import)
        from .series import next_edition, records  # noqa: F401 (the series follow the meetup core's signals)
