"""What happens to pretix's own texts when the plugin is switched off for an event, and on again.

The plugin writes ``{meetup_…}`` placeholders into pretix's texts (the front page text, the confirmation
emails, the calendar description, the reminder rule). pretix only knows the placeholders of active
plugins, so with the plugin off they would be printed as they are. ``uninstalled`` therefore takes them
out (a text that is exactly the plugin's template goes back to pretix's default) and keeps what the
organiser had; ``installed`` puts that back, unless the organiser has changed the text meanwhile.
"""
import json
import logging
import re

from django.db import transaction
from django_scopes import scopes_disabled
from i18nfield.strings import LazyI18nString

from pretix.plugins.sendmail.models import Rule

from ..meetup import tokens
from ..meetup.fields import SETTINGS_PREFIX
from ..meetup.store import sync_essentials_token
from .confirmation import template_state

logger = logging.getLogger(__name__)

STASH_KEY = SETTINGS_PREFIX + "texts_while_disabled"


def _strip_tokens(text: str) -> str:
    text = tokens.PATTERN.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _stripped(raw: str) -> str:
    """A stored setting (i18n JSON or plain text) without the plugin's placeholders, in the same form."""
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return json.dumps({k: _strip_tokens(v) if isinstance(v, str) else v for k, v in data.items()},
                          sort_keys=True)
    return _strip_tokens(raw)


def _own_settings(event) -> dict:
    """The event's stored settings as serialized strings (no organizer or global fallbacks)."""
    return dict(event.settings._objects.all().values_list("key", "value"))


def _rules(event):
    if "pretix.plugins.sendmail" not in event.get_plugins():
        return []
    with scopes_disabled():
        return list(Rule.objects.filter(event=event))


def _rule_texts(rule) -> dict:
    return {"subject": rule.subject.data, "template": rule.template.data}


def remove_from_pretix_texts(event):
    """Called by pretix when the plugin is disabled for ``event``."""
    if event.pk is None:
        return
    with transaction.atomic():
        ours = {key for key, state in template_state(event).items() if state in ("meetup", "outdated")}
        stash = {"settings": {}, "rules": {}}
        for key, raw in _own_settings(event).items():
            # the plugin's own templates (their subjects have no placeholder) and any text with one
            if key.startswith(SETTINGS_PREFIX) or not isinstance(raw, str) or (
                    tokens.MARK not in raw and key not in ours):
                continue
            if key in ours:
                event.settings.delete(key)  # back to pretix's default text
                written = None
            else:
                written = _stripped(raw)
                event.settings.set(key, _as_setting(written))
            stash["settings"][key] = {"original": raw, "written": written}
        for rule in _rules(event):
            texts = _rule_texts(rule)
            if tokens.MARK not in json.dumps(texts):
                continue
            rule.subject = LazyI18nString(json.loads(_stripped(json.dumps(texts["subject"]))))
            rule.template = LazyI18nString(json.loads(_stripped(json.dumps(texts["template"]))))
            rule.save(update_fields=["subject", "template"])
            stash["rules"][str(rule.pk)] = {"original": texts, "written": _rule_texts(rule)}
        if stash["settings"] or stash["rules"]:
            event.settings.set(STASH_KEY, stash)
    event.cache.clear()


def _as_setting(raw: str):
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    return LazyI18nString(data) if isinstance(data, dict) else raw


def _same_json(a, b) -> bool:
    def load(value):
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
    return load(a) == load(b)


def restore_pretix_texts(event):
    """Called by pretix when the plugin is enabled for ``event``: what ``remove_from_pretix_texts`` took
    out comes back where the organiser has not written something else since."""
    if event.pk is None:  # pretix's event wizard enables plugins before the first save
        return
    stash = event.settings.get(STASH_KEY, as_type=dict) or {}
    with transaction.atomic():
        current = _own_settings(event)
        for key, entry in (stash.get("settings") or {}).items():
            now = current.get(key)
            if (entry["written"] is None and now is None) or \
                    (entry["written"] is not None and _same_json(now, entry["written"])):
                event.settings.set(key, _as_setting(entry["original"]))
            else:
                logger.info("Not restoring %s of event %s: changed while the plugin was off", key, event.pk)
        rules = {str(rule.pk): rule for rule in _rules(event)}
        for pk, entry in (stash.get("rules") or {}).items():
            rule = rules.get(pk)
            if rule is not None and _same_json(_rule_texts(rule), entry["written"]):
                rule.subject = LazyI18nString(entry["original"]["subject"])
                rule.template = LazyI18nString(entry["original"]["template"])
                rule.save(update_fields=["subject", "template"])
        if stash:
            event.settings.delete(STASH_KEY)
        sync_essentials_token(event)
    event.cache.clear()
