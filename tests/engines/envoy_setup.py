"""The shipped Envoy config (deploy/envoy/envoy.yaml), pointed at loopback processes, and a real Envoy on it.

Only addresses change: listeners and the admin bind 127.0.0.1 port 0 (Envoy reports the ports it got),
the LLM cluster points at the mock upstream in clear text, and the processor and verdict clusters at the
test's processes. Filters, processing modes, timeouts, health checks and retries are the shipped ones.
"""

from __future__ import annotations

import copy
import json
import time
import urllib.request
from pathlib import Path

import yaml

from tests.engines.processes import REPO, Process, Processes

SHIPPED = REPO / "deploy" / "envoy" / "envoy.yaml"


def _endpoints(ports: list[int]) -> dict:
    return {
        "lb_endpoints": [
            {"endpoint": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": p}}}}
            for p in ports
        ]
    }


def config(*, upstream_port: int, ext_proc_port: int, verdict_ports: list[int] | None = None) -> dict:
    """The shipped config on loopback. Without verdict_ports the verdict load-balancer listener is left out."""
    document = copy.deepcopy(yaml.safe_load(SHIPPED.read_text()))
    resources = document["static_resources"]
    for listener in resources["listeners"]:
        listener["address"] = {"socket_address": {"address": "127.0.0.1", "port_value": 0}}
    clusters = {c["name"]: c for c in resources["clusters"]}
    llm = clusters["llm_upstream"]
    llm.pop("transport_socket")
    llm["type"] = "STATIC"
    llm["load_assignment"]["endpoints"] = [_endpoints([upstream_port])]
    for name, ports in (("verdict_ext_proc", [ext_proc_port]), ("verdict", verdict_ports)):
        if ports is None:
            continue
        clusters[name]["type"] = "STATIC"
        clusters[name]["load_assignment"]["endpoints"] = [_endpoints(ports)]
    if verdict_ports is None:
        resources["listeners"] = [x for x in resources["listeners"] if x["name"] != "verdict_grpc"]
        resources["clusters"] = [c for c in resources["clusters"] if c["name"] != "verdict"]
    document["admin"]["address"]["socket_address"]["port_value"] = 0
    return document


class Envoy:
    """A started Envoy: `port(listener)` is where a listener is bound, `admin(path)` reads its admin API."""

    def __init__(self, process: Process, admin_address: str) -> None:
        self.process, self.admin_address = process, admin_address
        self.ports = {
            status["name"]: status["local_address"]["socket_address"]["port_value"]
            for status in json.loads(self.admin("/listeners?format=json"))["listener_statuses"]
        }

    def port(self, listener: str = "llm_ingress") -> int:
        return self.ports[listener]

    def admin(self, path: str) -> str:
        with urllib.request.urlopen(f"http://{self.admin_address}{path}", timeout=5) as response:
            return response.read().decode()


def start(processes: Processes, binary: Path, name: str, document: dict, timeout: float = 60.0) -> Envoy:
    path = processes.log_dir / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    admin_file = processes.log_dir / f"{name}.admin"
    admin_file.unlink(missing_ok=True)
    process = processes.start(
        name,
        [
            str(binary),
            "-c",
            str(path),
            "--use-dynamic-base-id",
            "--concurrency",
            "1",
            "--log-level",
            "warning",
            "--admin-address-path",
            str(admin_file),
        ],
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # the admin API comes up first, then /ready once clusters warmed
        if process.proc.poll() is not None:
            raise RuntimeError(f"envoy exited with {process.proc.returncode}:\n{process.tail()}")
        address = admin_file.read_text().strip() if admin_file.exists() else ""
        if address:
            try:
                with urllib.request.urlopen(f"http://{address}/ready", timeout=2) as response:
                    if response.status == 200:
                        return Envoy(process, address)
            except OSError:
                pass
        time.sleep(0.1)
    raise TimeoutError(f"envoy not ready within {timeout}s:\n{process.tail()}")
