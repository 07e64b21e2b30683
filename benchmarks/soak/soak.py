"""Soak (issue 16 item 9): a real `verdict serve` under steady mixed load for ~10 minutes, sampling its
resident memory and open file descriptors from /proc, to show both stay flat. Not part of CI.

    PYTHONPATH=. python benchmarks/soak/soak.py [--minutes 10] [--clients 4] [--every 10] [--out DIR]

Load, from `--clients` callers in a closed loop: short and ~2,000-character Classify calls, a
ClassifyBatch of 8, and a streamed answer in 20 chunks, in turn. Every `--every` seconds one line:
elapsed, verdicts answered, RSS (MiB), open fds, threads. At the end, after SIGTERM: each metric's mean
over the first minute after warm-up against the last minute, and its least-squares slope after warm-up,
each against a stated tolerance (`TOLERANCES`); then `verdict audit verify` on the log the run wrote,
and its verdict records against the verdicts answered. With `--out`: `summary.json` (no per-request
logs) and `soak.png` (RSS, open files and threads over time). Exit 1 when a metric drifts past its
tolerance, the chain does not verify, or records < answered verdicts.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import grpc

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc

REPO = Path(__file__).resolve().parents[2]
SHORT = "You can reach our support desk at help@example.org any weekday, 9 to 5."
LONG = ("The quarterly report shows revenue up four percent, with costs flat and churn down. " * 24)[:2000]
KINDS = ("unary_short", "unary_long", "batch8", "stream20")
WARMUP_S = 60.0  # ONNX Runtime's arenas, gRPC's pollers and SQLite's cache settle in the first minute
WINDOW_S = 60.0
# metric -> (largest rise of the last minute's mean over the first minute's, largest slope per minute).
# 0.5 MiB/min would be ~720 MiB a day: a leak worth finding, and above the allocator's jitter seen so far.
TOLERANCES = {"rss_mib": (4.0, 0.5), "open_fds": (1.0, 0.2), "threads": (1.0, 0.2)}


@dataclass(frozen=True)
class Sample:
    elapsed_s: float
    verdicts: int
    rss_mib: float
    open_fds: int
    threads: int


@dataclass(frozen=True)
class Drift:
    metric: str
    first: float  # mean over the first minute after warm-up
    last: float  # mean over the last minute
    slope_per_min: float  # least squares over every sample after warm-up
    rise_limit: float
    slope_limit: float

    @property
    def flat(self) -> bool:
        return self.last - self.first <= self.rise_limit and self.slope_per_min <= self.slope_limit


def proc_stats(pid: int) -> tuple[float, int, int]:
    """(RSS MiB, open fds, threads) of a live process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kib = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return rss_kib / 1024.0, len(os.listdir(f"/proc/{pid}/fd")), threads


def slope_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, in value per minute; 0 for fewer than 2 times."""
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return 0.0
    return 60.0 * sum((t - mean_t) * (v - mean_v) for t, v in points) / var


def drift(
    samples: list[Sample], metric: str, warmup_s: float = WARMUP_S, window_s: float = WINDOW_S
) -> Drift:
    """First minute after warm-up vs the last minute, and the slope after warm-up, of one metric."""
    settled = [s for s in samples if s.elapsed_s >= warmup_s]
    if len(settled) < 2 or settled[-1].elapsed_s - settled[0].elapsed_s < window_s:
        raise ValueError(f"soak too short: need samples over {warmup_s + window_s:.0f} s, got {len(settled)}")
    first = [getattr(s, metric) for s in settled if s.elapsed_s < settled[0].elapsed_s + window_s]
    last = [getattr(s, metric) for s in settled if s.elapsed_s > settled[-1].elapsed_s - window_s]
    rise_limit, slope_limit = TOLERANCES[metric]
    return Drift(
        metric,
        sum(first) / len(first),
        sum(last) / len(last),
        slope_per_min([(s.elapsed_s, getattr(s, metric)) for s in settled]),
        rise_limit,
        slope_limit,
    )


async def one_call(stub, i: int) -> tuple[str, int]:
    """One call of the mix: its kind, and how many verdicts it was answered with."""
    kind = KINDS[i % 4]
    if kind == "unary_short":
        await stub.Classify(pb.ClassifyRequest(text=SHORT), timeout=60)
        return kind, 1
    if kind == "unary_long":
        await stub.Classify(pb.ClassifyRequest(text=LONG), timeout=60)
        return kind, 1
    if kind == "batch8":
        batch = pb.ClassifyBatchRequest(items=[pb.ClassifyRequest(text=f"{SHORT} #{j}") for j in range(8)])
        await stub.ClassifyBatch(batch, timeout=60)
        return kind, 8
    chunks = [LONG[j : j + 100] for j in range(0, 2000, 100)]
    stream = [pb.StreamRequest(config=pb.StreamConfig()), *(pb.StreamRequest(chunk=c) for c in chunks)]
    [r async for r in stub.ClassifyStream(iter(stream), timeout=60)]
    return kind, 1


async def soak(port: int, pid: int, minutes: float, clients: int, every: float) -> tuple[list, int, Counter]:
    answered, calls, samples = [0], Counter(), []
    until = time.monotonic() + minutes * 60.0
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = verdict_pb2_grpc.VerdictStub(channel)

        async def client(k: int) -> None:
            i = k
            while time.monotonic() < until:
                i += 1
                try:
                    kind, verdicts = await one_call(stub, i)
                except grpc.aio.AioRpcError as exc:
                    calls[f"failed_{exc.code().name}"] += 1
                    continue
                calls[kind] += 1
                answered[0] += verdicts  # after the await: `x += await f()` would read x before it

        async def sampler() -> None:
            started = time.monotonic()
            while time.monotonic() < until:
                s = Sample(time.monotonic() - started, answered[0], *proc_stats(pid))
                samples.append(s)
                print(f"{s.elapsed_s:7.0f}s {s.verdicts:8d} verdicts  rss {s.rss_mib:7.1f} MiB  "
                      f"fds {s.open_fds:4d}  threads {s.threads:3d}", flush=True)  # fmt: skip
                await asyncio.sleep(every)

        await asyncio.gather(sampler(), *(client(k) for k in range(clients)))
    return samples, answered[0], calls


def machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s+(.+)", lscpu)
    flags = set(re.search(r"Flags:\s+(.+)", lscpu).group(1).split()) if "Flags:" in lscpu else set()
    return {
        "cpu": model.group(1).strip() if model else "unknown",
        "cpus": os.cpu_count(),
        "isa": "AVX-512 VNNI" if "avx512_vnni" in flags else "AVX2" if "avx2" in flags else "neither",
    }


def commit() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=REPO).stdout
    return head.stdout.strip() + ("+uncommitted" if dirty.strip() else "")


def plot(samples: list[Sample], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    minutes = [s.elapsed_s / 60 for s in samples]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
    top.plot(minutes, [s.rss_mib for s in samples], color="tab:blue")
    top.set_ylabel("RSS (MiB)")
    top.axvline(WARMUP_S / 60, color="grey", linestyle=":", linewidth=1)
    bottom.plot(minutes, [s.open_fds for s in samples], label="open fds", color="tab:orange")
    bottom.plot(minutes, [s.threads for s in samples], label="threads", color="tab:green")
    bottom.set_ylim(0, max(s.open_fds for s in samples) * 1.3)
    bottom.set_ylabel("count")
    bottom.set_xlabel("minutes (dotted: end of warm-up)")
    bottom.legend(loc="lower right", fontsize=8)
    fig.suptitle("verdict serve under steady mixed load", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def serve(tmp: Path, db: Path) -> tuple[subprocess.Popen, int]:
    log = tmp / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "verdict.cli", "serve", "--repository", str(REPO / "models"),
         "--device", "cpu", "--host", "127.0.0.1", "--port", "0", "--metrics-port", "0",
         "--log-level", "WARNING", "--audit-path", str(db)],
        stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=tmp,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    while not (found := re.search(r"listening on [\d.]+:(\d+)", log.read_text(errors="replace"))):
        if proc.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.2)
    return proc, int(found.group(1))


def summarize(samples: list[Sample], outcome: dict) -> dict:
    """The run's outcome with RSS and open files start/end/max, each metric's drift, and the judgement."""
    drifts = [drift(samples, metric) for metric in TOLERANCES]
    verified = (
        outcome["audit_verify"]["exit"] == 0 and outcome["audit_records"] >= outcome["answered_verdicts"]
    )
    return {
        **outcome,
        "rss_mib": {
            "start": samples[0].rss_mib,
            "end": samples[-1].rss_mib,
            "max": max(s.rss_mib for s in samples),
        },
        "open_fds": {
            "start": samples[0].open_fds,
            "end": samples[-1].open_fds,
            "max": max(s.open_fds for s in samples),
        },
        "warmup_s": WARMUP_S,
        "drift": [{**asdict(d), "flat": d.flat} for d in drifts],
        "flat_and_verified": verified and all(d.flat for d in drifts),
        "samples": [asdict(s) for s in samples],
    }


def render(summary: dict) -> str:
    lines = [f"\nanswered {summary['answered_verdicts']} verdicts; calls {summary['calls']}; "
             f"server exit code {summary['server_exit']}"]  # fmt: skip
    for d in summary["drift"]:
        lines.append(
            f"{d['metric']:8s} first minute {d['first']:8.1f}  last minute {d['last']:8.1f}  "
            f"rise {d['last'] - d['first']:+6.1f} (limit {d['rise_limit']:+.1f})  "
            f"slope {d['slope_per_min']:+.3f}/min (limit {d['slope_limit']:+.2f})  {'flat' if d['flat'] else 'GROWS'}"
        )
    verify = summary["audit_verify"]
    lines.append(f"records {summary['audit_records']} (answered {summary['answered_verdicts']}); "
                 f"audit verify (exit {verify['exit']}): {verify['output'].splitlines()[0] if verify['output'] else ''}")  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--out", type=Path, help="directory for summary.json and soak.png")
    args = parser.parse_args()
    if args.minutes * 60 < WARMUP_S + 2 * WINDOW_S:
        parser.error(
            f"--minutes must be at least {(WARMUP_S + 2 * WINDOW_S) / 60:.0f} (warm-up + two windows)"
        )
    started = datetime.datetime.now(datetime.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        db = Path(tmp) / "audit.sqlite"
        proc, port = serve(Path(tmp), db)
        try:
            samples, answered, calls = asyncio.run(
                soak(port, proc.pid, args.minutes, args.clients, args.every)
            )
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(120)
        with sqlite3.connect(db) as conn:
            records = conn.execute("SELECT count(*) FROM audit_records WHERE kind = 'verdict'").fetchone()[0]
        verify = subprocess.run(
            [sys.executable, "-m", "verdict.cli", "audit", "verify", "--db", str(db)],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
        )  # fmt: skip
    outcome = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "command": shlex.join([Path(sys.executable).name, *sys.argv]),
        "commit": commit(),
        "minutes": args.minutes,
        "clients": args.clients,
        "calls": dict(calls),
        "answered_verdicts": answered,
        "audit_records": records,
        "audit_verify": {"exit": verify.returncode, "output": (verify.stdout or verify.stderr).strip()},
        "server_exit": proc.returncode,
    }
    summary = summarize(samples, outcome)
    print(render(summary))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
        plot(samples, args.out / "soak.png")
    ok = summary["flat_and_verified"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
