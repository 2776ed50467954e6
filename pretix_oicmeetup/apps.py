from django.utils.translation import gettext_lazy as _

from pretix.base.plugins import PluginConfig

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
        compatibility = "pretix>=2026.8.0,<2026.9"
        settings_links = [
            ((_("Settings"), _("Meetup")), "plugins:pretix_oicmeetup:settings", {}),
        ]
        navigation_links = []

    def ready(self):
        from . import signals, tasks  # noqa: F401 (receivers and celery tasks register on import)
