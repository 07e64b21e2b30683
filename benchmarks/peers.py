"""Peers side by side, one run, the same labelled texts: throughput and precision/recall.

    python -m benchmarks.peers --out benchmarks/out/dev [--model-dir DIR] [--n 1000]

Each peer runs as a subprocess under its own virtual environment (benchmarks/peers/setup.sh), one
process, one text at a time (benchmarks/peers/run_*.py); verdict runs (a) as the service (a server
subprocess, 32 calls in flight, policy included) and (b) in one process (`Analyzer.analyze`, the
`verdict scan` path). Scoring:
  spans   a predicted span counts if it overlaps a gold span of the same type; secret types of every
          tool map to one SECRET type (tools name them differently); types outside the scored set
          (Presidio's DATE_TIME, LOCATION, ...) are ignored, neither right nor wrong
  texts   has_pii / has_secret / has_leak (secret or system-prompt disclosure) / has_topic, for tools
          that answer per text (LLM Guard scanners) and for everyone else from their spans
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import time
from collections import defaultdict
from pathlib import Path

import grpc

from benchmarks import corpus
from benchmarks.service import ROOT, ServerProcess, default_model_dir
from verdict.modeling.data.schema import Example
from verdict.runtime.taxonomy import ENTITY_BY_NAME

VENVS = ROOT / "benchmarks" / ".venvs"
RUNNERS = ROOT / "benchmarks" / "peers"
SPAN_TYPES = (*corpus.PII_TYPES, "SECRET")
TEXT_LABELS = ("has_pii", "has_secret", "has_leak", "has_topic")
# tool -> (venv, script, extra args, span types it is scored on, text labels it is scored on)
PEERS = {
    "presidio": ("presidio", "run_presidio.py", (), corpus.PII_TYPES, ("has_pii",)),
    "detect-secrets": ("detect_secrets", "run_detect_secrets.py", (), ("SECRET",), ("has_secret",)),
    "llm-guard Secrets": ("llm_guard", "run_llm_guard.py", ("secrets",), (), ("has_secret",)),
    "llm-guard Regex": ("llm_guard", "run_llm_guard.py", ("regex",), (), ("has_pii",)),
    "llm-guard BanSubstrings": ("llm_guard", "run_llm_guard.py", ("ban_substrings",), (), ("has_leak",)),
}
VERDICT_SCORED = (SPAN_TYPES, TEXT_LABELS)


# -- predictions ----------------------------------------------------------------------------------


def span_type(name: str, tool: str) -> str | None:
    """A tool's entity name -> the scored type, or None (not scored)."""
    if tool == "detect-secrets":
        return "SECRET"
    entity = ENTITY_BY_NAME.get(name)
    if entity is not None and entity.family == "secret":
        return "SECRET"
    return name if name in corpus.PII_TYPES else None


def text_labels(spans: list, flagged: bool, tool: str, findings_labels: set[str] = frozenset()) -> set[str]:
    types = {t for *_, t in spans}
    if tool.startswith("llm-guard"):
        return {PEERS[tool][4][0]} if flagged else set()
    out = set()
    if types & set(corpus.PII_TYPES):
        out.add("has_pii")
    if "SECRET" in types or "credentials" in findings_labels:
        out.add("has_secret")
    if "has_secret" in out or findings_labels & {"system_prompt_disclosure", "confidential_material"}:
        out.add("has_leak")
    if findings_labels & {"topic"}:
        out.add("has_topic")
    return out


def gold(ex: Example) -> tuple[list, set[str]]:
    spans = [(s.start, s.end, span_type(s.type, "gold")) for s in ex.entities]
    spans = [s for s in spans if s[2] is not None]
    labels = set()
    if any(t in corpus.PII_TYPES for *_, t in spans):
        labels.add("has_pii")
    if any(t == "SECRET" for *_, t in spans):
        labels.add("has_secret")
    if "has_secret" in labels or "system_prompt_disclosure" in ex.leakage:
        labels.add("has_leak")
    if ex.topics:
        labels.add("has_topic")
    return spans, labels


# -- scoring --------------------------------------------------------------------------------------


def score(examples: list[Example], predicted: dict[str, tuple[list, set[str]]], span_types, labels) -> dict:
    counts = defaultdict(lambda: {"tp_gold": 0, "gold": 0, "tp_pred": 0, "pred": 0})
    for ex in examples:
        gold_spans, gold_labels = gold(ex)
        pred_spans, pred_labels = predicted.get(ex.id, ([], set()))
        for kind in span_types:
            g = [s for s in gold_spans if s[2] == kind]
            p = [s for s in pred_spans if s[2] == kind]
            c = counts[kind]
            c["gold"] += len(g)
            c["pred"] += len(p)
            c["tp_gold"] += sum(any(_overlap(a, b) for b in p) for a in g)
            c["tp_pred"] += sum(any(_overlap(a, b) for b in g) for a in p)
        for label in labels:
            c = counts[label]
            c["gold"] += label in gold_labels
            c["pred"] += label in pred_labels
            c["tp_gold"] += label in gold_labels and label in pred_labels
            c["tp_pred"] += label in gold_labels and label in pred_labels
    return {k: _prf(c) for k, c in counts.items()}


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(c: dict) -> dict:
    precision = c["tp_pred"] / c["pred"] if c["pred"] else None
    recall = c["tp_gold"] / c["gold"] if c["gold"] else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else None
    return {"precision": precision, "recall": recall, "f1": f1, "support": c["gold"], "predicted": c["pred"]}


# -- running the tools ----------------------------------------------------------------------------


def run_peer(tool: str, texts_path: Path, work: Path) -> dict:
    venv, script, args, *_ = PEERS[tool]
    python = VENVS / venv / "bin" / "python"
    if not python.exists():
        return {"tool": tool, "skipped": f"no venv at {python.parent.parent} (run benchmarks/peers/setup.sh)"}
    out = work / f"{tool.replace(' ', '_')}.jsonl"
    started = time.perf_counter()
    proc = subprocess.run(
        [str(python), str(RUNNERS / script), *args, str(texts_path), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        return {"tool": tool, "skipped": f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"}
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    meta = json.loads(Path(str(out) + ".meta.json").read_text())
    return {"tool": tool, "rows": rows, "meta": meta, "wall_s": time.perf_counter() - started}


async def verdict_service(model_dir: Path, examples: list[Example], concurrency: int = 32) -> dict:
    from verdict.serving._proto import verdict_pb2 as pb
    from verdict.serving._proto import verdict_pb2_grpc as pb_grpc

    found: dict[str, list] = {}
    gate = asyncio.Semaphore(concurrency)
    with ServerProcess(model_dir) as server:
        async with grpc.aio.insecure_channel(server.address) as channel:
            stub = pb_grpc.VerdictStub(channel)

            async def one(ex: Example) -> None:
                async with gate:
                    response = await stub.Classify(
                        pb.ClassifyRequest(text=ex.text, system_prompt=ex.system_prompt or ""), timeout=60
                    )
                found[ex.id] = [(f.category, f.type, f.start, f.end) for f in response.findings]

            await asyncio.gather(*(one(ex) for ex in examples[:concurrency]))  # warm-up pass over a few
            started = time.perf_counter()
            await asyncio.gather(*(one(ex) for ex in examples))
            seconds = time.perf_counter() - started
    return {"findings": found, "seconds": seconds}


def verdict_inprocess(model_dir: Path, examples: list[Example]) -> dict:
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.backends.select import build_backend

    analyzer = Analyzer.from_model_dir(model_dir, max_chars=200_000)
    backend = build_backend(analyzer.manifest, "cpu", fallback=False)
    backend.load()
    backend.warmup()
    analyzer.analyze([ex.text for ex in examples[:32]], backend)
    started = time.perf_counter()
    analyses = analyzer.analyze(
        [ex.text for ex in examples], backend, system_prompts=[ex.system_prompt for ex in examples]
    )
    seconds = time.perf_counter() - started
    found = {
        ex.id: [(f.category, f.type, f.start, f.end) for f in a.findings] for ex, a in zip(examples, analyses)
    }
    return {"findings": found, "seconds": seconds}


def verdict_predictions(findings: dict[str, list]) -> dict[str, tuple[list, set[str]]]:
    out = {}
    for id_, rows in findings.items():
        spans = [(s, e, span_type(t, "verdict")) for c, t, s, e in rows if c in ("pii", "leakage", "secret")]
        spans = [s for s in spans if s[2] is not None]
        labels = {t for c, t, *_ in rows if c == "leakage"} | (
            {"topic"} if any(c == "topic" for c, *_ in rows) else set()
        )
        out[id_] = (spans, text_labels(spans, False, "verdict", labels))
    return out


def peer_predictions(tool: str, rows: list[dict]) -> dict[str, tuple[list, set[str]]]:
    out = {}
    for row in rows:
        spans = [(s, e, span_type(t, tool)) for s, e, t in row["spans"]]
        spans = [s for s in spans if s[2] is not None]
        out[row["id"]] = (spans, text_labels(spans, row["flagged"], tool))
    return out


# -- the run --------------------------------------------------------------------------------------


def throughput(examples: list[Example], seconds_by_id: dict[str, float] | None, total_s: float) -> dict:
    out = {
        "texts_per_s": len(examples) / total_s,
        "chars_per_s": sum(len(e.text) for e in examples) / total_s,
    }
    if seconds_by_id:
        for bucket, group in corpus.by_bucket(examples).items():
            out[f"texts_per_s@{bucket}"] = len(group) / sum(seconds_by_id[e.id] for e in group)
    return out


def run(model_dir: Path, examples: list[Example], work: Path) -> dict:
    texts_path = work / "peer_texts.jsonl"
    texts_path.write_text("".join(json.dumps({"id": e.id, "text": e.text}) + "\n" for e in examples))
    tools: dict[str, dict] = {}
    service = asyncio.run(verdict_service(model_dir, examples))
    tools["verdict (service)"] = {
        "throughput": throughput(examples, None, service["seconds"]),
        "scores": score(examples, verdict_predictions(service["findings"]), *VERDICT_SCORED),
    }
    local = verdict_inprocess(model_dir, examples)
    tools["verdict (in-process)"] = {
        "throughput": throughput(examples, None, local["seconds"]),
        "scores": score(examples, verdict_predictions(local["findings"]), *VERDICT_SCORED),
    }
    for tool in PEERS:
        result = run_peer(tool, texts_path, work)
        if "skipped" in result:
            tools[tool] = {"skipped": result["skipped"]}
            continue
        seconds = {r["id"]: r["seconds"] for r in result["rows"]}
        _, _, _, span_types, labels = PEERS[tool]
        tools[tool] = {
            "meta": result["meta"],
            "throughput": throughput(examples, seconds, sum(seconds.values())),
            "scores": score(examples, peer_predictions(tool, result["rows"]), span_types, labels),
        }
        print(f"[peers] {tool}: {tools[tool]['throughput']['texts_per_s']:.1f} texts/s", flush=True)
    presidio = tools.get("presidio", {}).get("throughput", {}).get("texts_per_s")
    ratios = {
        name: t["throughput"]["texts_per_s"] / presidio
        for name, t in tools.items()
        if presidio and name.startswith("verdict")
    }
    return {
        "n_texts": len(examples),
        "buckets": {b: len(g) for b, g in corpus.by_bucket(examples).items()},
        "tools": tools,
        "verdict_over_presidio": ratios,
        "target_ratio": 4.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="labelled texts")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    examples = corpus.build(args.n, args.seed)
    result = run(args.model_dir or default_model_dir(), examples, args.out)
    (args.out / "peers.json").write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
