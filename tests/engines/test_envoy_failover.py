"""Envoy as the load balancer of three verdict replicas (deploy/envoy/replicas.yaml): client threads call
Classify through Envoy while one replica is killed with SIGKILL, and no call fails.

Each replica is a real `verdict serve` on the shipped model with its own SQLite audit log. The calls the
dead replica held are retried by Envoy on the others, active gRPC health checks and outlier detection take
it out of the rotation, and the two that remain answer everything after it, each writing the audit record
of every call it answered.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import grpc
import pytest

from tests.engines import envoy_setup
from tests.engines.chat import CARD, ORDINARY
from tests.engines.processes import Processes
from verdict.serving.client import VerdictClient

pytestmark = pytest.mark.engines

REPLICAS = ("replica-1", "replica-2", "replica-3")
CLUSTER = "verdict"
# (text, the action the shipped policy gives it): every answer is checked, so a replica that answered
# wrongly, or an empty answer, fails the test as an error would
TEXTS = (
    (ORDINARY, "ALLOW"),
    (f"Your card {CARD} is on file.", "REDACT"),
    # a longer answer keeps a call in flight on each replica for a while, so the killed one holds calls
    (" ".join([ORDINARY] * 40) + f" Card {CARD}.", "REDACT"),
)
THREADS = 4
MAX_CALLS_PER_THREAD = 2_000  # the load is bounded even if a wait below never ends
CALL_TIMEOUT_S = 60.0  # a slow, shared CPU is no failover failure
WAIT_S = 180.0


@dataclass
class Load:
    """THREADS blocking clients calling Classify through Envoy in a loop until stopped."""

    address: str
    calls: list[tuple[str, float, float, str]] = field(default_factory=list)  # (id, sent, answered, action)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (request id, what went wrong)
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._worker, args=(n,), daemon=True) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        return threads

    def _worker(self, n: int) -> None:
        with VerdictClient(self.address, timeout=CALL_TIMEOUT_S) as client:
            for i in range(MAX_CALLS_PER_THREAD):
                if self.stop.is_set():
                    return
                text, expected = TEXTS[(n + i) % len(TEXTS)]
                request_id = f"failover-{n}-{i}"
                sent = time.monotonic()
                try:
                    action = client.classify(text, request_id=request_id).action
                except grpc.RpcError as exc:
                    with self._lock:
                        self.failures.append((request_id, f"{exc.code().name}: {exc.details()}"))
                    continue
                with self._lock:
                    self.calls.append((request_id, sent, time.monotonic(), action))
                    if action != expected:
                        self.failures.append((request_id, f"{action}, expected {expected}"))

    def answered(self) -> int:
        with self._lock:
            return len(self.calls)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout}s: {what}")
        time.sleep(0.02)


def audited_request_ids(processes: Processes, name: str) -> set[str]:
    path = processes.log_dir / f"{name}-audit.sqlite"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {row[0] for row in db.execute("SELECT request_id FROM audit_records")}


@pytest.fixture(scope="module")
def replica_ports(start_verdict, processes) -> dict[str, int]:
    with ThreadPoolExecutor(len(REPLICAS)) as pool:  # the three load their models at the same time
        addresses = list(pool.map(start_verdict, REPLICAS))
    return {name: int(address.rsplit(":", 1)[1]) for name, address in zip(REPLICAS, addresses)}


@pytest.fixture(scope="module")
def balancer(engines, processes, replica_ports) -> envoy_setup.Envoy:
    document = envoy_setup.replicas_config(list(replica_ports.values()))
    envoy = envoy_setup.start(processes, engines.envoy, "envoy-replicas", document)
    wait_until(
        lambda: all(host.healthy for host in envoy.hosts(CLUSTER).values()),
        "Envoy's health checks pass on every replica",
    )
    return envoy


def test_killing_a_replica_under_load_fails_no_call(balancer, processes, replica_ports):
    victim, *survivors = REPLICAS
    load = Load(f"127.0.0.1:{balancer.port('verdict_grpc')}")
    threads = load.run()
    try:
        wait_until(
            lambda: all(h.stats.get("rq_success", 0) >= 5 for h in balancer.hosts(CLUSTER).values()),
            "every replica answered 5 calls through Envoy",
        )
        # SIGKILL while the victim holds a call, so Envoy must retry it elsewhere
        victim_port = replica_ports[victim]
        wait_until(
            lambda: balancer.hosts(CLUSTER)[victim_port].stats.get("rq_active", 0) >= 1,
            "the victim holds a call",
        )
        processes.named(victim).kill()
        killed_at = time.monotonic()
        at_kill = balancer.hosts(CLUSTER)
        wait_until(lambda: not balancer.hosts(CLUSTER)[victim_port].healthy, "Envoy takes the victim out")
        wait_until(
            lambda: all(
                balancer.hosts(CLUSTER)[replica_ports[s]].stats.get("rq_success", 0)
                >= at_kill[replica_ports[s]].stats.get("rq_success", 0) + 20
                for s in survivors
            ),
            "each survivor answered 20 more calls after the kill",
        )
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(CALL_TIMEOUT_S + 10)
    retries = balancer.counter(f"cluster.{CLUSTER}.upstream_rq_retry")

    assert not any(thread.is_alive() for thread in threads)
    assert load.failures == [], f"{len(load.failures)} failed calls of {load.answered()}, {retries} retried"
    assert retries >= 1, "the victim held a call when it was killed; Envoy should have retried it"
    after_kill = [call for call in load.calls if call[1] > killed_at]
    assert len(after_kill) >= 40
    victim_host = balancer.hosts(CLUSTER)[victim_port]
    assert victim_host.health.get("failed_active_health_check") or victim_host.health.get(
        "failed_outlier_check"
    )

    # every call sent after the kill was answered by a survivor, which wrote its audit record
    for name in survivors:
        processes.named(name).stop()  # SIGTERM: the sink commits what it holds
    audited = set().union(*(audited_request_ids(processes, name) for name in survivors))
    assert {call[0] for call in after_kill} <= audited
    assert all(audited_request_ids(processes, name) for name in survivors)
