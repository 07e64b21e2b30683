"""A port another server holds: a clear error and exit 2 before anything is written."""

from __future__ import annotations

import re

import pytest

from tests.faults.servers import Server

pytestmark = pytest.mark.faults


def test_a_busy_grpc_or_metrics_port_exits_2_and_writes_nothing(tmp_path):
    first = Server(tmp_path, name="first")
    try:
        first.wait_listening()
        metrics_port = int(re.search(r"metrics\s+http://[\d.]+:(\d+)/metrics", first.text()).group(1))
        for name, flags, message in (
            ("grpc", ("--port", str(first.port)), f"cannot listen on 127.0.0.1:{first.port}"),
            (
                "metrics",
                ("--metrics-port", str(metrics_port)),
                f"cannot serve /metrics on 127.0.0.1:{metrics_port}",
            ),
        ):
            second = Server(tmp_path, name=name, args=flags)
            assert second.wait(120) == 2, second.text()[-2000:]
            assert message in second.text()
            assert not list(tmp_path.glob(f"{name}.sqlite*"))  # no database, no generated keys
        assert first.proc.poll() is None  # the first server is untouched
    finally:
        first.stop()
