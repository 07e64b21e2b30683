"""PNG plots from the result JSON (matplotlib, Agg): one figure per question the results answer."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def closed_loop(rows: list[dict], path: Path) -> Path:
    fig, left = plt.subplots(figsize=(7, 4))
    levels = [r["concurrency"] for r in rows]
    left.plot(levels, [r["verdicts_per_s"] for r in rows], "o-", color="tab:blue", label="verdicts/s")
    left.set_xscale("log", base=2)
    left.set_xlabel("requests in flight (closed loop)")
    left.set_ylabel("verdicts/s", color="tab:blue")
    right = left.twinx()
    for key, style in (("p50_ms", "s--"), ("p99_ms", "^--")):
        right.plot(levels, [r[key] for r in rows], style, color="tab:red", label=key.replace("_ms", ""))
    right.set_ylabel("latency ms (p50 ■, p99 ▲)", color="tab:red")
    left.set_title("Throughput and latency vs concurrency (~40-token outputs, Classify)")
    return _save(fig, path)


def open_loop(rows: list[dict], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    labels = [f"{r['fraction']:.0%}\n{r['rate']:.0f}/s" for r in rows]
    x = range(len(rows))
    for offset, key in ((-0.25, "p50_ms"), (0.0, "p95_ms"), (0.25, "p99_ms")):
        ax.bar([i + offset for i in x], [r[key] for r in rows], width=0.25, label=key.replace("_ms", ""))
    ax.axhline(20, color="grey", linestyle=":", label="p99 target at 50%: 20 ms")
    ax.set_xticks(list(x), labels)
    ax.set_ylabel("latency from intended send, ms")
    ax.set_title("Open loop at fixed rates (share of closed-loop capacity)")
    ax.legend()
    return _save(fig, path)


def lengths(rows: list[dict], path: Path) -> Path:
    fig, left = plt.subplots(figsize=(7, 4))
    tokens = [r["mean_tokens"] for r in rows]
    left.loglog(tokens, [r["verdicts_per_s"] for r in rows], "o-", label="verdicts/s")
    left.loglog(tokens, [r["tokens_per_s"] / 100 for r in rows], "s:", label="tokens/s ÷ 100")
    left.loglog(tokens, [r["p50_ms"] for r in rows], "^--", label="p50 ms")
    left.set_xlabel("output length, tokens (mean of bucket)")
    left.set_title("Output length scaling (closed loop, 8 in flight)")
    left.legend()
    return _save(fig, path)


def backend(section: dict, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    for variant, rows in section["variants"].items():
        ax.plot(
            [r["batch"] for r in rows], [r["windows_per_s"] for r in rows], "o-", label=f"{variant} backend"
        )
    ax.axhline(
        section["service_windows_per_s"],
        color="tab:green",
        linestyle="--",
        label=f"full service ({section['efficiency']:.0%} of its batch mix)",
    )
    ax.set_xscale("log", base=2)
    ax.set_xlabel(f"batch size (windows of {section['variant_width']} tokens)")
    ax.set_ylabel("windows/s")
    ax.set_title("Raw backend vs full service")
    ax.legend()
    return _save(fig, path)


def peers(result: dict, path: Path) -> Path:
    tools = [(name, t) for name, t in result["tools"].items() if "throughput" in t]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh([name for name, _ in tools], [t["throughput"]["texts_per_s"] for _, t in tools], color="tab:blue")
    ax.set_xscale("log")
    ax.set_xlabel("texts/s (log), same labelled texts")
    ax.set_title("verdict and peers: throughput")
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def all_plots(service: dict | None, peer: dict | None, out: Path) -> list[Path]:
    made = []
    if service:
        made += [
            closed_loop(service["closed"], out / "closed_loop.png"),
            open_loop(service["open"], out / "open_loop.png"),
            lengths(service["lengths"], out / "lengths.png"),
            backend(service["backend"], out / "backend.png"),
        ]
    if peer:
        made.append(peers(peer, out / "peers.png"))
    return made
