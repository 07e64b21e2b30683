"""What every detector is: data plus one hook, `detect(clean_text, context) -> list[Finding]`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from verdict.runtime.findings import Finding
from verdict.runtime.taxonomy import category_of_entity


@dataclass(frozen=True, slots=True)
class DetectContext:
    """What a detector may know besides the text: the prompts whose disclosure counts as a leak."""

    system_prompt: str | None = None
    protected_prompts: tuple[str, ...] = ()


class Detector(Protocol):
    """Spans a detector returns are on the text it is given (the normalized text); the analyzer maps
    them back to the original."""

    name: str
    entity_types: tuple[str, ...]

    def detect(self, text: str, context: DetectContext) -> list[Finding]: ...


def entity_finding(
    entity_type: str, start: int, end: int, score: float, detector: str, explanation: str = ""
) -> Finding:
    return Finding(category_of_entity(entity_type), entity_type, score, start, end, detector, explanation)
