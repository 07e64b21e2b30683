"""`evaluate(model_dir, examples)`: the whole evaluation of one model version on one labeled split.

Flow: one inference pass per variant (the serving engine) → if thresholds are searched, a low-floor
analyzer pass finds the per-label and per-entity-type cuts on these examples → the analyzer pass with
the thresholds in force gives every reported number → the gates of issue 2 are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.evaluation import entities, labels
from verdict.modeling.evaluation.agreement import agreement
from verdict.modeling.evaluation.calibrating import fit_scales
from verdict.modeling.evaluation.sources import by_source
from verdict.modeling.evaluation.thresholds import ENTITY_FLOOR, Choice
from verdict.runtime.manifest import THRESHOLDS_FILE, Manifest, Thresholds


@dataclass(frozen=True, slots=True)
class Gate:
    name: str
    value: float | None  # None: not measurable on this split (no gold, or not run)
    target: float
    # 95% bootstrap interval of `value` over this split's examples: how much of a margin is luck of the split
    ci95: tuple[float, float] | None = None

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value >= self.target

    def to_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


@dataclass(frozen=True, slots=True)
class EvalResult:
    metrics: dict  # everything, JSON-ready (written as metrics.json)
    thresholds: Thresholds  # in force for every number in `metrics`
    choices: dict[str, dict[str, Choice]]  # family -> label -> how its cut was chosen ({}: not searched)
    gates: tuple[Gate, ...]
    curves: dict = field(default_factory=dict, compare=False)  # head -> label -> (precision, recall)
    calibration: dict[str, float] = field(default_factory=dict)  # label -> temperature (searched runs only)

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)


def evaluate(
    model_dir: str | Path,
    examples: Iterable[Example],
    *,
    variant: str | None = None,
    compare_variant: str | None = None,
    search_thresholds: bool = False,
    threshold_slack: float = 0.0,
    split: str = "",
    batch_size: int = 32,
    threads: int | None = None,
    device: str = "auto",
    triton_url: str | None = None,
    progress: bool = True,
) -> EvalResult:
    from verdict.modeling.evaluation.predictions import floor_thresholds, run_engine, with_thresholds
    from verdict.runtime.analyzer import Analyzer
    from verdict.runtime.pipeline import Pipeline

    manifest, examples = Manifest.load(model_dir), tuple(examples)
    base = Analyzer(manifest)

    def engine(file: str | None) -> Pipeline:
        return Pipeline.open(
            base, device=device, variant=file, threads=threads, triton_url=triton_url, batch_size=batch_size
        )

    run = run_engine(engine(variant), examples, progress=progress)
    thresholds, choices = manifest.thresholds, {}
    if search_thresholds:
        floor = floor_thresholds(thresholds, manifest.labels.entity_types, ENTITY_FLOOR)
        floor_analyses = run.finish(Analyzer(with_thresholds(manifest, floor), detectors=base.detectors))
        thresholds, choices = _search(manifest, examples, floor_analyses, threshold_slack)
    analyzer = Analyzer(with_thresholds(manifest, thresholds), detectors=base.detectors)
    analyses = run.finish(analyzer)
    tables = {h: labels.head_table(h, getattr(manifest.labels, h), examples, analyses) for h in labels.HEADS}
    metrics = {
        "model": manifest.model_version,
        "variant": run.variant,
        "split": split,
        "n_examples": len(examples),
        "thresholds": asdict(thresholds),
        "threshold_search": {f: {k: c.to_dict() for k, c in cs.items()} for f, cs in choices.items()} or None,
        "threshold_slack": threshold_slack if search_thresholds else None,
        "entities": entities.entity_report(examples, analyses, thresholds.entities),
        **{h: labels.head_report(tables[h], getattr(thresholds, h)) for h in labels.HEADS},
        "system_prompt_leak": labels.system_prompt_leak(examples, analyses),
        "by_source": by_source(examples, analyses, thresholds, manifest.labels),
        "agreement": None,
    }
    if compare_variant:
        # Same prepared texts, same thresholds: only the model file differs.
        other = run_engine(engine(compare_variant), examples, progress=progress, variant=compare_variant)
        metrics["agreement"] = agreement(
            run.variant, compare_variant, analyses, other.finish(analyzer), manifest.labels, thresholds
        )
    calibration = {}
    if search_thresholds:
        for h in labels.HEADS:
            calibration.update(fit_scales(tables[h], getattr(thresholds, h)))
        metrics["calibration"] = calibration
    gates = gates_of(metrics)
    metrics["gates"] = [g.to_dict() for g in gates]
    curves = {h: labels.curves(t) for h, t in tables.items()}
    return EvalResult(metrics, thresholds, choices, gates, curves, calibration)


def _search(
    manifest: Manifest, examples, floor_analyses, slack: float = 0.0
) -> tuple[Thresholds, dict[str, dict[str, Choice]]]:
    """Entity cuts at their best span F1; topic and leakage cuts at the highest within `slack` of theirs."""
    choices = {
        "entities": entities.search_entity_thresholds(examples, floor_analyses, manifest.labels.entity_types),
        **{
            h: labels.search_label_thresholds(
                labels.head_table(h, getattr(manifest.labels, h), examples, floor_analyses), slack
            )
            for h in labels.HEADS
        },
    }
    chosen = {family: {k: c.threshold for k, c in cs.items()} for family, cs in choices.items()}
    return Thresholds(**chosen), choices


def gates_of(metrics: dict) -> tuple[Gate, ...]:
    """The "Done when" numbers of issue 2. Span F1 is exact match, micro over the family's types."""

    def span_f1(family: str) -> float | None:
        micro = metrics["entities"][family]["exact"]["micro"]
        return micro["f1"] if micro["support"] else None

    def span_ci(family: str) -> tuple[float, float] | None:
        return metrics["entities"][family]["exact"]["micro"]["f1_ci95"]

    leak = metrics["system_prompt_leak"]
    agreed = metrics["agreement"]
    return (
        Gate("PII span F1", span_f1("pii"), 0.95, span_ci("pii")),
        Gate("secrets span F1", span_f1("secret"), 0.95, span_ci("secret")),
        Gate("topic macro-F1", metrics["topics"]["macro_f1"], 0.85, metrics["topics"]["macro_f1_ci95"]),
        Gate("system-prompt leak F1", leak["f1"] if leak["support"] else None, 0.90),
        Gate(
            f"{agreed['variant']} agrees with {agreed['reference']}" if agreed else "variant agreement",
            agreed["agreement"] if agreed else None,
            0.995,
        ),
    )


def write_thresholds(model_dir: str | Path, result: EvalResult) -> Path:
    """The chosen thresholds (and the gate numbers they were measured with) in eval/thresholds.json beside
    the version, with the per-label temperatures fitted at those thresholds (calibrating.py);
    manifest.json stays as export wrote it, and Manifest.load merges the two."""
    path = Path(model_dir) / THRESHOLDS_FILE
    previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    summary = {k: result.metrics[k] for k in ("split", "variant", "n_examples", "gates")}
    chosen = {
        **previous,
        "thresholds": asdict(result.thresholds),
        "calibration": result.calibration,
        "eval": summary,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(chosen, indent=2) + "\n", encoding="utf-8")
    return path
