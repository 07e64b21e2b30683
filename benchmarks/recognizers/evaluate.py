"""Per-type recall and precision on the recognizer cases (`cases.py`).

A value is found when one finding of its type covers all of it (a finding that leaves part of the value
in clear does not count); a finding is correct when it overlaps a value of its type. Only the types the
case table holds are scored: a PERSON or LOCATION the model adds is not judged here. Sources:
  rules     the rule detectors and `combine` as the analyzer runs them, without model spans
  verdict   the shipped model and the rules, as the analyzer reports them (--model-dir)
  presidio  Presidio's analyzer on the same texts (--presidio OUT.jsonl, written by
            benchmarks/peers/run_presidio.py from the texts `--write-texts` saves)
Usage:
    python benchmarks/recognizers/evaluate.py [--model-dir models/verdict/13] [--presidio P.jsonl]
        [--write-texts T.jsonl] [--errors] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import CASES

from verdict.runtime.detectors import DetectContext, combine, default_detectors, run_detectors
from verdict.runtime.normalize import normalize

Span = tuple[int, int, str]
# Presidio's names for the types verdict calls otherwise.
PRESIDIO_NAMES = {
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "ABA_ROUTING_NUMBER": "BANK_ACCOUNT",
    "ES_NIE": "ES_NIF",
    "IN_VEHICLE_REGISTRATION": "VEHICLE_ID",
    "UK_PASSPORT": "PASSPORT",
    "IT_PASSPORT": "PASSPORT",
    "IN_PASSPORT": "PASSPORT",
    "KR_PASSPORT": "PASSPORT",
}


def expected(case) -> list[Span]:
    return [(case.text.index(v), case.text.index(v) + len(v), t) for v, t in case.values]


def rule_spans(text: str, detectors) -> list[Span]:
    normalized = normalize(text)
    rules = run_detectors(normalized.text, DetectContext(), detectors)
    return [(*normalized.to_original(f.start, f.end), f.type) for f in combine([], rules, normalized.text)]


def model_spans(texts: list[str], model_dir: Path) -> list[list[Span]]:
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.backends.onnx import OnnxBackend
    from verdict.runtime.manifest import Manifest

    manifest = Manifest.load(model_dir)
    backend = OnnxBackend(manifest, threads=2)
    backend.load()
    analyses = Analyzer(manifest).analyze(texts, backend)
    return [[(f.start, f.end, f.type) for f in a.findings if f.category == "pii"] for a in analyses]


def presidio_spans(path: Path) -> list[list[Span]]:
    rows = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    return [
        [(s, e, PRESIDIO_NAMES.get(t, t)) for s, e, t in rows[str(i)]["spans"]] for i in range(len(CASES))
    ]


def score(predicted: list[list[Span]]) -> tuple[dict[str, dict[str, float]], list[str]]:
    types = sorted({t for case in CASES for _, t in case.values})
    found, total, correct, reported = Counter(), Counter(), Counter(), Counter()
    errors = []
    for case, spans in zip(CASES, predicted):
        gold = expected(case)
        spans = [s for s in spans if s[2] in types]
        for start, end, t in gold:
            total[t] += 1
            if any(p[2] == t and p[0] <= start and end <= p[1] for p in spans):
                found[t] += 1
            else:
                errors.append(f"MISS {t}: {case.text!r} got {_show(case.text, spans)}")
        for p in spans:
            reported[p[2]] += 1
            if any(g[2] == p[2] and g[0] < p[1] and p[0] < g[1] for g in gold):
                correct[p[2]] += 1
            else:
                errors.append(f"FP {p[2]}: {case.text[p[0] : p[1]]!r} in {case.text!r}")
    table = {
        t: {
            "values": total[t],
            "recall": found[t] / total[t],
            "precision": correct[t] / reported[t] if reported[t] else 1.0,
            "reported": reported[t],
        }
        for t in types
    }
    table["ALL"] = {
        "values": sum(total.values()),
        "recall": sum(found.values()) / sum(total.values()),
        "precision": sum(correct.values()) / max(sum(reported.values()), 1),
        "reported": sum(reported.values()),
    }
    return table, errors


def _show(text: str, spans: list[Span]) -> str:
    return str([(text[s:e], t) for s, e, t in spans])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model-dir", type=Path)
    parser.add_argument("--presidio", type=Path)
    parser.add_argument("--write-texts", type=Path)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    texts = [c.text for c in CASES]
    if args.write_texts:
        lines = [json.dumps({"id": str(i), "text": t}) for i, t in enumerate(texts)]
        args.write_texts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    detectors = default_detectors()
    results = {"rules": score([rule_spans(t, detectors) for t in texts])}
    if args.model_dir:
        results["verdict"] = score(model_spans(texts, args.model_dir))
    if args.presidio:
        results["presidio"] = score(presidio_spans(args.presidio))
    names = list(results)
    print(f"{len(CASES)} cases; recall / precision per type")
    print(f"{'type':<20}{'n':>4}" + "".join(f"{n:>18}" for n in names))
    for t in results["rules"][0]:
        row = "".join(
            f"{results[n][0][t]['recall']:>10.3f} /{results[n][0][t]['precision']:.3f}" for n in names
        )
        print(f"{t:<20}{results['rules'][0][t]['values']:>4}{row}")
    if args.errors:
        for n in names:
            print(f"\n== {n}")
            print("\n".join(results[n][1]))
    if args.json:
        args.json.write_text(json.dumps({n: r[0] for n, r in results.items()}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
