"""Real processes for the engine tests: started, waited on until they say where they listen, stopped."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port free now, for servers that cannot report the port they bound (uvicorn)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A child process whose output goes to a log file; `wait_for` reads the log for a line."""

    def __init__(self, name: str, argv: Sequence[str], log_dir: Path, *, env: dict[str, str] | None = None):
        self.name, self.log = name, log_dir / f"{name}.log"
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            list(argv),
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=REPO,
            start_new_session=True,
        )

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match:
        """The first match of `pattern` in the output; fails with the log's tail if the process dies."""
        expression, deadline = re.compile(pattern), time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = expression.search(self.text())
            if found:
                return found
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}")
            time.sleep(0.05)
        raise TimeoutError(f"{self.name}: no {pattern!r} within {timeout}s:\n{self.tail()}")

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, chars: int = 4000) -> str:
        return self.text()[-chars:]

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        self._out.close()

    def kill(self) -> None:
        """SIGKILL, as a crashed replica would stop."""
        self.proc.kill()
        self.proc.wait(10)


class Processes:
    """The processes one fixture started, stopped in reverse order."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir, self._started = log_dir, []
        self._lock = threading.Lock()

    def start(self, name: str, argv: Sequence[str], **kwargs) -> Process:
        process = Process(name, argv, self.log_dir, **kwargs)
        with self._lock:
            self._started.append(process)
        return process

    def named(self, name: str) -> Process:
        """The process started as `name` (the last one, if the name was used twice)."""
        with self._lock:
            return next(p for p in reversed(self._started) if p.name == name)

    def python(self, name: str, *args: str, **kwargs) -> Process:
        return self.start(name, [sys.executable, *args], **kwargs)

    def stop_all(self) -> None:
        for process in reversed(self._started):
            process.stop()
