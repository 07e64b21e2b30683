"""locust's headless pass/fail against a real server (tiny model, subprocess, loopback), both ways."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from benchmarks.service import ROOT, ServerProcess

pytestmark = pytest.mark.skipif(shutil.which("locust") is None, reason="locust is not installed")


@pytest.fixture(scope="module")
def server(tiny_model_dir):
    with ServerProcess(tiny_model_dir, start_timeout_s=60) as running:
        yield running


def run_locust(server: ServerProcess, **limits: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "VERDICT_BUCKET": "40", **limits}
    cmd = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "-u",
        "4",
        "-r",
        "4",
        "-t",
        "3s",
        "--only-summary",
        "--host",
        f"grpc://{server.address}",
    ]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=45)


def test_passes_under_a_loose_p99_limit(server):
    result = run_locust(server, VERDICT_MAX_P99_MS="20000", VERDICT_MAX_ERROR_RATE="0.01")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "verdict load test PASS" in result.stdout + result.stderr
    assert "grpc" in result.stdout + result.stderr and "Classify" in result.stdout + result.stderr


def test_fails_under_an_impossible_p99_limit(server):
    result = run_locust(server, VERDICT_MAX_P99_MS="0.001")
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "verdict load test FAIL: p99" in result.stdout + result.stderr
