"""The sink's receipts: resolved only once the record has committed, in groups; dropped and noted records."""

from __future__ import annotations

import threading
import time

from tests.governance.test_audit import FlakyStore, record
from verdict.governance.audit import AuditSink, verify_chain
from verdict.governance.audit.sink import RELEASED_EARLY, WITHHELD
from verdict.governance.audit.sqlite import SQLiteAuditStore


class Watching(FlakyStore):
    """A real store that counts its transactions and can be held, like a slow disk."""

    def __init__(self, inner):
        super().__init__(inner)
        self.commits: list[int] = []
        self.hold = threading.Event()
        self.hold.set()

    def append(self, records, texts=None, **kw):
        self.hold.wait(30)
        if self.down:
            raise ConnectionError("audit store unreachable")
        self.inner.append(records, texts, **kw)
        self.commits.append(len(records))


def test_a_receipt_resolves_only_after_its_record_is_in_the_store(tmp_path):
    path = tmp_path / "a.db"
    store = Watching(SQLiteAuditStore(path))
    store.hold.clear()
    sink = AuditSink(store, instance="i0")
    receipt = sink.submit(record(1))
    time.sleep(0.2)
    assert not receipt.done()  # the transaction has not committed: nothing to acknowledge yet
    store.hold.set()
    assert receipt.result(timeout=10) is True
    # committed means readable by another connection, at the moment the receipt says so
    assert [r.request_id for r in SQLiteAuditStore(path, create=False).records()] == ["req-1"]
    sink.close()


def test_concurrent_records_commit_in_groups(tmp_path):
    store = Watching(SQLiteAuditStore(tmp_path / "a.db"))
    sink = AuditSink(store, instance="i0")
    receipts: list = []
    lock = threading.Lock()

    def client(k: int) -> None:
        for i in range(50):
            receipt = sink.submit(record(k * 1000 + i))
            assert receipt.result(timeout=30) is True  # each client waits, as a request does
            with lock:
                receipts.append(receipt)

    store.hold.clear()  # the first commit is slow: the others gather behind it
    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    store.hold.set()
    for t in threads:
        t.join(60)
    sink.close()
    assert len(receipts) == 400 and sum(store.commits) == 400
    assert max(store.commits) > 1 and len(store.commits) < 400  # grouped, not one transaction each
    records = list(SQLiteAuditStore(tmp_path / "a.db").records())
    assert len(records) == 400 and verify_chain(records).ok


def test_dropped_and_abandoned_receipts_resolve_false(tmp_path):
    store = Watching(SQLiteAuditStore(tmp_path / "a.db"))
    store.down = True
    sink = AuditSink(store, instance="i0", max_buffer=5, retry_initial_s=0.01, retry_max_s=0.05)
    receipts = [sink.submit(record(i)) for i in range(20)]
    dropped = [r for r in receipts if r.dropped]
    assert 10 <= len(dropped) <= 15 and all(r.result(0) is False for r in dropped)
    assert not sink.close(timeout=0.5)  # the store never came back
    assert all(r.done() and r.result(0) is False for r in receipts)  # none left hanging


def test_a_noted_record_says_how_its_verdict_left(tmp_path):
    store = Watching(SQLiteAuditStore(tmp_path / "a.db"))
    store.down = True
    sink = AuditSink(store, instance="i0", retry_initial_s=0.01, retry_max_s=0.05)
    early, withheld, plain = (sink.submit(record(i)) for i in range(3))
    sink.note(early, RELEASED_EARLY)
    sink.note(withheld, WITHHELD)
    health = sink.health()
    assert (health.released_early, health.withheld) == (1, 1)
    store.down = False  # the store is back: the buffered batch is re-chained with the notes
    assert plain.result(timeout=10) and early.result(0) and withheld.result(0)
    sink.close()
    records = {r.request_id: r for r in SQLiteAuditStore(tmp_path / "a.db").records()}
    assert records["req-0"].extra["release"] == "released_before_durable"
    assert records["req-1"].extra["release"] == "withheld"
    assert "release" not in records["req-2"].extra
    assert verify_chain(list(records.values())).ok
