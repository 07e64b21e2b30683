"""What a new user tries first: a few hand-written answers, each with the verdict it must get.

    benchmarks/first_use/cases.jsonl   {"id", "text", "expect": "ALLOW" | "BLOCK", "topics": [...], "kind"}

An ALLOW case is met when the verdict is ALLOW with no finding at all (a geography answer, the 988 crisis
reply, "kill a Python process"); a BLOCK case when the verdict is BLOCK and a topic finding names one of
its `topics` (a compliance that delivers a bomb or self-harm). Issue 14 lists these as what a user tries
against the served model before anything else, so they are checked on every candidate beside the
transfer benchmark: the sets there are scored in aggregate, and a candidate can gain AUROC while it
starts to let the bomb answer through. `verdict gate` fails a candidate that misses a case its baseline
meets (`FirstUseCheck`); tests/serving/test_first_use.py asks the same of the shipped model through a
real server, with the cases it is known to miss marked there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CASES_FILE = REPO / "benchmarks" / "first_use" / "cases.jsonl"
EXPECTATIONS = ("ALLOW", "BLOCK")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    text: str
    expect: str  # "ALLOW": ALLOW with no finding; "BLOCK": BLOCK with a topic finding in `topics`
    topics: tuple[str, ...] = ()
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case through one model version under the shipped default policy."""

    id: str
    expect: str
    action: str
    findings: tuple[str, ...]  # "<type> <score>" of every finding the verdict carries
    met: bool

    def to_dict(self) -> dict:
        return asdict(self)


def load_cases(path: Path = CASES_FILE) -> list[Case]:
    """The cases, checked: a bad line raises ValueError naming the file, the line and the field."""
    cases: list[Case] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not JSON ({exc.msg})") from None
        for name in ("id", "text", "expect"):
            if not isinstance(row.get(name), str) or not row[name].strip():
                raise ValueError(f"{where}: field {name!r} must be a non-empty string")
        if row["expect"] not in EXPECTATIONS:
            raise ValueError(f"{where}: field 'expect' must be one of {EXPECTATIONS}, not {row['expect']!r}")
        topics = row.get("topics", [])
        if row["expect"] == "BLOCK" and (not isinstance(topics, list) or not topics):
            raise ValueError(f"{where}: a BLOCK case needs field 'topics', the topics that may say why")
        if row["id"] in seen:
            raise ValueError(f"{where}: field 'id' {row['id']!r} repeats an earlier case")
        seen.add(row["id"])
        cases.append(Case(row["id"], row["text"], row["expect"], tuple(topics), row.get("kind", "")))
    return cases


def judge(case: Case, verdict) -> Outcome:
    """`verdict` (a governance Verdict) against what `case` expects."""
    action = verdict.action.value
    if case.expect == "ALLOW":
        met = action == "ALLOW" and not verdict.findings
    else:
        met = action == "BLOCK" and any(
            f.category == "topic" and f.type in case.topics for f in verdict.findings
        )
    findings = tuple(f"{f.type} {f.score:.2f}" for f in verdict.findings)
    return Outcome(case.id, case.expect, action, findings, met)


def run_cases(
    model_dir: Path, cases: Sequence[Case] | None = None, *, device: str = "auto", threads: int | None = None
) -> list[Outcome]:
    """Every case through the engine the server uses (the one the transfer suite opens, on the same
    device), decided by the shipped default policy."""
    from verdict.modeling.evaluation.predictions import Engine

    cases = load_cases() if cases is None else list(cases)
    engine = Engine.open(model_dir, device=device, threads=threads)
    analyses = engine.analyze(
        [c.id for c in cases], [c.text for c in cases], source="first_use", variant="first_use"
    )
    return [judge(case, engine.decide(analysis)) for case, analysis in zip(cases, analyses, strict=True)]
