"""A change notice to 200 orders through real Redis, pretix's celery worker and a real SMTP server;
the worker is killed halfway and restarted, and every order still gets exactly one notice."""
import email
import email.policy
import sqlite3
import time
from collections import Counter

import pytest

from demo.smtp_sink import start_sink

from .conftest import prerequisite_missing
from .stack import Redis, Worker, migrated_database, redis_binary, run_django, write_config

pytestmark = pytest.mark.e2e
ORDERS = 200


def receipts(db, version):
    with sqlite3.connect(db, timeout=30) as connection:
        count = connection.execute(
            "SELECT COUNT(*) FROM pretix_oicmeetup_announcementreceipt WHERE version_id = ?", (version,)
        ).fetchone()[0]
        finished = connection.execute(
            "SELECT notice_finished FROM pretix_oicmeetup_announcementversion WHERE id = ?", (version,)
        ).fetchone()[0]
    return count, finished is not None


def mails_not_sent_yet(db) -> int:
    """pretix's outgoing mail queue: emails still to go out (queued, being sent, awaiting a retry)."""
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT COUNT(*) FROM pretixbase_outgoingmail WHERE status IN "
                                  "('queued', 'inflight', 'awaiting_retry')").fetchone()[0]


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(message)


def recipients(mail_dir):
    found = Counter()
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Subject"].strip().startswith("Kurzfristige Änderung")
        found[message["To"]] += 1
    return found


@pytest.fixture
def redis(tmp_path):
    if redis_binary() is None:
        prerequisite_missing("redis-server is not installed (apt-get install redis-server); the celery "
                             "end-to-end test needs a real Redis. .ci/run installs it.")
    server = Redis(tmp_path)
    yield server
    server.stop()


def test_notice_survives_a_killed_worker(tmp_path, redis):
    sink = start_sink(tmp_path / "mail")
    # the broker's visibility timeout stays at its default (1 h): the plugin resumes the notice itself
    config = write_config(tmp_path, redis_url=redis.url, smtp_port=sink.port)
    db = tmp_path / "data" / "db.sqlite3"
    workers = []
    started = time.monotonic()

    def step(name):
        print(f"{time.monotonic() - started:6.1f}s {name}", flush=True)

    try:
        migrated_database(config)
        step("schema created")
        run_django(config, "tests/e2e/notice_cli.py", "setup", str(ORDERS))
        step(f"{ORDERS} orders")
        workers.append(Worker(config, tmp_path / "worker-1.log"))
        version = int(run_django(config, "tests/e2e/notice_cli.py", "send").strip())

        wait_until(lambda: receipts(db, version)[0] >= ORDERS // 4, 180, "the first worker never got going")
        workers[0].kill()
        told_at_kill = receipts(db, version)[0]
        step(f"worker killed after {told_at_kill} orders")
        assert told_at_kill < ORDERS, "the notice was done before the worker could be killed"

        workers.append(Worker(config, tmp_path / "worker-2.log"))
        wait_until(lambda: receipts(db, version) == (ORDERS, True), 240,
                   f"the restarted worker did not finish the notice: {receipts(db, version)}")
        step("notice finished")
        wait_until(lambda: sum(recipients(tmp_path / "mail").values()) >= ORDERS, 240,
                   f"only {sum(recipients(tmp_path / 'mail').values())} notices arrived")
        wait_until(lambda: mails_not_sent_yet(db) == 0, 60, "emails are left in pretix's queue")
        step("all mail delivered, nothing left in the queue")  # so no email can arrive twice later
        found = recipients(tmp_path / "mail")
        assert len(found) == ORDERS
        assert set(found.values()) == {1}, {k: v for k, v in found.items() if v != 1}
    finally:
        for worker in workers:
            worker.stop()
        sink.stop()
