"""The pattern detector: every entity record's regex candidates, each confirmed by its check or its
type's validator before it is reported.

Context words ("test card", "example") are mostly left to the model: these rules read shape. What they
do read around a match (see `context` and `surroundings`): a match glued into a longer token is not one;
the label before a digit-only national number with a weak check (SIN, ITIN) may name another type; a
labelled shape (a licence, a passport) counts only after its label; a dotted quad among version words is
not an address. Documentation values (an address at example.com) and published test values (a payment
provider's test card) are the records' to tell (`Pattern.documentation`, `Pattern.known_test`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.context import cued, named_otherwise
from verdict.runtime.detectors.entities import PATTERNS, VALIDATORS, Pattern, validate
from verdict.runtime.detectors.surroundings import glued
from verdict.runtime.findings import Finding

VALIDATED_SCORE = 0.95
FORMAT_ONLY_SCORE = 0.85  # types with no checksum: the shape is all the evidence
KNOWN_TEST_SCORE = 0.5

PATTERN_BY_NAME = {p.name: p for p in PATTERNS}


def is_whole(pattern: Pattern | str, value: str, *, report_documentation: bool = False) -> bool:
    """True when all of `value` is one match of `pattern` (or the pattern of that name) that its check
    or validator accepts (and, unless told otherwise, not a documentation value)."""
    if isinstance(pattern, str):
        pattern = PATTERN_BY_NAME[pattern]
    if pattern.regex.fullmatch(value) is None:
        return False
    if pattern.documentation and not report_documentation and pattern.documentation(value):
        return False
    return _confirmed(pattern, value, 0) is not None


@dataclass(frozen=True, slots=True)
class PatternDetector:
    patterns: tuple[Pattern, ...] = PATTERNS
    # True: documentation values (user@example.com) are reported like any other, for tests that write
    # them as stand-ins for real ones.
    report_documentation: bool = False
    name: str = "patterns"

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.entity_type for p in self.patterns))

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings: list[Finding] = []
        for pattern in self.patterns:
            if pattern.gate and pattern.gate not in text:
                continue
            for m in pattern.regex.finditer(text):
                if not _stands_apart(text, *m.span()) or _vetoed(pattern, text, *m.span()):
                    continue
                if (
                    pattern.documentation
                    and not self.report_documentation
                    and pattern.documentation(m.group())
                ):
                    continue
                label = cued(text, m.start(), pattern.entity_type) if pattern.labelled else None
                if pattern.labelled and (label is None or label.lower() in pattern.unless_label):
                    continue
                finding = _first_confirmed(pattern, m.group(), m.start())
                if finding is None:
                    continue
                if label is not None:
                    finding = replace(finding, explanation=f'label "{label}"')
                if pattern.retype is not None:
                    finding = replace(finding, type=pattern.retype(text, finding.start, finding.end))
                findings.append(finding)
        return findings


def _vetoed(pattern: Pattern, text: str, start: int, end: int) -> bool:
    if pattern.veto is not None and pattern.veto(text, start, end):
        return True
    return pattern.quiet_after_other_label and named_otherwise(text, start, pattern.entity_type)


def _stands_apart(text: str, start: int, end: int) -> bool:
    """Not a piece of a longer token; and not after a "+", which starts an E.164 phone number."""
    return not glued(text, start, end) and not (start > 0 and text[start - 1] == "+")


def _first_confirmed(pattern: Pattern, value: str, start: int) -> Finding | None:
    """The match confirmed; for a pattern that shrinks, else its longest cut at a separator that is."""
    finding = _confirmed(pattern, value, start)
    if finding is not None or not pattern.shrinks:
        return finding
    for cut in reversed([i for i, c in enumerate(value) if not c.isalnum()]):
        head = value[:cut]
        if pattern.regex.fullmatch(head) is not None and (finding := _confirmed(pattern, head, start)):
            return finding
    return None


def _confirmed(pattern: Pattern, value: str, start: int) -> Finding | None:
    if pattern.check is not None:
        if not pattern.check(value):
            return None
        detector = f"checksum:{pattern.algo}" if pattern.algo else f"regex:{pattern.name}"
        score = pattern.score or (VALIDATED_SCORE if pattern.algo else FORMAT_ONLY_SCORE)
        return entity_finding(pattern.entity_type, start, start + len(value), score, detector)
    if not validate(pattern.entity_type, value):
        return None
    detector = f"checksum:{VALIDATORS[pattern.entity_type].algo}"
    end = start + len(value)
    if pattern.known_test is not None and pattern.known_test(value):
        return entity_finding(
            pattern.entity_type, start, end, KNOWN_TEST_SCORE, detector, "known test number"
        )
    return entity_finding(pattern.entity_type, start, end, VALIDATED_SCORE, detector)
