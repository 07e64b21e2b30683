"""A backend that faults mid-traffic: the failed calls get UNAVAILABLE and no record, the others are
answered and recorded, and the server keeps serving."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from tests.faults.servers import Server, drive, recorded, verify

pytestmark = pytest.mark.faults

FAULTY = Path(__file__).with_name("faulty_serve.py")


async def test_backend_exceptions_fail_only_their_calls(tmp_path):
    db = tmp_path / "audit.sqlite"
    s = Server(tmp_path, db=db, argv=[sys.executable, str(FAULTY), str(db), "5"])
    try:
        s.wait_listening()
        load = await drive(s.port, seconds=4.0, clients=4, prefix="b")
        assert load.ok and load.failed, (len(load.ok), load.failed)
        assert set(load.failed) <= {"UNAVAILABLE", "INTERNAL"}, load.details
        assert all("injected backend fault" in d for d in load.details), load.details
        assert s.proc.poll() is None  # still serving
        s.signal(signal.SIGTERM)
        assert await asyncio.to_thread(s.wait, 60) == 0
    finally:
        s.stop()
    stored = recorded(db)
    assert set(load.ok) <= set(stored)
    assert not set(load.failed_ids) & set(stored)  # a failed call leaves no verdict (never an ALLOW)
    assert verify(db).returncode == 0
