"""Refusals at start, for real: a busy gRPC or metrics port stops `verdict serve` with a clear error and a
non-zero exit before anything is written (no audit key, no database), and no two servers share a port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from tests.serving.conftest import fake_loader
from verdict.runtime.errors import ConfigError
from verdict.serving.server import VerdictServer
from verdict.serving.settings import DEFAULT_AUDIT_PATH, Settings

REPO = Path(__file__).resolve().parents[2]


def _listener() -> socket.socket:
    """A TCP port held by another program (no SO_REUSEPORT), on loopback."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock


def _serve(tmp_path: Path, *flags: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("VERDICT_AUDIT_HMAC_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "verdict.cli", "serve", "--repository", str(REPO / "models")]
        + ["--device", "fake", "--host", "127.0.0.1", *flags],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _written(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


@pytest.mark.parametrize("which", ["port", "metrics-port"])
def test_serve_refuses_a_busy_port_before_writing_anything(tmp_path, which):
    held = _listener()
    try:
        busy = str(held.getsockname()[1])
        other = "0"
        flags = ["--port", busy, "--metrics-port", other] if which == "port" else ["--port", other]
        if which == "metrics-port":
            flags += ["--metrics-port", busy]
        result = _serve(tmp_path, *flags)
    finally:
        held.close()
    assert result.returncode == 2, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert f"127.0.0.1:{busy}" in out and "Traceback" not in out
    assert ("--port" in out) if which == "port" else ("--metrics-port" in out)
    assert _written(tmp_path) == []  # no HMAC key file, no audit database


async def test_a_second_server_on_the_same_port_is_refused(start_server, tmp_path):
    first = await start_server()
    audit = tmp_path / "second" / "audit.sqlite"
    second = VerdictServer(
        Settings.load(
            host="127.0.0.1",
            port=first.port,
            metrics_port=0,
            device="fake",
            watch_interval_s=0,
            audit_path=str(audit),
        ),
        loader=fake_loader(),
    )
    with pytest.raises(ConfigError, match=f"127.0.0.1:{first.port}.*in use"):
        await second.start()
    assert not audit.parent.exists()  # neither the key file nor the database


async def test_no_port_sharing_even_with_a_server_that_allows_it(start_server, tmp_path):
    """gRPC's default SO_REUSEPORT would let verdict join a port another gRPC server holds."""
    other = grpc.aio.server()  # default options: SO_REUSEPORT on
    port = other.add_insecure_port("127.0.0.1:0")
    await other.start()
    try:
        with pytest.raises(ConfigError, match="in use"):
            await start_server(port=port, audit_path=str(tmp_path / "x" / "audit.sqlite"))
    finally:
        await other.stop(0)
    assert not (tmp_path / "x").exists()


async def test_a_busy_metrics_port_is_refused_and_the_grpc_port_released(start_server, tmp_path):
    held = _listener()
    try:
        with pytest.raises(ConfigError, match="metrics_port.*--metrics-port"):
            await start_server(metrics_port=held.getsockname()[1], audit_path=str(tmp_path / "m" / "a.db"))
    finally:
        held.close()
    assert not (tmp_path / "m").exists()


def test_server_and_tools_share_one_default_audit_path():
    import argparse

    from verdict.governance.audit import DEFAULT_PATH
    from verdict.governance.audit.cli import add_arguments as verify_arguments
    from verdict.governance.audit.evidence import add_arguments as evidence_arguments

    assert Settings.load().audit_path == DEFAULT_AUDIT_PATH == DEFAULT_PATH == "verdict-audit.sqlite"
    for add in (verify_arguments, evidence_arguments):
        parser = argparse.ArgumentParser()
        add(parser)
        assert parser.get_default("db") == DEFAULT_PATH


def test_serve_takes_every_backend_kind_and_a_triton_url():
    import argparse

    from verdict.runtime.backends.select import KINDS
    from verdict.serving.main import _FLAGS, add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--device", "triton", "--triton-url", "127.0.0.1:8001"])
    settings = Settings.load(**{name: getattr(args, name, None) for name in _FLAGS})
    assert (settings.device, settings.triton_url) == ("triton", "127.0.0.1:8001")
    device = next(a for a in parser._actions if a.dest == "device")
    assert tuple(device.choices) == KINDS  # scan, eval and serve offer the same kinds


def test_an_unknown_device_is_a_config_error_naming_the_kinds():
    with pytest.raises(ConfigError, match="device.*tpu.*auto, cuda, cpu, triton, fake"):
        Settings.load(device="tpu")
