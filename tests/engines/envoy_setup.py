"""The shipped Envoy config (deploy/envoy/envoy.yaml), pointed at loopback processes, and a real Envoy on it.

Only addresses change: listeners and the admin bind 127.0.0.1 port 0 (Envoy reports the ports it got),
the LLM cluster points at the mock upstream in clear text, and the processor and verdict clusters at the
test's processes. Filters, processing modes, timeouts, health checks and retries are the shipped ones.
`replicas_config` does the same for deploy/envoy/replicas.yaml, the load balancer of several replicas.
"""

from __future__ import annotations

import copy
import json
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.engines.processes import REPO, Process, Processes

SHIPPED = REPO / "deploy" / "envoy" / "envoy.yaml"
REPLICAS = REPO / "deploy" / "envoy" / "replicas.yaml"


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


def replicas_config(verdict_ports: list[int]) -> dict:
    """deploy/envoy/replicas.yaml on loopback: the `verdict` cluster's one DNS name becomes these ports."""
    document = yaml.safe_load(REPLICAS.read_text())
    resources = document["static_resources"]
    for listener in resources["listeners"]:
        listener["address"] = {"socket_address": {"address": "127.0.0.1", "port_value": 0}}
    (cluster,) = resources["clusters"]
    cluster["type"] = "STATIC"
    for dns_only in ("dns_refresh_rate", "respect_dns_ttl"):
        cluster.pop(dns_only)
    cluster["load_assignment"]["endpoints"] = [_endpoints(verdict_ports)]
    document["admin"]["address"]["socket_address"]["port_value"] = 0
    return document


@dataclass(frozen=True, slots=True)
class Host:
    """One upstream host of a cluster as Envoy's admin API reports it."""

    port: int
    stats: dict[str, int]  # counters and gauges: rq_success, rq_error, rq_active, cx_connect_fail, ...
    health: dict[str, object]

    @property
    def healthy(self) -> bool:
        return self.health.get("eds_health_status") == "HEALTHY" and not any(
            value for name, value in self.health.items() if name.startswith("failed_")
        )


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

    def hosts(self, cluster: str) -> dict[int, Host]:
        """The cluster's hosts by port, with their stats and health flags (failed_active_health_check, ...)."""
        statuses = json.loads(self.admin("/clusters?format=json"))["cluster_statuses"]
        (status,) = [s for s in statuses if s["name"] == cluster]
        return {
            host["address"]["socket_address"]["port_value"]: Host(
                port=host["address"]["socket_address"]["port_value"],
                stats={stat["name"]: int(stat.get("value", 0)) for stat in host["stats"]},
                health=host.get("health_status", {}),
            )
            for host in status.get("host_statuses", [])
        }

    def counter(self, name: str) -> int:
        """One of Envoy's counters (`cluster.verdict.upstream_rq_retry`), 0 when it has not counted yet."""
        values = json.loads(self.admin(f"/stats?format=json&filter=^{name}$"))["stats"]
        return sum(int(s.get("value", 0)) for s in values if s.get("name") == name)

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
