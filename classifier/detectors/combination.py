"""How model spans and rule hits become one list of findings.

Policy (all spans on the same text):

1. A model finding of a type that has a validator (see `checksums.VALIDATORS`) is checked on the text
   it covers. FAIL: score x 0.3, explanation "failed checksum:<algo>" (a card number that fails Luhn is
   rarely a card). PASS: score raised to at least 0.9, explanation "validated by checksum:<algo>".
   Types without a validator are kept as they are.
2. A rule finding that overlaps no kept finding of the same type is added as it is, its detector named,
   except a format-only hit (`phonenumbers`, `regex:*`: no checksum behind it) that overlaps a model
   finding of another type which did not fail its own check: the model read the context (a medical
   record number, an account number) and a digit pattern alone does not overrule it.
3. A rule finding that overlaps kept findings of the same type is merged with them: one finding over
   the union of the spans, the highest score, and the detector names joined with "+", the model's first
   ("model+checksum:luhn"), so the explanation shows both sources agreed.

4. GENERIC_API_KEY is the catch-all secret type: a rule's generic hit yields to any overlapping finding
   of a specific secret type (an OpenAI key in an `X-Api-Key:` header is an OPENAI_KEY, once).

Findings of different types never merge otherwise: a 9-digit span may be an SSN to one source and a TFN to
another, and policy decides between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from classifier.detectors.checksums import VALIDATORS, validate
from classifier.findings import Finding

FAILED_CHECKSUM_FACTOR = 0.3
VALIDATED_SCORE = 0.9


def combine(model_findings: Iterable[Finding], rule_findings: Iterable[Finding], text: str) -> list[Finding]:
    kept = [_checked(f, text) for f in model_findings]
    for rule in rule_findings:
        overlapping = [i for i, f in enumerate(kept) if f.type == rule.type and f.start < rule.end and rule.start < f.end]
        if not overlapping:
            if not _overruled(rule, kept):
                kept.append(rule)
            continue
        merged = _merge([kept[i] for i in overlapping] + [rule])
        kept = [f for i, f in enumerate(kept) if i not in overlapping] + [merged]
    kept = [f for f in kept if not _generic_shadowed(f, kept)]
    return sorted(kept, key=lambda f: (f.start, -f.end, f.type))


CATCH_ALL_SECRET = "GENERIC_API_KEY"


def _generic_shadowed(finding: Finding, kept: list[Finding]) -> bool:
    if finding.type != CATCH_ALL_SECRET or finding.detector.startswith("model"):
        return False
    return any(
        f.category == "leakage" and f.type != CATCH_ALL_SECRET and "failed" not in f.explanation
        and f.start < finding.end and finding.start < f.end
        for f in kept
    )


FORMAT_ONLY_DETECTORS = ("phonenumbers", "regex:")


def _overruled(rule: Finding, kept: list[Finding]) -> bool:
    if not rule.detector.startswith(FORMAT_ONLY_DETECTORS):
        return False
    return any(
        f.detector.startswith("model") and f.type != rule.type and "failed" not in f.explanation
        and f.start < rule.end and rule.start < f.end
        for f in kept
    )


def _checked(finding: Finding, text: str) -> Finding:
    verdict = validate(finding.type, text[finding.start : finding.end])
    if verdict is None:
        return finding
    algo = f"checksum:{VALIDATORS[finding.type].algo}"
    if verdict:
        return replace(finding, score=max(finding.score, VALIDATED_SCORE), explanation=_join(finding.explanation, f"validated by {algo}"))
    return replace(
        finding, score=finding.score * FAILED_CHECKSUM_FACTOR, explanation=_join(finding.explanation, f"failed {algo}")
    )


def _merge(findings: list[Finding]) -> Finding:
    detectors: list[str] = []
    for f in findings:
        for name in f.detector.split("+"):
            if name not in detectors:
                detectors.append(name)
    best = max(findings, key=lambda f: f.score)
    return replace(
        findings[0],
        start=min(f.start for f in findings),
        end=max(f.end for f in findings),
        score=best.score,
        detector="+".join(detectors),
        explanation=best.explanation,
    )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
