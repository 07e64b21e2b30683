"""Classify throughput through Envoy (deploy/envoy/replicas.yaml) against the number of verdict replicas.

    python -m benchmarks.replicas.bench --out benchmarks/replicas/results.json [--replicas 1 2 3]

For each replica count N: N servers (`benchmarks.serve`, the shipped model on CPU, audit on: each its
own SQLite log), one Envoy running deploy/envoy/replicas.yaml with its `verdict` cluster pointed at them
(the engine tests' loopback rewrite), and a closed loop (benchmarks.loadgen) of `--per-replica` calls in
flight per replica through Envoy, ~40-token outputs of the benchmark corpus. One more row calls a single
server directly, so Envoy's own cost shows. Every process's CPU seconds are recorded beside the rates:
on a small machine the replicas, Envoy and the client share the same cores, and the ratio says how much
a replica adds on this host, not on a node of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

import grpc

from benchmarks import corpus, loadgen
from benchmarks.harness import _proc_cpu, _self_cpu, machine, unary
from benchmarks.service import ServerProcess, default_model_dir
from tests.engines import envoy_setup
from tests.engines.processes import Processes
from tests.engines.provision import envoy_binary
from verdict.serving._proto import verdict_pb2_grpc as pb_grpc


async def measure(address: str, texts, *, concurrency: int, duration_s: float, pids: dict[str, int]) -> dict:
    """One closed-loop run against `address`, with the CPU seconds each of `pids` and this client used."""
    async with grpc.aio.insecure_channel(address) as channel:
        call = unary(pb_grpc.VerdictStub(channel), timeout=60.0)
        await loadgen.closed_loop(call, texts, concurrency=concurrency, duration_s=2.0, warmup_s=1.0)
        before = {name: _proc_cpu(pid) for name, pid in pids.items()}, _self_cpu()
        result = await loadgen.closed_loop(call, texts, concurrency=concurrency, duration_s=duration_s)
        cpu = {name: _proc_cpu(pid) - before[0][name] for name, pid in pids.items()}
        # the 1-minute load average: on a shared host, other work takes cores from the replicas
        return {
            **result.to_dict(),
            "cpu_s": {**cpu, "client": _self_cpu() - before[1]},
            "loadavg_1m": os.getloadavg()[0],
        }


async def run_count(
    n: int, texts, *, model_dir: Path, per_replica: int, duration_s: float, direct: bool, log_dir: Path
) -> dict:
    with contextlib.ExitStack() as stack:
        servers = [
            stack.enter_context(ServerProcess(model_dir, log_path=log_dir / f"replica-{n}-{i}.log"))
            for i in range(n)
        ]
        pids = {f"replica-{i}": server.proc.pid for i, server in enumerate(servers)}
        if direct:
            address, via = servers[0].address, "direct"
        else:
            processes = Processes(log_dir)
            stack.callback(processes.stop_all)
            document = envoy_setup.replicas_config([server.port for server in servers])
            envoy = envoy_setup.start(processes, envoy_binary(), f"envoy-{n}", document)
            pids["envoy"] = envoy.process.proc.pid
            address, via = f"127.0.0.1:{envoy.port('verdict_grpc')}", "envoy"
        row = await measure(address, texts, concurrency=per_replica * n, duration_s=duration_s, pids=pids)
        if not direct:
            hosts = envoy.hosts("verdict")
            row["calls_per_replica"] = [hosts[server.port].stats.get("rq_success", 0) for server in servers]
    return {"replicas": n, "via": via, **row}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="results JSON")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--per-replica", type=int, default=16, help="calls in flight per replica")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured per replica count")
    parser.add_argument("--n", type=int, default=2000, help="corpus size (seeded, generated)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    model_dir = default_model_dir()
    headline = corpus.by_bucket(corpus.build(args.n, args.seed))[corpus.HEADLINE_BUCKET]
    rows = []
    with tempfile.TemporaryDirectory(prefix="verdict-replicas-") as logs:
        for n, direct in [(1, True), *((n, False) for n in args.replicas)]:
            print(f"[replicas] {n} replica(s), {'direct' if direct else 'through Envoy'}", flush=True)
            started = time.monotonic()
            row = asyncio.run(
                run_count(
                    n,
                    corpus.iter_texts(headline),
                    model_dir=model_dir,
                    per_replica=args.per_replica,
                    duration_s=args.duration,
                    direct=direct,
                    log_dir=Path(logs),
                )
            )
            print(
                f"[replicas]   {row['verdicts_per_s']:.1f} verdicts/s, p99 {row['p99_ms']:.0f} ms, "
                f"{row['errors']} errors ({time.monotonic() - started:.0f} s)",
                flush=True,
            )
            rows.append(row)
    base = next(r for r in rows if r["via"] == "envoy" and r["replicas"] == 1)["verdicts_per_s"]
    for row in rows:
        row["vs_one_replica"] = row["verdicts_per_s"] / base if base else None
    result = {"machine": machine(), "model_dir": str(model_dir), "args": vars(args) | {"out": str(args.out)}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({**result, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
