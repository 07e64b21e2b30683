"""benchmarks/RESULTS.md from one results directory (service.json, peers.json, ceiling.json, gpu.json if measured)."""

from __future__ import annotations

import json
from pathlib import Path

TARGETS = "≥ 500 verdicts/s (~40 tokens, CPU) · ≥ 4× Presidio · p99 ≤ 20 ms at 50% capacity · service ≥ 80% of backend · audit ≤ +5% p50"


def _f(value, spec: str = ".1f", none: str = "–") -> str:
    return none if value is None else format(value, spec)


def _check(ok: bool | None) -> str:
    return "–" if ok is None else ("✅" if ok else "❌")


def header(meta: dict, command: str, rel: str) -> list[str]:
    m = meta["machine"]
    lines = [
        "# verdict benchmark results",
        "",
        "| | |",
        "|---|---|",
        f"| date | {m['date']} |",
        f"| machine | {m['cpu']}, {m['cores']} cores (client and server share them) |",
        f"| commit | `{m['commit']}`{' (uncommitted changes in the tree)' if m['dirty'] else ''} |",
        f"| model | `{meta['model_dir']}` ({meta.get('model', '?')}) |",
        f"| command | `{command}` |",
        f"| raw data | [`{rel}/`]({rel}/) (JSON + PNG) |",
        "",
    ]
    if meta.get("dev"):
        lines += [
            "> **Development run on the tiny random model** (`build_tiny_model_dir`): numbers show the harness",
            "> works, not what the shipped model does. Re-run `python -m benchmarks.run_all` on the shipped model.",
            "",
        ]
    return lines


def targets(service: dict, peers: dict | None) -> list[str]:
    capacity = service["capacity_verdicts_per_s"]
    half = next((r for r in service["open"] if r["fraction"] == 0.5), None)
    ratio = (peers or {}).get("verdict_over_presidio", {}).get("verdict (service)")
    eff = service["backend"]["efficiency"]
    audit = service["audit"]["p50_delta"]
    return [
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| ≥ 500 verdicts/s, ~40-token outputs | {capacity:.0f} verdicts/s | {_check(capacity >= 500)} |",
        f"| ≥ 4× Presidio (PII + topics + leakage) | {_f(ratio, '.1f')}× | {_check(None if ratio is None else ratio >= 4)} |",
        f"| p99 ≤ 20 ms at half capacity (open loop) | {_f(half and half['p99_ms'])} ms | {_check(half and half['p99_ms'] <= 20)} |",
        f"| service ≥ 80% of raw backend | {_f(eff and eff * 100, '.0f')}% | {_check(eff and eff >= 0.8)} |",
        f"| audit adds ≤ 5% to p50 | {audit:+.1%} | {_check(audit <= 0.05)} |",
        "",
    ]


def cpu_ms_per_verdict(row: dict) -> float | None:
    """Server CPU per verdict: CPU over the whole run (warmup included) at the run's measured rate."""
    if not row["verdicts_per_s"] or not row["wall_s"]:
        return None
    return row["server_cpu_s"] / row["wall_s"] / row["verdicts_per_s"] * 1000.0


def service_tables(s: dict, rel: str) -> list[str]:
    lines = [
        "## Throughput vs concurrency (closed loop, Classify, ~40-token outputs)",
        "",
        "| in flight | verdicts/s | p50 ms | p95 ms | p99 ms | errors | mean batch | backend busy | server CPU s | server CPU ms/verdict | client CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in s["closed"]:
        lines.append(
            f"| {r['concurrency']} | {r['verdicts_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['errors']} | {r['mean_batch']:.1f} | {r['backend_busy']:.0%} | {r['server_cpu_s']:.1f} | "
            f"{_f(cpu_ms_per_verdict(r), '.2f')} | {r['client_cpu_s']:.1f} |"
        )
    lines += [
        "",
        f"![closed loop]({rel}/closed_loop.png)",
        "",
        "## Open loop (latency from the intended send time)",
        "",
        "| share of capacity | offered/s | achieved verdicts/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in s["open"]:
        lines.append(
            f"| {r['fraction']:.0%} | {r['rate']:.0f} | {r['verdicts_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['max_ms']:.1f} | {r['errors']} |"
        )
    lines += [
        "",
        f"![open loop]({rel}/open_loop.png)",
        "",
        "## Output length scaling (closed loop, 8 in flight)",
        "",
        "| bucket | mean tokens | windows/text | verdicts/s | tokens/s | p50 ms | p99 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in s["lengths"]:
        lines.append(
            f"| {r['bucket']} | {r['mean_tokens']:.0f} | {r['windows_per_text']:.1f} | {r['verdicts_per_s']:.1f} | "
            f"{r['tokens_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
        )
    b = s["batch_vs_unary"]
    lines += [
        "",
        f"![lengths]({rel}/lengths.png)",
        "",
        "## Batch RPC vs unary (same texts, same number of texts in flight)",
        "",
        "| call | verdicts/s | p50 ms per call | p99 ms per call |",
        "|---|---:|---:|---:|",
        f"| ClassifyBatch × {b['items_per_call']}, 2 in flight | {b['batch']['verdicts_per_s']:.0f} | {b['batch']['p50_ms']:.1f} | {b['batch']['p99_ms']:.1f} |",
        f"| Classify, {2 * b['items_per_call']} in flight | {b['unary']['verdicts_per_s']:.0f} | {b['unary']['p50_ms']:.1f} | {b['unary']['p99_ms']:.1f} |",
        "",
    ]
    return lines + backend_tables(s["backend"], rel) + audit_table(s["audit"])


def backend_tables(b: dict, rel: str) -> list[str]:
    r = b["replay"]
    lines = [
        "## Raw backend vs full service",
        "",
        f"The best closed-loop level's own batch mix ({r['batches']} batches sampled, mean {r['mean_batch']:.1f} windows × "
        f"{r.get('mean_width', 0):.0f} tokens) replayed on the bare `OnnxBackend.predict`, server stopped:",
        "",
        "| | windows/s |",
        "|---|---:|",
        f"| raw backend, same batch mix | {r['windows_per_s']:.0f} |",
        f"| full service | {b['service_windows_per_s']:.0f} |",
        f"| **efficiency** | **{b['efficiency']:.0%}** (target ≥ 80%) |",
        "",
        f"### int8 vs fp32 (backend only, windows of {b['variant_width']} tokens)",
        "",
        "| variant | batch | ms/batch | windows/s |",
        "|---|---:|---:|---:|",
    ]
    for variant, rows in b["variants"].items():
        lines += [
            f"| {variant} | {x['batch']} | {x['ms_per_batch']:.2f} | {x['windows_per_s']:.0f} |" for x in rows
        ]
    return lines + ["", f"![backend]({rel}/backend.png)", ""]


def audit_table(a: dict) -> list[str]:
    return [
        "## Audit on vs off",
        "",
        f"Closed loop, {a['concurrency']} in flight, ~40-token outputs, fresh server per run, runs alternated off/on "
        f"({len(a['runs']['on'])} each, median p50):",
        "",
        "| audit | p50 ms |",
        "|---|---:|",
        f"| off | {a['p50_off_ms']:.2f} |",
        f"| on (SQLite, hash-chained) | {a['p50_on_ms']:.2f} |",
        f"| delta | {a['p50_delta']:+.1%} (target ≤ +5%) |",
        "",
    ]


def peer_tables(p: dict, rel: str) -> list[str]:
    tools = {name: t for name, t in p["tools"].items() if "skipped" not in t}
    presidio = tools.get("presidio", {}).get("throughput", {}).get("texts_per_s")
    lines = [
        "## Peers, side by side (same labelled texts, one run)",
        "",
        f"{p['n_texts']} texts, length buckets {p['buckets']}. Peers: one process, one text at a time; verdict (service): "
        "server subprocess, 32 calls in flight, policy and audit included; verdict (in-process): `Analyzer.analyze` "
        "(ONNX Runtime uses both cores). verdict does PII + secrets + topics + leakage in every call.",
        "",
        "| tool | texts/s | chars/s | texts/s, 40-token bucket | × Presidio |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, t in tools.items():
        tp = t["throughput"]
        ratio = tp["texts_per_s"] / presidio if presidio else None
        lines.append(
            f"| {name} | {tp['texts_per_s']:.1f} | {tp['chars_per_s']:.0f} | {_f(tp.get('texts_per_s@40'))} | {_f(ratio, '.2f')} |"
        )
    lines += [
        f"| {name} | skipped: {t['skipped'][:100]} | | | |"
        for name, t in p["tools"].items()
        if "skipped" in t
    ]
    kinds = list(dict.fromkeys(k for t in tools.values() for k in t["scores"]))
    lines += [
        "",
        "Precision / recall (spans: overlap with a gold span of the same type; `has_*`: per text; – not covered):",
        "",
        "| scored on | support | " + " | ".join(tools) + " |",
        "|---|---:|" + "---:|" * len(tools),
    ]
    for kind in kinds:
        support = next(t["scores"][kind]["support"] for t in tools.values() if kind in t["scores"])
        cells = [
            f"{_f(t['scores'][kind]['precision'], '.2f')} / {_f(t['scores'][kind]['recall'], '.2f')}"
            if kind in t["scores"]
            else "–"
            for t in tools.values()
        ]
        lines.append(f"| {kind} | {support} | " + " | ".join(cells) + " |")
    return lines + ["", f"![peers]({rel}/peers.png)", ""]


def gpu_section(g: dict | None) -> list[str]:
    if not g:
        return [
            "## GPU",
            "",
            "**Unmeasured**: no GPU run in this results directory. Run `benchmarks/gpu.sh` on an NVIDIA",
            "machine and copy its `gpu.json` here; backend fp16 (torch-cuda, ORT CUDA) and the service on `--device cuda`",
            "are all still unmeasured.",
            "",
        ]
    lines = [
        "## GPU",
        "",
        f"{g.get('gpu', '?')} — {g.get('date', '')}",
        "",
        "| backend | batch | width | ms/batch | windows/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for backend, rows in g.get("backends", {}).items():
        if isinstance(rows, str):
            lines.append(f"| {backend} | {rows} | | | |")
            continue
        lines += [
            f"| {backend} | {r['batch']} | {r['width']} | {r['ms_per_batch']:.2f} | {r['windows_per_s']:.0f} |"
            for r in rows
        ]
    service = g.get("service")
    lines += [
        "",
        f"Service on `--device cuda`: {service if isinstance(service, str) else json.dumps(service)}",
        "",
    ]
    return lines


def ceiling_section(c: dict | None) -> list[str]:
    """What this host's own matmul rate allows the encoder at most (`benchmarks.ceiling`)."""
    if not c:
        return []
    from benchmarks.ceiling import report

    return [
        "## Compute ceiling of this host",
        "",
        "The encoder's FLOPs per window against this CPU's measured GEMM rate on one encoder layer's matmul",
        "shapes (`python -m benchmarks.ceiling`, same thread count; the ceiling runs attention, layer norms and",
        f"everything else for free), measured {c['machine']['date']} at commit `{c['machine']['commit'][:7]}`:",
        "",
        report(c, c.get("target_windows_per_s")),
        "",
    ]


def write(results: Path, md: Path, command: str) -> Path:
    load = lambda name: json.loads((results / name).read_text()) if (results / name).exists() else None  # noqa: E731
    service, peers, gpu, meta = load("service.json"), load("peers.json"), load("gpu.json"), load("meta.json")
    ceiling = load("ceiling.json")
    rel = results.resolve().relative_to(md.parent.resolve()).as_posix()
    lines = header(meta, command, rel) + [f"Targets: {TARGETS}.", ""]
    if service:
        lines += targets(service, peers) + service_tables(service, rel)
    lines += ceiling_section(ceiling)
    if peers:
        lines += peer_tables(peers, rel)
    lines += gpu_section(gpu)
    md.write_text("\n".join(lines) + "\n")
    return md
