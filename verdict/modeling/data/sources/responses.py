"""Adapters for real assistant *outputs*: harmful answers and refusals to harmful requests, and chatbot
replies to everyday posts."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.sources import labels
from verdict.modeling.data.sources.reader import (
    POSITIVE_TOPICS,
    behavior_key,
    collect,
    harmbench_val_behaviors,
    make,
    read_csv,
    read_json,
    read_jsonl,
)
from verdict.modeling.data.sources.requests import harmbench_topics


def load_gptfuzz_responses(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for part in ("train", "evaluate"):

        def convert(item: tuple[int, dict], part: str = part) -> Example | None:
            n, r = item
            question = int(r["question"])
            if r["label"] == "0":
                # A refusal names the harm it refuses ("I can't help you rob a bank"): a hard negative.
                topics: tuple[str, ...] | None = ()
            elif r["label"] == "1":
                topics = labels.GPTFUZZ_QUESTIONS[question]
            else:
                raise ValueError(f"label {r['label']!r}")
            if topics is None:
                return None
            # Grouped by question, so dev/test hold answers to questions train never saw.
            return make("gptfuzz_responses", f"{part}-{n}", r["Response"], topics, group=f"q{question}")

        out += collect(
            "gptfuzz_responses",
            enumerate(read_csv(root / f"topics/gptfuzz_responses/{part}.csv")),
            convert,
            skipped,
        )
    return out


def _harmbench_index(root: Path) -> dict[str, tuple[str, str]]:
    """Normalized behaviour text -> (SemanticCategory, behaviour) for the join."""
    index: dict[str, tuple[str, str]] = {}
    for r in read_csv(root / "topics/harmful_requests/harmbench_behaviors_text_all.csv"):
        index[_key(r["Behavior"])] = (r["SemanticCategory"], r["Behavior"])
    return index


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_harmful_responses(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    index = _harmbench_index(root)
    held_out = harmbench_val_behaviors(root)

    def convert(item: tuple[int, dict]) -> Example | None:
        n, r = item
        category, behavior = index[_key(r["user"])]  # KeyError: no HarmBench behaviour, counted as bad
        if behavior_key(behavior) in held_out:  # judged in the dev-only harmbench_val
            return None
        topics = harmbench_topics(category, behavior)
        # HarmBench's categories, like its behaviours': positive-only (requests.py).
        if not topics:
            return None
        return make(
            "harmful_responses", n, r["assistant"], topics, partial=POSITIVE_TOPICS, group=_key(behavior)[:80]
        )

    return collect(
        "harmful_responses",
        enumerate(read_json(root / "topics/harmful_responses/many_shot_examples.json")),
        convert,
        skipped,
    )


# DiaSafety: the one class whose unsafe replies are unsafe on their own, insults aimed at the user. The
# other classes (agreeing with a toxic post, cheering on a risk, medical say-so, a biased take) are unsafe
# only given the user's post, which a response-only model does not see.
DIASAFETY_SELF_EVIDENT = "Offending User"


def load_diasafety(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    rows = list(read_jsonl(root / "topics/diasafety/diasafety.jsonl.gz"))
    # One reply can follow several posts; unsafe after any of them, it is no safe negative.
    unsafe = {r.get("text", "").strip() for r in rows if r.get("label") == 1}
    seen: set[str] = set()

    def convert(r: dict) -> Example | None:
        text = r["text"].strip()
        if text in seen:
            return None
        if r["label"] == 0 and text not in unsafe:
            topics: tuple[str, ...] = ()
            partial: tuple[str, ...] = ()
        elif r["label"] == 1 and r["category"] == DIASAFETY_SELF_EVIDENT:
            # An insult says nothing of the topics it overlaps (a threat may be a violent crime): positive-only.
            topics, partial = ("harassment",), POSITIVE_TOPICS
        elif r["label"] in (0, 1):
            return None
        else:
            raise ValueError(f"label {r['label']!r}")
        seen.add(text)
        # Grouped by the user's post, so replies to one post share a split.
        return make("diasafety", r["id"], text, topics, partial=partial, group=r["prompt"][:200])

    return collect("diasafety", rows, convert, skipped)
