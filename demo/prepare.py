"""Once per start of `make demo`, before the server: the licence check that pretix asks an administrator to
do, recorded as pretix's own check page records it, so the demo's control panel shows no licence banner."""
import django

django.setup()

from django.utils.timezone import now  # noqa: E402

from pretix.base.settings import GlobalSettingsObject  # noqa: E402
from pretix.control.views.global_settings import LicenseCheckView  # noqa: E402


def main():
    settings = GlobalSettingsObject().settings
    if not settings.license_check_completed:
        settings.license_check_input = LicenseCheckView().get_initial()
        settings.license_check_completed = now()


if __name__ == "__main__":
    main()
