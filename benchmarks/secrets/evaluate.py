"""Line-level precision and recall of verdict's secret detection on the dev set `build_devset.py` writes.

A unit is flagged when some finding of a secret entity type (taxonomy family "secret") lies in it:
`rules` runs the rule detectors alone on the normalized text, `verdict` the shipped model and the rules
combined as the analyzer reports them. Usage:
    python benchmarks/secrets/evaluate.py [build/secrets_dev.jsonl] [--model-dir models/verdict/13] [--errors N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from verdict.runtime.detectors import DetectContext, default_detectors, run_detectors
from verdict.runtime.normalize import normalize
from verdict.runtime.taxonomy import SECRET_TYPES

ROOT = Path(__file__).resolve().parents[2]


def rule_flags(texts: list[str]) -> list[list[str]]:
    detectors = default_detectors()
    out = []
    for text in texts:
        findings = run_detectors(normalize(text).text, DetectContext(), detectors)
        out.append(sorted({f.type for f in findings if f.type in SECRET_TYPES}))
    return out


def verdict_flags(texts: list[str], model_dir: Path) -> list[list[str]]:
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.backends.onnx import OnnxBackend
    from verdict.runtime.manifest import Manifest

    manifest = Manifest.load(model_dir)
    backend = OnnxBackend(manifest, threads=2)
    backend.load()
    analyses = Analyzer(manifest).analyze(texts, backend)
    return [sorted({f.type for f in a.findings if f.type in SECRET_TYPES}) for a in analyses]


def scores(units: list[dict], flags: list[list[str]]) -> dict:
    tp = sum(1 for u, f in zip(units, flags) if f and u["label"])
    fp = sum(1 for u, f in zip(units, flags) if f and not u["label"])
    fn = sum(1 for u, f in zip(units, flags) if not f and u["label"])
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", type=Path, nargs="?", default=ROOT / "build" / "secrets_dev.jsonl")
    parser.add_argument("--model-dir", type=Path, default=ROOT / "models" / "verdict" / "7")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    args = parser.parse_args()
    units = [json.loads(line) for line in args.devset.read_text(encoding="utf-8").splitlines()]
    texts = [u["text"] for u in units]
    results = {}
    for name, flags in (("rules", rule_flags(texts)), ("verdict", verdict_flags(texts, args.model_dir))):
        results[name] = {"all": scores(units, flags)}
        for source in sorted({u["source"] for u in units}):
            picked = [(u, f) for u, f in zip(units, flags) if u["source"] == source]
            results[name][source] = scores([u for u, _ in picked], [f for _, f in picked])
        for kind, wrong in (
            ("fp", lambda u, f: f and not u["label"]),
            ("fn", lambda u, f: not f and u["label"]),
        ):
            shown = [(u, f) for u, f in zip(units, flags) if wrong(u, f)][: args.errors]
            for u, f in shown:
                print(f"{name} {kind} {u['id']} {f} {u['text'][:150]!r}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
