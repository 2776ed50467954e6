"""Values that live for one request (or one celery task): pretix gives each a request id
(``RequestIdMiddleware``, also set in tasks), so a value found under another id is from an earlier
request in the same thread and is dropped. Outside a request there is no memo."""
from asgiref.local import Local

from pretix.helpers.logs import local as pretix_log_local

_local = Local()


def request_memo() -> dict | None:
    request_id = getattr(pretix_log_local, "request_id", None)
    if request_id is None:
        return None
    memo = getattr(_local, "memo", None)
    if memo is None or memo[0] != request_id:
        memo = (request_id, {})
        _local.memo = memo
    return memo[1]
