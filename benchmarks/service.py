"""A verdict server in a subprocess on loopback, for benchmarks: its own process, so client and server
never share a GIL (on this machine they still share the CPU cores, and the results say so).

    with ServerProcess(model_dir, audit=True) as server:
        server.address          # "127.0.0.1:<port>"
        server.batch_shapes()   # {(size, width): count} so far, from /metrics
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_LISTENING = re.compile(r"verdict listening on [\d.]+:(\d+) metrics (\d+)")
_SHAPE = re.compile(r'verdict_bench_batches_total\{size="(\d+)",width="(\d+)"\} ([\d.e+]+)')
_BACKEND_S = re.compile(r"verdict_bench_backend_seconds_total ([\d.e+-]+)")


def default_model_dir(repository: Path = ROOT / "models", name: str = "verdict") -> Path:
    from verdict.runtime.manifest import resolve_model_dir

    return resolve_model_dir(repository, name)


class ServerProcess:
    def __init__(
        self,
        model_dir: str | Path,
        *,
        device: str = "cpu",
        audit: bool = True,
        extra_args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        start_timeout_s: float = 120.0,
        log_path: Path | None = None,
    ) -> None:
        self.model_dir = Path(model_dir).resolve()
        self.device, self.audit, self.extra_args = device, audit, extra_args
        self._tmp = tempfile.TemporaryDirectory(prefix="verdict-bench-")
        self.env = {**os.environ, **(env or {})}
        self.start_timeout_s = start_timeout_s
        self.log_path = log_path
        self.metrics_port = 0
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        version_dir = self.model_dir
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.serve",
            "--repository",
            str(version_dir.parent.parent),
            "--model",
            version_dir.parent.name,
            "--version",
            version_dir.name,
            "--device",
            self.device,
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--metrics-port",
            "0",
            "--log-level",
            "WARNING",
            "--audit-path",
            str(Path(self._tmp.name) / "audit.sqlite"),
            *self.extra_args,
        ]
        if not self.audit:
            cmd.append("--no-audit")
        if self.log_path is None:
            self.log_path = Path(self._tmp.name) / "server.log"
        with open(self.log_path, "w") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=log, text=True
            )
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            match = _LISTENING.search(line)
            if match:
                self.port, self.metrics_port = int(match.group(1)), int(match.group(2))
                return self
        tail = self.log_path.read_text()[-2000:]
        self.stop()
        raise RuntimeError(f"server did not start: {' '.join(cmd)}\n{tail}")

    def stop(self) -> None:
        if self.proc is None:
            self._tmp.cleanup()
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self._tmp.cleanup()

    def metrics_text(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as response:
            return response.read().decode()

    def batch_shapes(self) -> Counter:
        """(windows, padded width) -> batches run so far."""
        return Counter({(int(s), int(w)): int(float(n)) for s, w, n in _SHAPE.findall(self.metrics_text())})

    def backend_seconds(self) -> float:
        match = _BACKEND_S.search(self.metrics_text())
        return float(match.group(1)) if match else 0.0

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
