"""The confirmation email through a real SMTP server (aiosmtpd on loopback), read back from disk."""
import email
import email.policy
import time

import pytest
from django.test import override_settings

from demo.smtp_sink import start_sink
from pretix_oicmeetup.mail.confirmation import apply_confirmation_templates

from .helpers import link_targets, place_free_order, visible_text
from .seed_facts import SEED_LINKS, missing_facts

pytestmark = [pytest.mark.django_db, pytest.mark.e2e]


@pytest.fixture
def smtp_sink(tmp_path):
    controller = start_sink(tmp_path / "mail")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                           EMAIL_HOST="127.0.0.1", EMAIL_PORT=controller.port, EMAIL_USE_TLS=False,
                           EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD=""):
        yield tmp_path / "mail"
    controller.stop()


def delivered(directory, count=1, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = sorted(directory.glob("*.eml"))
        if len(files) >= count:
            return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
        time.sleep(0.1)
    raise AssertionError(f"expected {count} message(s) in {directory}")


@pytest.mark.parametrize("locale", ["de-informal", "de"])
def test_confirmation_arrives_over_smtp_with_the_announcement(seeded_event, item, smtp_sink, locale,
                                                             django_capture_on_commit_callbacks):
    apply_confirmation_templates(seeded_event)
    with django_capture_on_commit_callbacks(execute=True):  # pretix hands mail to celery on commit
        place_free_order(seeded_event, item, email="anna@example.org", locale=locale)
    (message,) = delivered(smtp_sink)
    assert message["To"] == "anna@example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert missing_facts(" ".join(text.split()), locale) == []
    assert missing_facts(visible_text(html), locale) == []
    for link in SEED_LINKS:
        assert link in link_targets(html)
