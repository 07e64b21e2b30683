"""Evaluation of a model version on a labeled split (`verdict eval`).

Modules: `metrics` (span matching, P/R/F1, average precision, calibration; pure numpy),
`thresholds` (F1-maximizing cuts on dev), `predictions` (the serving engine over examples),
`entities` / `labels` / `agreement` (what is measured), `evaluator` (`evaluate() -> EvalResult`,
the gates), `report` (Markdown, JSON, PNG), `cli` (the subcommand).
"""

from __future__ import annotations

from verdict.modeling.evaluation.cli import add_arguments, run


def __getattr__(name: str):
    # `verdict` imports this package to build its parser; the evaluator (numpy, the analyzer) loads on use.
    if name in ("evaluate", "EvalResult", "write_thresholds"):
        from verdict.modeling.evaluation import evaluator

        return getattr(evaluator, name)
    raise AttributeError(name)


__all__ = ["EvalResult", "add_arguments", "evaluate", "run", "write_thresholds"]
