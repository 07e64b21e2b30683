"""Writing an EvalResult down: `report.md`, `metrics.json`, PR curves and reliability diagrams (PNG).

`metrics.json` carries a top-level "thresholds" object in the manifest's shape, so
`verdict export --eval-report .../eval/metrics.json` picks the thresholds up.
"""

from __future__ import annotations

import json
from pathlib import Path

from verdict.modeling.evaluation.evaluator import EvalResult
from verdict.modeling.evaluation.labels import HEADS

REPORT_FILE, METRICS_FILE, RELIABILITY_FILE = "report.md", "metrics.json", "reliability.png"


def write_report(result: EvalResult, out_dir: str | Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / METRICS_FILE).write_text(json.dumps(result.metrics, indent=2) + "\n", encoding="utf-8")
    images = plot_pr_curves(result, out_dir) + [plot_reliability(result, out_dir / RELIABILITY_FILE)]
    (out_dir / REPORT_FILE).write_text(markdown(result, [p.name for p in images]), encoding="utf-8")
    return [out_dir / REPORT_FILE, out_dir / METRICS_FILE, *images]


def summary_lines(result: EvalResult) -> list[str]:
    m = result.metrics
    lines = [f"{m['model']} ({m['variant']}) on {m['split'] or 'examples'}: {m['n_examples']} examples"]
    for gate in result.gates:
        status = "n/a " if gate.value is None else ("PASS" if gate.passed else "FAIL")
        ci = f", 95% CI {_ci(gate.ci95)}" if gate.ci95 else ""
        lines.append(f"  {status}  {gate.name}: {_num(gate.value)} (target >= {gate.target}{ci})")
    return lines


def markdown(result: EvalResult, images: list[str]) -> str:
    m = result.metrics
    parts = [
        f"# Evaluation of {m['model']}\n",
        f"Variant `{m['variant']}`, split `{m['split'] or '-'}`, {m['n_examples']} examples. "
        + (
            "Thresholds were chosen on this split (numbers below are optimistic for it)."
            if m["threshold_search"]
            else "Thresholds are the manifest's."
        ),
        "\n## Gates (issue 2)\n",
        _table(
            ["gate", "measured", "95% CI", "target", "result"],
            [[g.name, _num(g.value), _ci(g.ci95), f">= {g.target}", _verdict(g)] for g in result.gates],
        ),
        (
            "Span F1 is exact match (same start, end and type), micro over the family's types. The 95% CI is a "
            "bootstrap over this split's examples (1,000 resamples, seeded): a margin inside it is within the "
            "luck of which examples the split holds.\n"
        ),
        *_entity_sections(m["entities"]),
        *[_head_section(h, m[h]) for h in HEADS],
        _leak_section(m["system_prompt_leak"]),
        *([_source_section(m["by_source"])] if m.get("by_source") else []),
        _calibration_section(m),
        *([_agreement_section(m["agreement"])] if m["agreement"] else []),
        "## Figures\n",
        *[f"![{name}]({name})\n" for name in images],
    ]
    return "\n".join(parts)


def _entity_sections(report: dict) -> list[str]:
    out = [f"## Entities\n\n{report['n_examples']} examples with complete entity labels.\n"]
    for family in ("pii", "secret"):
        exact, overlap = report[family]["exact"], report[family]["overlap"]
        rows = [
            [
                t,
                c["support"],
                _num(c["precision"]),
                _num(c["recall"]),
                _num(c["f1"]),
                _num(overlap["types"][t]["precision"]),
                _num(overlap["types"][t]["recall"]),
                _num(overlap["types"][t]["f1"]),
                _num(c["threshold"]),
            ]
            for t, c in exact["types"].items()
        ]
        micro = exact["micro"]
        rows.append(["**micro**", micro["support"], *_prf(micro), *_prf(overlap["micro"]), ""])
        rows.append(
            [
                f"**macro** ({exact['macro_types']} types)",
                "",
                "",
                "",
                _num(exact["macro_f1"]),
                "",
                "",
                _num(overlap["macro_f1"]),
                "",
            ]
        )
        out += [
            f"### {family.upper() if family == 'pii' else 'Secrets'}\n",
            _table(
                [
                    "type",
                    "gold",
                    "P exact",
                    "R exact",
                    "F1 exact",
                    "P overlap",
                    "R overlap",
                    "F1 overlap",
                    "threshold",
                ],
                rows,
            ),
        ]
    return out


def _head_section(head: str, report: dict) -> str:
    rows = [
        [
            label,
            v["support"],
            v.get("unknown", 0),
            _num(v["auprc"]),
            _num(v["precision"]),
            _num(v["recall"]),
            _num(v["f1"]),
            _num(v["threshold"]),
            report["excluded_from_macro"].get(label, ""),
        ]
        for label, v in report["labels"].items()
    ]
    partial = report.get("n_partial", 0)
    strict = (
        f" Counting the unlisted labels of the {partial} positive-only examples as negatives instead: "
        f"macro-F1 {_num(report.get('macro_f1_absent_as_negative'))}."
        if partial
        else ""
    )
    return (
        f"## {head.capitalize()}\n\n{report['n_examples']} examples with {head} labels, {partial} of them "
        f"positive-only (a label their source did not list is unknown, column `unknown`). "
        f"Macro-F1 {_num(report['macro_f1'])}, macro-AUPRC {_num(report['macro_auprc'])} "
        f"over {len(rows) - len(report['excluded_from_macro'])} labels.{strict}\n\n"
        + _table(
            ["label", "support", "unknown", "AUPRC", "P", "R", "F1", "threshold", "excluded from macro"], rows
        )
    )


def _source_section(rows: dict[str, dict]) -> str:
    def f1(counts: dict | None) -> str:
        return "" if counts is None else f"{_num(counts['f1'])} ({counts['tp'] + counts['fn']})"

    table = [
        [source, r["n_examples"], f1(r["pii"]), f1(r["secret"]), f1(r["topics"]), f1(r["leakage"])]
        for source, r in rows.items()
    ]
    return (
        "## By source\n\nMicro-F1 (positives in brackets) at the thresholds in force: exact spans for PII and "
        "secrets, known labels for topics and leakage. Blank: the source does not label that head.\n\n"
        + _table(["source", "examples", "PII", "secrets", "topics", "leakage"], table)
    )


def _leak_section(leak: dict) -> str:
    detectors = ", ".join(f"{k}: {v}" for k, v in leak["true_positives_by_detector"].items()) or "none"
    return (
        "## System-prompt leak detection\n\nPositive when any detector (model head, prompt_overlap, "
        f"prompt_similarity) reports `system_prompt_disclosure`. {leak['n_examples']} examples, "
        f"{leak['with_system_prompt']} with a system prompt, {leak['support']} leaks.\n\n"
        + _table(["P", "R", "F1", "tp", "fp", "fn"], [[*_prf(leak), leak["tp"], leak["fp"], leak["fn"]]])
        + f"\nTrue positives by detector: {detectors}.\n"
    )


def _calibration_section(m: dict) -> str:
    rows = [[h, _num(m[h]["calibration"]["ece"]), sum(m[h]["calibration"]["count"])] for h in HEADS]
    rows.append(
        [
            "entities (model spans)",
            _num(m["entities"]["calibration"]["ece"]),
            sum(m["entities"]["calibration"]["count"]),
        ]
    )
    intro = "## Calibration\n\nExpected calibration error, 10 equal-width bins.\n\n"
    return intro + _table(["head", "ECE", "n"], rows)


def _agreement_section(agreed: dict) -> str:
    by_head = ", ".join(f"{k} {_pct(v)}" for k, v in agreed["by_head"].items())
    return (
        f"## Variant agreement\n\n{agreed['variant']} agrees with {agreed['reference']} on "
        f"{_pct(agreed['agreement'])} of labels over {agreed['n_texts']} texts ({by_head}). Entities count "
        "one label per text: the same set of entity findings.\n"
    )


def plot_pr_curves(result: EvalResult, out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    for head, per_label in result.curves.items():
        fig, ax = plt.subplots(figsize=(10, 6))
        # tab20: 18 topics need more distinct colours than the default cycle's ten.
        colours = plt.get_cmap("tab20").colors
        for i, (label, (precision, recall)) in enumerate(per_label.items()):
            auprc = result.metrics[head]["labels"][label]["auprc"]
            ax.step(
                recall,
                precision,
                where="pre",
                color=colours[i % len(colours)],
                label=f"{label} (AP {_num(auprc)})",
            )
        ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.02), title=f"PR curves: {head}")
        if per_label:
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        path = out_dir / f"pr_{head}.png"
        fig.savefig(path, dpi=100, bbox_inches="tight")
        plt.close(fig)
        paths.append(path)
    return paths


def plot_reliability(result: EvalResult, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [(h, result.metrics[h]["calibration"]) for h in HEADS]
    panels.append(("entities", result.metrics["entities"]["calibration"]))
    fig, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 4))
    for ax, (name, cal) in zip(axes, panels):
        points = [(c, a) for c, a in zip(cal["confidence"], cal["accuracy"]) if c is not None]
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey")
        if points:
            ax.plot(*zip(*points), marker="o")
        ax.set(
            xlabel="mean predicted probability",
            ylabel="fraction true",
            xlim=(0, 1),
            ylim=(0, 1),
            title=f"{name} (ECE {_num(cal['ece'])})",
        )
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _prf(counts: dict) -> list[str]:
    return [_num(counts["precision"]), _num(counts["recall"]), _num(counts["f1"])]


def _verdict(gate) -> str:
    return "n/a" if gate.value is None else ("pass" if gate.passed else "FAIL")


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ci(interval: tuple[float, float] | list[float] | None) -> str:
    return "n/a" if not interval else f"{interval[0]:.3f}–{interval[1]:.3f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.2f}%"
