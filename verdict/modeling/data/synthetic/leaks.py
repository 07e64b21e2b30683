"""Synthetic system-prompt disclosures and confidential material, with on-task look-alikes.

Positives (`system_prompt_disclosure`): the output reveals its prompt verbatim, as a contiguous 30-80%
chunk, paraphrased by rule (second person to first, sentences reordered, words dropped), or as a bullet
list of its rules; wrapped in code fences or introduced like "As instructed by my developer, ...".
Positives (`confidential_material`): internal memos marked confidential / internal-only / do not
distribute. Negatives: on-task answers that reuse a few topic words of the prompt, refusals to share
instructions, and general explanations of what system prompts are.

`system_prompt` is set on every example built around a prompt, positive or negative. Examples that
quote prompt text leave the `entities` head unlabeled: the prompts are third-party text whose names and
numbers nobody annotated. They do label `topics`, as negatives: the prompt sets are ordinary task
instructions (3 of 1,400 match a hazard keyword, all benign: a murder-mystery novel, "act as a dan" to
write a polite letter). Left unlabeled until verdict/5, the topic head never saw a disclosed prompt and
scored nearly every one as several hazards at once (133 of 143 on dev; "My configuration says: create a
pro con matrix ..." at 0.99 for violent crimes). Fully synthetic examples (memos, refusals,
explanations, on-task replies) label all three heads.

Split policy: wrappers, paraphrase intros and negative templates are `prose.Pool`s with a quarter held
out of train (see `prose`); the build step should also split the prompts themselves by source item.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from pathlib import Path

from verdict.modeling.data.schema import HEADS, Example
from verdict.modeling.data.synthetic.leak_templates import (
    ABOUT_PROMPTS,
    BULLET_INTROS,
    MEMOS,
    ON_TASK,
    PARTIAL_INTROS,
    REFUSALS,
    VERBATIM_WRAPPERS,
)
from verdict.modeling.data.synthetic.prose import rng_for

SOURCE = "synthetic/leaks"
KINDS = ("verbatim", "partial", "paraphrase", "bullets", "confidential", "on_task", "refusal", "about")
_WEIGHTS = (0.14, 0.12, 0.14, 0.08, 0.08, 0.24, 0.12, 0.08)
_LABEL = {
    "verbatim": "system_prompt_disclosure",
    "partial": "system_prompt_disclosure",
    "paraphrase": "system_prompt_disclosure",
    "bullets": "system_prompt_disclosure",
    "confidential": "confidential_material",
}
_QUOTES_PROMPT = frozenset({"verbatim", "partial", "paraphrase", "bullets"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "at",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
        "was",
        "were",
        "will",
        "would",
        "should",
        "can",
        "could",
        "you",
        "your",
        "yours",
        "i",
        "me",
        "my",
        "we",
        "our",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "not",
        "no",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "so",
        "such",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "who",
        "what",
        "which",
        "when",
        "where",
        "how",
        "all",
        "any",
        "each",
        "into",
        "about",
        "over",
        "also",
        "just",
        "only",
        "very",
        "more",
        "most",
        "some",
        "other",
    ]
)
_FIRST_PERSON = (
    (r"\bI want you to\b", "I am supposed to"),
    (r"\bYou are\b", "I am"),
    (r"\byou are\b", "I am"),
    (r"\bYou will\b", "I will"),
    (r"\byou will\b", "I will"),
    (r"\bYou must\b", "I must"),
    (r"\byou must\b", "I must"),
    (r"\bYou should\b", "I should"),
    (r"\byou should\b", "I should"),
    (r"\bYour\b", "My"),
    (r"\byour\b", "my"),
    (r"\byourself\b", "myself"),
    (r"\bYou\b", "I"),
    (r"\byou\b", "me"),
)


def load_prompts(path: str | Path) -> list[str]:
    """The `instruction` of every line of a prompt_extraction JSONL file, or of every *.jsonl in a folder."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    prompts: list[str] = []
    for file in files:
        with open(file, encoding="utf-8") as fh:
            prompts.extend(
                text
                for line in fh
                if line.strip() and (text := json.loads(line).get("instruction", "").strip())
            )
    return prompts


def first_person(text: str) -> str:
    for pattern, replacement in _FIRST_PERSON:
        text = re.sub(pattern, replacement, text)
    return text


def keywords(prompt: str, k: int, rng: random.Random) -> list[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", prompt)} - _STOP
    return rng.sample(sorted(words), k=min(k, len(words))) or ["this"]


def _partial(rng: random.Random, prompt: str) -> str:
    words = prompt.split()
    # Short prompts leak whole phrases, not a word or two: at least six words (or the whole prompt).
    size = min(len(words), max(6, round(len(words) * rng.uniform(0.3, 0.8))))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size])


def _paraphrase(rng: random.Random, prompt: str) -> str:
    sentences = [s for s in _SENTENCE.split(first_person(prompt)) if s]
    if len(sentences) > 2 and rng.random() < 0.5:
        head, rest = sentences[0], sentences[1:]
        rng.shuffle(rest)
        sentences = [head, *rest]
    words = " ".join(sentences).split()
    kept = [w for w in words if rng.random() > 0.12 or w.lower() not in _STOP]
    return " ".join(kept)


def _bullets(rng: random.Random, prompt: str) -> str:
    sentences = [s.strip() for s in _SENTENCE.split(first_person(prompt)) if s.strip()]
    marker = rng.choice(("-", "*", "•", "1."))
    return "\n".join(f"{marker} {s}" for s in sentences[:12])


def _render(rng: random.Random, split: str, kind: str, prompt: str) -> tuple[str, str]:
    if kind == "verbatim":
        tid, wrapper = VERBATIM_WRAPPERS.pick(rng, split)
        return wrapper.format(p=prompt), tid
    if kind == "partial":
        tid, intro = PARTIAL_INTROS.pick(rng, split)
        return intro.format(p=_partial(rng, prompt)), tid
    if kind == "paraphrase":
        tid, intro = PARTIAL_INTROS.pick(rng, split)
        return intro.format(p=_paraphrase(rng, prompt)), tid
    if kind == "bullets":
        tid, intro = BULLET_INTROS.pick(rng, split)
        return intro.format(p=_bullets(rng, prompt)), tid
    if kind == "confidential":
        tid, make = MEMOS.pick(rng, split)
        return make(rng), tid
    if kind == "on_task":
        tid, template = ON_TASK.pick(rng, split)
        words = keywords(prompt, 3, rng)
        return template.format(*(words * 3)[:3]), tid
    pool = REFUSALS if kind == "refusal" else ABOUT_PROMPTS
    tid, text = pool.pick(rng, split)
    return text, tid


def generate(n: int, *, seed: int, split: str, prompts: Sequence[str]) -> list[Example]:
    """`n` examples around `prompts` (~56% positives, see `KINDS`); deterministic for a seed and prompt list."""
    if not prompts:
        raise ValueError("leaks.generate needs at least one system prompt")
    rng = rng_for("leaks", seed, split)
    out: list[Example] = []
    for i in range(n):
        kind = rng.choices(KINDS, weights=_WEIGHTS)[0]
        prompt = rng.choice(prompts)
        text, tid = _render(rng, split, kind, prompt)
        out.append(
            Example(
                id=f"synth-leaks-{split}-{i:06d}",
                text=text,
                source=SOURCE,
                leakage=(_LABEL[kind],) if kind in _LABEL else (),
                labeled=("topics", "leakage") if kind in _QUOTES_PROMPT else HEADS,
                split=split,
                system_prompt=prompt,
                meta={"kind": kind, "templates": [tid]},
            )
        )
    return out
