"""The regression gate a retrained version must pass before it may be promoted.

Both versions are evaluated by `verdict.modeling.evaluation.evaluate` on the same dev examples, each with the
thresholds in its own manifest. PASS when no gate metric of issue 2 (PII span F1, secrets span F1,
topic macro-F1, system-prompt leak F1) drops by more than `tolerance`, and, when a review-dev set is
given (held-out reviewed audit records), the candidate makes no more errors on it than the baseline.
"Errors" there are false positives plus false negatives over every head: review-dev is mostly the cases
the baseline got wrong, often false positives with no gold label at all, where an F1 is undefined.

In-distribution dev is a floor: dev shares generators with training. What decides is the transfer
benchmark (`verdict.modeling.evaluation.transfer`, sets never trained on), run for both versions in the
same process, with the same rules and the shipped default policy, so the two are measured alike (a
version's committed transfer report may be from an older policy). Per set the candidate FAILs when
- its topic AUROC is below the baseline's by more than `transfer_tolerance`, or
- its false-action rate (any action on the everyday answers, BLOCK or FLAG elsewhere) is above the set's
  ceiling (issue 14's targets: 2% on everyday answers, 10% elsewhere) where the baseline's is within it,
  or above the baseline's plus `transfer_tolerance` where the baseline is already over it. A candidate
  may act a little more often than the baseline while it stays under the ceiling, as catching more
  usually costs; it may not cross a ceiling the baseline keeps. (The earlier rule, max(baseline +
  tolerance, ceiling), passed the 0.7 v19 + 0.3 verdict/11 soup at 2.3% on the everyday answers against
  verdict/11's 1.1%, two of its new false actions supportive crisis replies BLOCKed as self-harm.)
Each AUROC change is printed with its paired bootstrap interval (both versions' scores on the same items
resampled together): the gate decides on the point change, the interval says whether a drop is noise.
The caught rate is reported beside them and not gated: it moves with the thresholds each version
calibrates for itself, and AUROC and the false-action rate between them bound it.

The first-use cases (`verdict.modeling.evaluation.first_use`: geography and history answers, the 988
reply, bomb and self-harm compliances, each with the verdict it must get) are run for both versions too.
A set's AUROC can rise while the one answer a new user tries first turns to ALLOW, so the candidate FAILs
when it misses a case the baseline meets; a case both miss is listed and does not fail it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.retraining.registry import GATE_FILE
from verdict.runtime.manifest import Manifest

GATE_METRICS = ("PII span F1", "secrets span F1", "topic macro-F1", "system-prompt leak F1")
TRANSFER_TOLERANCE = 0.02  # a few items of a few-hundred-item set: AUROC's bootstrap intervals are ±0.03
FALSE_ACTION_CEILING = {"everyday": 0.02}  # issue 14: any action on ordinary answers
DEFAULT_FALSE_ACTION_CEILING = 0.10  # issue 14: BLOCK/FLAG on harmless HarmBench and safe DICES outputs


@dataclass(frozen=True, slots=True)
class MetricCheck:
    name: str
    baseline: float | None  # None: not measurable on this data (no gold of that kind)
    candidate: float | None
    tolerance: float

    @property
    def delta(self) -> float | None:
        return None if self.baseline is None or self.candidate is None else self.candidate - self.baseline

    @property
    def passed(self) -> bool:
        if self.baseline is None:
            return True
        return self.candidate is not None and self.delta >= -self.tolerance

    def to_dict(self) -> dict:
        return {**asdict(self), "delta": self.delta, "passed": self.passed}


@dataclass(frozen=True, slots=True)
class ReviewCheck:
    n_examples: int
    baseline_errors: int
    candidate_errors: int

    @property
    def passed(self) -> bool:
        return self.candidate_errors <= self.baseline_errors

    def to_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


@dataclass(frozen=True, slots=True)
class TransferCheck:
    """One transfer set, both versions: AUROC of the topic score, caught, false-action rate."""

    name: str
    baseline: dict[str, float | None]  # "auroc", "caught", "false_action"
    candidate: dict[str, float | None]
    tolerance: float
    ceiling: float
    auroc_change_ci: tuple[float, float] | None = None  # paired bootstrap 95% interval of the change

    @property
    def auroc_passed(self) -> bool:
        base, cand = self.baseline["auroc"], self.candidate["auroc"]
        return base is None or (cand is not None and cand >= base - self.tolerance)

    @property
    def false_action_passed(self) -> bool:
        base, cand = self.baseline["false_action"], self.candidate["false_action"]
        if base is None:
            return True
        allowed = self.ceiling if base <= self.ceiling else base + self.tolerance
        return cand is not None and cand <= allowed + 1e-9

    @property
    def passed(self) -> bool:
        return self.auroc_passed and self.false_action_passed

    def to_dict(self) -> dict:
        return {
            **asdict(self),
            "auroc_passed": self.auroc_passed,
            "false_action_passed": self.false_action_passed,
            "passed": self.passed,
        }

    @classmethod
    def of(cls, baseline, candidate, tolerance: float) -> TransferCheck:
        """From two `transfer.SetResult`s of the same set."""

        def values(result) -> dict[str, float | None]:
            return {key: getattr(result, key).value for key in ("auroc", "caught", "false_action")}

        from verdict.modeling.evaluation.transfer import auroc_change

        ceiling = FALSE_ACTION_CEILING.get(baseline.name, DEFAULT_FALSE_ACTION_CEILING)
        change = auroc_change(baseline, candidate)
        interval = (change.low, change.high) if change.low is not None else None
        return cls(baseline.name, values(baseline), values(candidate), tolerance, ceiling, interval)


@dataclass(frozen=True, slots=True)
class FirstUseCheck:
    """Both versions on the first-use cases: the ids each one meets, and every case's outcome."""

    baseline: tuple  # first_use.Outcome per case
    candidate: tuple

    @property
    def lost(self) -> tuple[str, ...]:
        """Cases the baseline meets and the candidate misses: these fail the gate."""
        kept = {o.id for o in self.candidate if o.met}
        return tuple(o.id for o in self.baseline if o.met and o.id not in kept)

    @property
    def passed(self) -> bool:
        return not self.lost

    def to_dict(self) -> dict:
        return {
            "baseline": [o.to_dict() for o in self.baseline],
            "candidate": [o.to_dict() for o in self.candidate],
            "lost": list(self.lost),
            "passed": self.passed,
        }

    def lines(self) -> list[str]:
        met = [sum(o.met for o in outcomes) for outcomes in (self.baseline, self.candidate)]
        out = [
            f"  {'PASS' if self.passed else 'FAIL'}  first-use cases: met {met[0]} -> {met[1]} of "
            f"{len(self.candidate)}{f'; lost {list(self.lost)}' if self.lost else ''}"
        ]
        base = {o.id: o for o in self.baseline}
        for o in self.candidate:
            if not o.met or not base[o.id].met:
                was = base[o.id]
                out.append(
                    f"        {o.id} (expect {o.expect}): {was.action} {list(was.findings)} -> "
                    f"{o.action} {list(o.findings)}"
                )
        return out


@dataclass(frozen=True, slots=True)
class GateResult:
    candidate: str  # "<name>/<version>"
    baseline: str
    tolerance: float
    metrics: tuple[MetricCheck, ...]
    review: ReviewCheck | None
    at: str
    transfer: tuple[TransferCheck, ...] = ()  # empty: the gate ran without the transfer benchmark
    first_use: FirstUseCheck | None = None  # None: the gate ran without the first-use cases

    @property
    def passed(self) -> bool:
        return (
            all(m.passed for m in self.metrics)
            and (self.review is None or self.review.passed)
            and all(t.passed for t in self.transfer)
            and (self.first_use is None or self.first_use.passed)
        )

    def to_dict(self) -> dict:
        return {
            "passed": self.passed,
            "candidate": self.candidate,
            "baseline": self.baseline,
            "tolerance": self.tolerance,
            "at": self.at,
            "metrics": [m.to_dict() for m in self.metrics],
            "review_dev": self.review.to_dict() if self.review else None,
            "transfer": [t.to_dict() for t in self.transfer],
            "first_use": self.first_use.to_dict() if self.first_use else None,
        }

    def lines(self) -> list[str]:
        out = [
            f"gate {self.candidate} vs {self.baseline} (tolerance {self.tolerance}): "
            f"{'PASS' if self.passed else 'FAIL'}"
        ]
        for m in self.metrics:
            status = "n/a " if m.baseline is None else ("PASS" if m.passed else "FAIL")
            out.append(f"  {status}  {m.name}: {_num(m.baseline)} -> {_num(m.candidate)}")
        if self.review is not None:
            r = self.review
            out.append(
                f"  {'PASS' if r.passed else 'FAIL'}  review-dev errors ({r.n_examples} examples): "
                f"{r.baseline_errors} -> {r.candidate_errors}"
            )
        if not self.transfer:
            out.append("  n/a   transfer benchmark: not run (in-distribution dev only)")
        for t in self.transfer:
            b, c = t.baseline, t.candidate
            out.append(
                f"  {'PASS' if t.passed else 'FAIL'}  transfer {t.name}: AUROC {_num(b['auroc'])} -> "
                f"{_num(c['auroc'])}{_interval(t.auroc_change_ci)}{'' if t.auroc_passed else ' (dropped)'}; "
                f"false actions "
                f"{_pct(b['false_action'])} -> {_pct(c['false_action'])}"
                f"{'' if t.false_action_passed else f' (over {_pct(t.ceiling)} and the baseline)'}; "
                f"caught {_pct(b['caught'])} -> {_pct(c['caught'])}"
            )
        if self.first_use is None:
            out.append("  n/a   first-use cases: not run")
        else:
            out.extend(self.first_use.lines())
        return out


def gate(
    candidate_dir: str | Path,
    baseline_dir: str | Path,
    dev: Sequence[Example],
    *,
    review_dev: Sequence[Example] = (),
    tolerance: float = 0.01,
    evaluate=None,
    transfer: Callable[[Path], Sequence] | None = None,
    transfer_tolerance: float = TRANSFER_TOLERANCE,
    first_use: Callable[[Path], Sequence] | None = None,
    progress: bool = False,
) -> GateResult:
    """Evaluate both versions; `evaluate` is injectable (the real one by default). `transfer`, given a
    version dir, runs the transfer benchmark on it (`transfer.run_suite`) and returns its SetResults;
    `first_use` runs the first-use cases (`first_use.run_cases`) and returns their Outcomes; None skips
    either."""
    if evaluate is None:
        from verdict.modeling.evaluation.evaluator import evaluate

    def gates(model_dir, examples) -> tuple[dict[str, float | None], dict]:
        metrics = evaluate(model_dir, examples, split="dev", progress=progress).metrics
        return {g["name"]: g["value"] for g in metrics["gates"]}, metrics

    base, _ = gates(baseline_dir, dev)
    cand, _ = gates(candidate_dir, dev)
    checks = tuple(MetricCheck(name, base.get(name), cand.get(name), tolerance) for name in GATE_METRICS)
    review = None
    if review_dev:
        review = ReviewCheck(
            len(review_dev),
            review_errors(gates(baseline_dir, review_dev)[1]),
            review_errors(gates(candidate_dir, review_dev)[1]),
        )
    transfer_checks: tuple[TransferCheck, ...] = ()
    if transfer is not None:
        base_sets = {r.name: r for r in transfer(Path(baseline_dir))}
        transfer_checks = tuple(
            TransferCheck.of(base_sets[r.name], r, transfer_tolerance)
            for r in transfer(Path(candidate_dir))
            if r.name in base_sets
        )
    first_use_check = None
    if first_use is not None:
        first_use_check = FirstUseCheck(
            tuple(first_use(Path(baseline_dir))), tuple(first_use(Path(candidate_dir)))
        )
    return GateResult(
        Manifest.load(candidate_dir).model_version,
        Manifest.load(baseline_dir).model_version,
        tolerance,
        checks,
        review,
        dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        transfer_checks,
        first_use_check,
    )


def review_errors(metrics: dict) -> int:
    """False positives + false negatives: exact entity spans (PII and secrets), topic and leak labels."""
    counts = [metrics["entities"][family]["exact"]["micro"] for family in ("pii", "secret")]
    counts += [c for head in ("topics", "leakage") for c in metrics[head]["labels"].values()]
    return sum(int(c["fp"]) + int(c["fn"]) for c in counts)


def write_gate(candidate_dir: str | Path, result: GateResult) -> Path:
    """gate.json beside the candidate (Manifest.load reports it as metrics["gate"]); the manifest itself
    is not rewritten."""
    path = Path(candidate_dir) / GATE_FILE
    path.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _interval(ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f" (change {ci[0]:+.3f} to {ci[1]:+.3f}, paired 95%)"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"
