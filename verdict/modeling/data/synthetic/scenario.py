"""A pivot scenario (`synthetic.pivots`): its own module, so the scenario files and the generator that
reads them import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scenario:
    topics: tuple[str, ...]  # what the harmful endings violate
    task: str  # the everyday request the answer helps with, for the bold format's heading
    answer: tuple[str, ...]  # benign, helpful paragraphs on the task (1-2 sentences each)
    turns: tuple[str, ...]  # lead-ins to the side subject ("Since you also asked about the dog,")
    harmful: tuple[str, ...]  # endings that deliver the harm (placeholders for specifics)
    responsible: tuple[str, ...]  # endings on the same side subject that do not
