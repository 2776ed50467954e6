"""An object's settings loaded once for the length of an operation.

hierarkey (pretix's settings store) keeps an object's settings in memory once it has loaded them, and keeps
that copy up to date through its own writes. Only an object that has not loaded them while a write of them is
not committed yet loads the whole settings table again on every ``get`` (twice per ``get``): always the case
inside the write path's own transaction, and in a test, which is one transaction. ``settings_loaded_once``
loads them once, for the object and its parents (organizer, global), and keeps that copy for the operation
as hierarkey keeps the copy of an object that loaded before the write (never shared with other processes
before the commit). Afterwards the object is as it was: one that had not loaded them loads them afresh.
"""
from contextlib import contextmanager


def _chain(proxy):
    while proxy is not None:
        yield proxy
        parent = proxy._parent
        proxy = getattr(parent, proxy._h.attribute_name) if parent is not None else None


@contextmanager
def settings_loaded_once(obj):
    """``obj.settings``, loaded at most once for the ``with`` block."""
    loaded_here = []
    for proxy in _chain(obj.settings):
        if proxy._cached_obj is None:
            # ``_cache()`` is what pretix itself asks for to see what an object stores
            proxy._cached_obj = proxy._cache()
            loaded_here.append(proxy)
    try:
        yield obj.settings
    finally:
        for proxy in loaded_here:
            proxy._cached_obj = None
