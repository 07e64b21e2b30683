"""System-prompt disclosure by verbatim overlap: 8-word shingles of the output found in a protected prompt.

Both sides are normalized and compared as lower-cased word sequences, so spacing, case, punctuation and
the evasions `verdict.runtime.normalize` undoes do not hide a copy. Hashing shingles keeps it O(len(text) +
len(prompt)); the prompt's shingles are cached per prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from verdict.runtime.detectors.base import DetectContext
from verdict.runtime.findings import Finding
from verdict.runtime.normalize import normalize

SHINGLE = 8
MIN_WORDS = 8
MIN_FRACTION = 0.2  # of the prompt's words that must appear in the output
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _PromptIndex:
    words: int
    shingles: dict[tuple[str, ...], int]  # shingle -> its first word position in the prompt


@lru_cache(maxsize=256)
def _index(prompt: str) -> _PromptIndex:
    words = [w.lower() for w in _WORD.findall(normalize(prompt).text)]
    shingles: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - SHINGLE + 1):
        shingles.setdefault(tuple(words[i : i + SHINGLE]), i)
    return _PromptIndex(len(words), shingles)


@dataclass(frozen=True, slots=True)
class PromptOverlapDetector:
    name: str = "prompt_overlap"
    entity_types: tuple[str, ...] = ()

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        prompts = ((context.system_prompt,) if context.system_prompt else ()) + context.protected_prompts
        if not prompts:
            return []
        matches = list(_WORD.finditer(text))
        words = [m.group().lower() for m in matches]
        findings: list[Finding] = []
        for prompt in dict.fromkeys(prompts):
            findings += self._overlaps(matches, words, _index(prompt))
        return findings

    def _overlaps(self, matches: list[re.Match[str]], words: list[str], index: _PromptIndex) -> list[Finding]:
        covered_text = [False] * len(words)
        covered_prompt: set[int] = set()
        for i in range(len(words) - SHINGLE + 1):
            at = index.shingles.get(tuple(words[i : i + SHINGLE]))
            if at is not None:
                covered_text[i : i + SHINGLE] = [True] * SHINGLE
                covered_prompt.update(range(at, at + SHINGLE))
        if len(covered_prompt) < max(MIN_WORDS, MIN_FRACTION * index.words):
            return []
        fraction = len(covered_prompt) / index.words
        score = 0.5 + 0.5 * fraction
        explanation = f"{len(covered_prompt)}/{index.words} prompt words copied verbatim"
        return [
            Finding(
                "leakage",
                "system_prompt_disclosure",
                score,
                matches[a].start(),
                matches[b - 1].end(),
                self.name,
                explanation,
            )
            for a, b in _runs(covered_text)
        ]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, flag in enumerate(flags + [False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    return runs
