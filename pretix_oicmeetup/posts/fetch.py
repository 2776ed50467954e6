"""Fetching a post from a URL: bounded in size and time, never into private networks.

pretix already guards every outgoing connection (``pretix.helpers.monkeypatching``: after name
resolution, loopback, private, link-local and CGNAT addresses are refused with a low-level urllib3
error). This module checks the same rule (``should_block_access``) before connecting, so the organiser
gets a clear message, follows redirects itself so every hop is checked, and turns pretix's low-level
error, should a name re-resolve differently (DNS rebinding), into the same clear message.
``ALLOW_HTTP_TO_PRIVATE_NETWORKS`` (pretix's setting, used by tests) turns both checks off.

Names are resolved by ``resolve`` and the setting is read by ``private_networks_allowed``: tests replace
them to play a public name that redirects into a private network, without changing the machine's network.
The text is decoded in the charset the server names, else as UTF-8 (which markdown files are), not as
ISO-8859-1, which HTTP/1.1 once made the default for text/*.
"""
import email.message
import socket
import time
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _

from pretix.helpers.ssrf import should_block_access

MAX_BYTES = 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 5


class FetchError(Exception):
    pass


def _check_url(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(_("Only web addresses starting with http:// or https:// can be imported."))
    if not parts.hostname:
        raise FetchError(_("The web address has no host name."))
    if private_networks_allowed():
        return
    try:
        addresses = resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError, ValueError):
        raise FetchError(_("The host name {host} could not be found.").format(host=parts.hostname)) from None
    for address in addresses:
        blocked, _reason = should_block_access(address)
        if blocked:
            raise _private_address(parts.hostname)


def resolve(host: str, port: int) -> list[tuple]:
    """The socket addresses ``host`` resolves to (the guard checks each of them)."""
    return [info[4] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def private_networks_allowed() -> bool:
    return bool(getattr(settings, "ALLOW_HTTP_TO_PRIVATE_NETWORKS", False))


def _private_address(host) -> FetchError:
    return FetchError(_(
        "{host} is in a private or local network. Only public web addresses can be imported."
    ).format(host=host))


def fetch_text(url: str) -> str:
    url = (url or "").strip()
    deadline = time.monotonic() + TIMEOUT_SECONDS
    with requests.Session() as session:
        session.trust_env = False  # no proxies from the environment: the guard must see the real address
        for _hop in range(MAX_REDIRECTS + 1):
            _check_url(url)
            response = _get(session, url, deadline)
            with response:
                if response.is_redirect:
                    location = response.headers.get("Location", "")
                    url = urljoin(url, location)
                    continue
                if response.status_code != 200:
                    raise FetchError(_("The server answered with status {status} instead of the post.").format(
                        status=response.status_code))
                return _read_limited(response, deadline)
    raise FetchError(_("The web address redirects too often."))


def _get(session, url, deadline):
    host = urlsplit(url).hostname
    remaining = max(0.5, deadline - time.monotonic())
    try:
        return session.get(url, stream=True, allow_redirects=False, timeout=(min(5, remaining), remaining),
                           headers={"Accept": "text/markdown, text/plain;q=0.9, */*;q=0.5"})
    except urllib3.exceptions.HTTPError as e:
        if "blocked" in str(e):  # pretix's guard, after a different name resolution
            raise _private_address(host) from None
        raise FetchError(_("The web address could not be fetched.")) from None
    except requests.Timeout:
        raise FetchError(_("The server did not answer within {seconds} seconds.").format(
            seconds=TIMEOUT_SECONDS)) from None
    except requests.RequestException:
        raise FetchError(_("The server could not be reached.")) from None


def _read_limited(response, deadline) -> str:
    too_large = FetchError(_("The post is larger than 1 MB."))
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_BYTES:
        raise too_large
    chunks, size = [], 0
    try:
        # read1 returns whatever arrived, so a server dripping bytes is cut off at the deadline
        while chunk := response.raw.read1(16 * 1024, decode_content=True):
            size += len(chunk)
            if size > MAX_BYTES:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchError(_("The server did not send the post within {seconds} seconds.").format(
                    seconds=TIMEOUT_SECONDS))
            chunks.append(chunk)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
        raise FetchError(_("The server did not send the post within {seconds} seconds.").format(
            seconds=TIMEOUT_SECONDS)) from None
    data = b"".join(chunks)
    charset = declared_charset(response.headers.get("Content-Type", ""))
    try:
        return data.decode(charset or "utf-8-sig")
    except (UnicodeDecodeError, LookupError):
        if charset:
            raise FetchError(_("The post is not readable text in the charset {charset} its server names.").format(
                charset=charset)) from None
        raise FetchError(_("The post is not readable text (UTF-8 expected).")) from None


def declared_charset(content_type: str) -> str | None:
    """The charset a Content-Type header names, if it names one ("text/markdown" names none)."""
    message = email.message.Message()
    message["Content-Type"] = content_type or ""
    charset = message.get_param("charset")
    return charset.strip().strip('"') or None if isinstance(charset, str) else None
