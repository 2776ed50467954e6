"""Values that live for one request (or one celery task): pretix gives each a request id
(``RequestIdMiddleware``, also set in tasks), so a value found under another id is from an earlier
request in the same thread and is dropped. Outside a request there is no memo. The memo is also dropped
when a request starts and ends, since a request id can come from a header (``request_id_header``)."""
from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

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


@receiver(request_started, dispatch_uid="oicmeetup_request_started")
@receiver(request_finished, dispatch_uid="oicmeetup_request_finished")
def drop_request_memo(**kwargs):
    _local.memo = None
