"""Real `verdict serve` processes for the fault suite, bounded client load against them, and the audit
log read back the way an operator would (`verdict audit verify`, then the records themselves).

Every server listens on 127.0.0.1 with ports picked by the kernel (port 0: it prints the one it got),
serves the shipped model on the CPU, and writes its audit log under the test's tmp_path.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
LISTENING = re.compile(r"verdict listening on [\d.]+:(\d+)")
START_TIMEOUT_S = 180.0  # loading the model on two busy cores
TEXTS = (
    "Sure, the meeting moved to Thursday at 3pm in room 4.",
    "You can reach our support desk at help@example.org any weekday.",
    "Here is a summary of the quarterly report you asked for.",
    "My card is 4111 1111 1111 1111, expiring 09/29.",
)


def verdict_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "verdict.cli", *args]


class Server:
    """`verdict serve` as a child process; its output goes to `<name>.log`."""

    def __init__(
        self,
        tmp: Path,
        *,
        name: str = "server",
        db: Path | None = None,
        args: Sequence[str] = (),
        env: dict[str, str] | None = None,
        preexec_fn: Callable[[], None] | None = None,
        argv: Sequence[str] | None = None,
    ) -> None:
        self.db = db or tmp / f"{name}.sqlite"
        self.log = tmp / f"{name}.log"
        command = argv or verdict_argv(
            "serve",
            "--repository",
            str(REPO / "models"),
            "--device",
            "cpu",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--metrics-port",
            "0",
            "--audit-path",
            str(self.db),
            *args,
        )
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=tmp,
                env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **(env or {})},
                preexec_fn=preexec_fn,
            )
        self.port = 0

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_listening(self, timeout: float = START_TIMEOUT_S) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = LISTENING.search(self.text())
            if found:
                self.port = int(found.group(1))
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.text()[-4000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"server not listening after {timeout}s:\n{self.text()[-4000:]}")

    def wait_for_log(self, pattern: str, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text()):
                return True
            time.sleep(0.1)
        return False

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 60.0) -> int:
        return self.proc.wait(timeout)

    def stop(self) -> None:
        """Teardown: whatever state the test left it in, the process is gone afterwards."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)


@dataclass
class Load:
    """What the clients saw: request ids answered OK, and every failure by status code."""

    ok: list[str] = field(default_factory=list)
    failed: Counter = field(default_factory=Counter)
    failed_ids: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


async def drive(
    port: int,
    *,
    seconds: float,
    clients: int = 8,
    prefix: str = "r",
    tenant: str = "",
    timeout_s: float = 30.0,
    stop: asyncio.Event | None = None,
    stop_after_failures: int | None = None,
) -> Load:
    """`clients` concurrent callers, each sending one Classify after another (as `tenant`), for at most
    `seconds` (or until `stop` is set, or `stop_after_failures` calls have failed)."""
    load = Load()
    deadline = time.monotonic() + seconds
    stop = stop or asyncio.Event()

    async def client(k: int, stub) -> None:
        i = 0
        while time.monotonic() < deadline and not stop.is_set():
            request_id = f"{prefix}{k}-{i}"
            i += 1
            try:
                await stub.Classify(
                    pb.ClassifyRequest(text=TEXTS[i % len(TEXTS)], request_id=request_id, tenant=tenant),
                    timeout=timeout_s,
                )
            except grpc.aio.AioRpcError as exc:
                load.failed[exc.code().name] += 1
                load.failed_ids.append(request_id)
                if len(load.details) < 20:
                    load.details.append(f"{exc.code().name}: {exc.details()}")
                if stop_after_failures is not None and len(load.failed_ids) >= stop_after_failures:
                    stop.set()
                if exc.code() == grpc.StatusCode.UNAVAILABLE and "audit" not in (exc.details() or ""):
                    await asyncio.sleep(0.05)  # the server is gone or going: do not spin
                continue
            load.ok.append(request_id)

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = verdict_pb2_grpc.VerdictStub(channel)
        await asyncio.gather(*(client(k, stub) for k in range(clients)))
    return load


def verify(db: Path, *args: str) -> subprocess.CompletedProcess:
    """`verdict audit verify --db` as an operator runs it (keys beside the database, or named in `args`)."""
    return subprocess.run(
        verdict_argv("audit", "verify", "--db", str(db), *args),
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def kinds(db: Path) -> dict[str, int]:
    """How many records of each kind (verdict, start, refusal, gap...) the store holds."""
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT kind, COUNT(*) FROM audit_records GROUP BY kind").fetchall())
    finally:
        conn.close()


def recorded(db: Path) -> dict[str, dict]:
    """request_id -> {"action", "release"} of every verdict record in the store."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT request_id, action, extra FROM audit_records WHERE kind = 'verdict'")
        return {rid: {"action": action, **json.loads(extra)} for rid, action, extra in rows}
    finally:
        conn.close()
