"""The transfer benchmark: a model version on sets it never trained on, from other sources than its data.

    verdict eval --suite transfer --model-dir models/verdict/13 --data build/data

In-distribution dev shares generators and templates with training, so it measures memorization; these
sets decide instead (docs/retraining.md). Each set is binary: does the output violate (1) or not (0)?

| set | from | what it measures |
|---|---|---|
| everyday | `benchmarks/everyday/` (hand-written, no training generator shares it) | any action on ordinary answers; harmful compliance caught |
| probes | `benchmarks/probes/` (hand-written) | topic positives hidden in answers against hard negatives |
| harmbench_val | `../shared/data`, dev-only | 602 generations judged by 3 humans |
| dices | `../shared/data`, dev-only | 1,340 chatbot turns rated by crowds |
| llm_self_defense | `../shared/data`, dev-only | real harmful outputs and long benign answers |

Per set, with 95% bootstrap intervals: AUROC and AUPRC of the topic score (the highest topic
probability), the caught rate (BLOCK or FLAG under the shipped default policy) on violations, and the
false-action rate on the rest: any action other than ALLOW on the everyday set (a REDACT of an ordinary
answer is a false action too), BLOCK or FLAG elsewhere. Rates are also given per length bucket. Beside
every set stands the frozen-encoder probe (`probe.py`): what the base encoder knew before fine-tuning.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from verdict.modeling.data.schema import read_jsonl
from verdict.modeling.data.sources.reader import read_jsonl as read_jsonl_rows
from verdict.modeling.evaluation.metrics import average_precision, bootstrap_ci

REPO = Path(__file__).resolve().parents[3]
EVERYDAY_DIR = REPO / "benchmarks" / "everyday"
PROBES_FILE = REPO / "benchmarks" / "probes" / "test.jsonl"
LENGTH_BUCKETS: tuple[int, ...] = (64, 128, 256, 512)  # tokens; the last bucket is "> 512"
ACTING = frozenset({"BLOCK", "FLAG"})


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    label: int  # 1: the output violates
    kind: str  # a domain or category, for the per-kind table


@dataclass(frozen=True, slots=True)
class TransferSet:
    name: str
    source: str
    dev_only: bool  # from ../shared/data's dev-only sets: never trained on, by rule
    any_action_is_false: bool  # on negatives, a REDACT counts as a false action too
    load: Callable[[Path], list[Item]]  # data root -> items


def _shared_jsonl(relative: str, kind: Callable[[dict], str]) -> Callable[[Path], list[Item]]:
    def load(root: Path) -> list[Item]:
        return [
            Item(str(row.get("id", n)), row["text"], int(row["label"]), kind(row))
            for n, row in enumerate(read_jsonl_rows(root / relative))
            if isinstance(row.get("text"), str) and row["text"].strip()
        ]

    return load


def _examples(paths: Sequence[Path]) -> list[Item]:
    items = []
    for path in paths:
        for ex in read_jsonl(path):
            kind = ex.meta.get("domain") or (ex.topics[0] if ex.topics else "negative")
            items.append(Item(ex.id, ex.text, int(bool(ex.topics)), kind))
    return items


def load_everyday(_root: Path) -> list[Item]:
    return _examples(sorted(EVERYDAY_DIR.glob("*.jsonl")))


def load_probes(_root: Path) -> list[Item]:
    return _examples([PROBES_FILE])


SETS: tuple[TransferSet, ...] = (
    TransferSet("everyday", "benchmarks/everyday", False, True, load_everyday),
    TransferSet("probes", "benchmarks/probes", False, False, load_probes),
    TransferSet(
        "harmbench_val",
        "topics/harmbench_val",
        True,
        False,
        _shared_jsonl("topics/harmbench_val/harmbench_val.jsonl.gz", lambda r: r.get("category") or ""),
    ),
    TransferSet(
        "dices",
        "topics/dices_responses",
        True,
        False,
        _shared_jsonl("topics/dices_responses/dices.jsonl.gz", lambda r: r.get("subset") or ""),
    ),
    TransferSet(
        "llm_self_defense",
        "topics/llm_self_defense",
        True,
        False,
        _shared_jsonl("topics/llm_self_defense/responses.jsonl.gz", lambda r: r.get("model") or ""),
    ),
)
SET_BY_NAME: dict[str, TransferSet] = {s.name: s for s in SETS}


# -- metrics --------------------------------------------------------------------------------------


def auroc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Probability that a random positive outscores a random negative (ties count half)."""
    labels = np.asarray(labels, dtype=bool)
    pos, neg = scores[labels], scores[~labels]
    if len(pos) == 0 or len(neg) == 0:
        return None
    ranks = _ranks(np.concatenate([pos, neg]))
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def _ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their mean rank."""
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_values)) + 1]
    ends = np.r_[starts[1:], len(values)]
    for start, end in zip(starts, ends):
        ranks[order[start:end]] = (start + end + 1) / 2
    return ranks


@dataclass(frozen=True, slots=True)
class Estimate:
    value: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0

    def to_dict(self) -> dict:
        return {
            "value": self.value,
            "ci": [self.low, self.high] if self.low is not None else None,
            "n": self.n,
        }

    def __str__(self) -> str:
        if self.value is None:
            return "n/a"
        interval = f" ({self.low:.3f}–{self.high:.3f})" if self.low is not None else ""
        return f"{self.value:.3f}{interval}"


def estimate(statistic: Callable[[np.ndarray], float | None], n: int) -> Estimate:
    """The statistic on all n items, with a bootstrap interval over resampled items."""
    if n == 0:
        return Estimate(None)
    value = statistic(np.arange(n))
    if value is None:
        return Estimate(None, n=n)

    def resampled(idx: np.ndarray) -> float:
        got = statistic(idx)
        return value if got is None else got

    interval = bootstrap_ci(resampled, n, resamples=400)
    return Estimate(value, *(interval or (None, None)), n=n)


def rate(flags: np.ndarray) -> Estimate:
    flags = np.asarray(flags, dtype=np.float64)
    return estimate(lambda idx: float(flags[idx].mean()), len(flags))


@dataclass(frozen=True, slots=True)
class SetResult:
    name: str
    source: str
    dev_only: bool
    n: int
    positives: int
    auroc: Estimate
    auprc: Estimate
    caught: Estimate  # BLOCK or FLAG on violations
    false_action: Estimate  # on the rest: any action (everyday) or BLOCK/FLAG
    false_action_kind: str
    by_length: dict[str, dict[str, float | int | None]]
    by_kind: dict[str, dict[str, float | int | None]]
    probe_auroc: Estimate | None = None
    probe_auprc: Estimate | None = None
    worst: list[dict] = field(default_factory=list)  # the negatives acted on, the missed positives
    labels: tuple[int, ...] = ()  # per item, for paired comparisons of two versions (not in to_dict)
    scores: tuple[float, ...] = ()  # the topic score per item

    def to_dict(self) -> dict:
        out = {
            "name": self.name,
            "source": self.source,
            "dev_only": self.dev_only,
            "n": self.n,
            "positives": self.positives,
            "false_action_kind": self.false_action_kind,
        }
        for key in ("auroc", "auprc", "caught", "false_action", "probe_auroc", "probe_auprc"):
            value = getattr(self, key)
            out[key] = value.to_dict() if value is not None else None
        out.update(by_length=self.by_length, by_kind=self.by_kind, worst=self.worst)
        return out


def score_set(
    spec: TransferSet,
    items: Sequence[Item],
    topic_scores: np.ndarray,
    actions: Sequence[str],
    num_tokens: Sequence[int],
    reasons: Sequence[str],
    probe_scores: np.ndarray | None = None,
) -> SetResult:
    labels = np.array([item.label for item in items], dtype=bool)
    acting = set(ACTING) | ({"REDACT"} if spec.any_action_is_false else set())
    caught = np.array([a in ACTING for a in actions])
    acted = np.array([a in acting for a in actions])
    pos, neg = np.flatnonzero(labels), np.flatnonzero(~labels)

    def by(keys: Sequence[str]) -> dict[str, dict]:
        table: dict[str, dict] = {}
        for key in sorted(set(keys)):
            members = np.array([k == key for k in keys])
            table[key] = {
                "n": int(members.sum()),
                "caught": _mean(caught[members & labels]),
                "false_action": _mean(acted[members & ~labels]),
            }
        return table

    worst = [
        {
            "id": items[i].id,
            "label": int(labels[i]),
            "action": actions[i],
            "topic_score": round(float(topic_scores[i]), 3),
            "why": reasons[i],
            "text": items[i].text[:160],
        }
        for i in [*neg[acted[neg]][:15], *pos[~caught[pos]][:10]]
    ]
    return SetResult(
        name=spec.name,
        source=spec.source,
        dev_only=spec.dev_only,
        n=len(items),
        positives=len(pos),
        auroc=estimate(lambda idx: auroc(labels[idx], topic_scores[idx]), len(items)),
        auprc=estimate(lambda idx: average_precision(labels[idx], topic_scores[idx]), len(items)),
        caught=rate(caught[pos]),
        false_action=rate(acted[neg]),
        false_action_kind="any action" if spec.any_action_is_false else "BLOCK or FLAG",
        by_length=by([_bucket(t) for t in num_tokens]),
        by_kind=by([item.kind for item in items]),
        probe_auroc=None
        if probe_scores is None
        else estimate(lambda idx: auroc(labels[idx], probe_scores[idx]), len(items)),
        probe_auprc=None
        if probe_scores is None
        else estimate(lambda idx: average_precision(labels[idx], probe_scores[idx]), len(items)),
        worst=worst,
        labels=tuple(int(v) for v in labels),
        scores=tuple(float(v) for v in topic_scores),
    )


def auroc_change(baseline: SetResult, candidate: SetResult) -> Estimate:
    """The candidate's AUROC minus the baseline's on the same items, with a paired bootstrap interval
    (both versions' scores resampled together, so item difficulty cancels out)."""
    if (
        not baseline.scores
        or baseline.labels != candidate.labels
        or len(candidate.scores) != len(baseline.scores)
    ):
        return Estimate(None)
    labels = np.array(baseline.labels, dtype=bool)
    base, cand = np.array(baseline.scores), np.array(candidate.scores)

    def change(idx: np.ndarray) -> float | None:
        a, b = auroc(labels[idx], cand[idx]), auroc(labels[idx], base[idx])
        return None if a is None or b is None else a - b

    return estimate(change, len(labels))


def _mean(values: np.ndarray) -> float | None:
    return round(float(values.mean()), 4) if len(values) else None


def _bucket(tokens: int) -> str:
    for limit in LENGTH_BUCKETS:
        if tokens <= limit:
            return f"<={limit}"
    return f">{LENGTH_BUCKETS[-1]}"


# -- running a model version over the suite -------------------------------------------------------


def run_suite(
    model_dir: Path,
    data_root: Path,
    *,
    sets: Sequence[str] = tuple(SET_BY_NAME),
    probe=None,
    batch_size: int = 32,
    threads: int | None = None,
    device: str = "auto",
    variant: str | None = None,
    triton_url: str | None = None,
    limit: int | None = None,
    analyses_out: list | None = None,
) -> list[SetResult]:
    """Every named set through the engine the server uses (shipped default policy), scored. With
    `analyses_out`, each set's (name, any_action_is_false, labels, analyses) is appended to it, for
    deciding the same analyses under other policies (operating.sweep)."""
    from verdict.modeling.evaluation.predictions import Engine

    engine = Engine.open(
        model_dir,
        device=device,
        variant=variant,
        threads=threads,
        triton_url=triton_url,
        batch_size=batch_size,
    )
    topics = list(engine.manifest.labels.topics)
    results = []
    for name in sets:
        spec = SET_BY_NAME[name]
        items = spec.load(data_root)[:limit]
        analyses = engine.analyze(
            [it.id for it in items], [it.text for it in items], source=f"transfer/{name}", variant=name
        )
        verdicts = [engine.decide(a) for a in analyses]
        if analyses_out is not None:
            analyses_out.append((name, spec.any_action_is_false, [it.label for it in items], analyses))
        scores = np.array([max(a.scores.get(t, 0.0) for t in topics) for a in analyses])
        probe_scores = probe.scores([it.text for it in items]) if probe is not None else None
        results.append(
            score_set(
                spec,
                items,
                scores,
                [v.action.value for v in verdicts],
                [a.num_tokens for a in analyses],
                [_why(v) for v in verdicts],
                probe_scores,
            )
        )
    return results


def _why(verdict) -> str:
    return "; ".join(
        f"{r.type} {r.score:.2f} ({r.detector})" for r in verdict.reasons if r.action.value != "ALLOW"
    )


# -- report ---------------------------------------------------------------------------------------


def write_report(results: Sequence[SetResult], out: Path, meta: dict) -> list[Path]:
    """transfer.json (everything) and report.md (the tables a person reads) under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "transfer.json", out / "report.md"
    json_path.write_text(
        json.dumps({"meta": meta, "sets": [r.to_dict() for r in results]}, indent=1) + "\n", encoding="utf-8"
    )
    md_path.write_text("\n".join(report_lines(results, meta)) + "\n", encoding="utf-8")
    return [json_path, md_path]


def report_lines(results: Sequence[SetResult], meta: dict) -> list[str]:
    lines = [
        f"# Transfer benchmark: {meta.get('model_version', '?')}",
        "",
        "Sets this version never trained on, from other sources than its data (`verdict eval --suite transfer`).",
        "Topic score = the highest topic probability; actions under the shipped default policy. 95% bootstrap",
        "intervals. Probe = the frozen base encoder with a logistic regression (the baseline to beat).",
        "",
        "| set | n (violations) | AUROC | probe AUROC | AUPRC | probe AUPRC | caught | false actions |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        dev = " (dev-only)" if r.dev_only else ""
        lines.append(
            f"| {r.name}{dev} | {r.n} ({r.positives}) | {r.auroc} | {r.probe_auroc or 'n/a'} | {r.auprc} | "
            f"{r.probe_auprc or 'n/a'} | {r.caught} | {r.false_action} ({r.false_action_kind}) |"
        )
    for r in results:
        lines += [
            "",
            f"## {r.name}",
            "",
            "| length (tokens) | n | caught | false actions |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {k} | {v['n']} | {_pct(v['caught'])} | {_pct(v['false_action'])} |"
            for k, v in r.by_length.items()
        ]
        if len(r.by_kind) > 1:
            lines += ["", "| kind | n | caught | false actions |", "|---|---|---|---|"]
            lines += [
                f"| {k} | {v['n']} | {_pct(v['caught'])} | {_pct(v['false_action'])} |"
                for k, v in r.by_kind.items()
            ]
        if r.worst:
            lines += ["", "Acted on without cause, then missed (first of each):", ""]
            lines += [
                f"- `{w['id']}` label {w['label']} → {w['action']} (topic {w['topic_score']}; {w['why'] or 'no finding'}): "
                f"{w['text'][:120]!r}"
                for w in r.worst
            ]
    lines += [
        "",
        "Run: " + meta.get("command", ""),
        f"Commit {meta.get('commit', '?')}, {meta.get('date', '')}, {meta.get('machine', '')}.",
    ]
    return lines


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"
