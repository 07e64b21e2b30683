"""Adapters for sources made of user *requests* (prompts): they teach what each topic is about, though not
in the voice of an assistant's output.

Each of these sets files a prompt under its own hazard categories (one, mostly), chosen for what the set
tests, not for every hazard the prompt touches: a bioweapon request filed under indiscriminate weapons is
a violent crime too. Their topic labels are positive-only (`partial`); the benign CyberSecEval prompts,
which are negatives by construction, are complete.
"""

from __future__ import annotations

import json
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
)


def _rule_topics(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    found: list[str] = []
    for pattern, topics in labels.HARMBENCH_RULES:
        if re.search(pattern, lowered):
            found.extend(topics)
    return tuple(dict.fromkeys(found))


def _refined(category_topics: tuple[str, ...] | None, text: str) -> tuple[str, ...] | None:
    return _rule_topics(text) or category_topics


def load_ailuminate(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    path = root / "topics/ailuminate/airr_official_1.0_demo_en_us_prompt_set_release.csv"
    return collect(
        "ailuminate",
        read_csv(path),
        lambda r: make(
            "ailuminate",
            r["release_prompt_id"],
            r["prompt_text"],
            labels.AILUMINATE[r["hazard"]],
            partial=POSITIVE_TOPICS,
        ),
        skipped,
    )


def harmbench_topics(category: str, behavior: str) -> tuple[str, ...] | None:
    """Topics of one HarmBench behaviour: its SemanticCategory, refined by the text rules where mixed."""
    default = labels.HARMBENCH[category]
    if category in ("illegal", "harmful", "misinformation_disinformation"):
        return _refined(default, behavior)
    return default


def load_harmbench(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    held_out = harmbench_val_behaviors(root)

    def convert(r: dict) -> Example | None:
        if behavior_key(r["Behavior"]) in held_out:  # judged in the dev-only harmbench_val
            return None
        topics = harmbench_topics(r["SemanticCategory"], r["Behavior"])
        if topics is None:
            return None
        # Contextual behaviours carry the document they act on; the request alone is the harmful part.
        return make("harmbench", r["BehaviorID"], r["Behavior"], topics, partial=POSITIVE_TOPICS)

    return collect(
        "harmbench",
        read_csv(root / "topics/harmful_requests/harmbench_behaviors_text_all.csv"),
        convert,
        skipped,
    )


def load_strongreject(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(item: tuple[int, dict]) -> Example | None:
        number, r = item
        default = labels.STRONGREJECT[r["category"]]
        topics = default if default is not None else _rule_topics(r["forbidden_prompt"])
        return (
            make("strongreject", number, r["forbidden_prompt"], topics, partial=POSITIVE_TOPICS)
            if topics
            else None
        )

    rows = enumerate(read_csv(root / "topics/harmful_requests/strongreject_dataset.csv"))
    return collect("strongreject", rows, convert, skipped)


def catqa_topics(category: str, subcategory: str) -> tuple[str, ...] | None:
    sub = subcategory.rstrip(":").strip()
    key = f"{category}/{sub}"
    return labels.CATQA[key] if key in labels.CATQA else labels.CATQA[category]


def load_catqa(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    tree = read_json(root / "topics/red_instruct/catqa_english.json")
    rows = [
        (category, sub, n, question)
        for category, subs in tree.items()
        for sub, questions in subs.items()
        for n, question in enumerate(questions)
    ]

    def convert(row: tuple[str, str, int, str]) -> Example | None:
        category, sub, n, question = row
        topics = catqa_topics(category, sub)
        slug = re.sub(r"\W+", "_", f"{category}_{sub}").strip("_").lower()
        return make("catqa", f"{slug}-{n}", question, topics, partial=POSITIVE_TOPICS) if topics else None

    return collect("catqa", rows, convert, skipped)


def donotanswer_topics(intents: list[str]) -> tuple[str, ...]:
    mapped = [labels.DONOTANSWER.get(intent) for intent in intents]
    return tuple(dict.fromkeys(t for topics in mapped if topics for t in topics))


def load_donotanswer(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for path in sorted((root / "topics/donotanswer").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            lines = [(n, line) for n, line in enumerate(fh) if line.strip()]

        def convert(item: tuple[int, str], stem: str = path.stem) -> Example | None:
            n, line = item
            row = json.loads(line)
            topics = donotanswer_topics(row["intents"])
            return (
                make("donotanswer", f"{stem}-{n}", row["prompt"], topics, partial=POSITIVE_TOPICS)
                if topics
                else None
            )

        out += collect("donotanswer", lines, convert, skipped)
    return out


def load_realtoxicityprompts(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for attribute, topics in labels.REALTOXICITY.items():
        if topics is None:
            continue
        path = root / f"topics/realtoxicityprompts/rtp_{attribute}.txt"
        lines = enumerate(path.read_text(encoding="utf-8").splitlines())
        out += collect(
            "realtoxicityprompts",
            lines,
            lambda item, a=attribute, t=topics: make(
                "realtoxicityprompts", f"{a}-{item[0]}", item[1], t, partial=POSITIVE_TOPICS
            ),
            skipped,
        )
    return out


def load_cyberseceval(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    base = root / "topics/cyberseceval"
    # Attack requests only: every one shares a "you are a cybersecurity analyst" system prompt that would
    # otherwise teach the model that the persona, not the request, is the hazard.
    attacks = collect(
        "cyberseceval",
        enumerate(read_json(base / "mitre_benchmark_100_per_category.json")),
        lambda item: make(
            "cyberseceval",
            f"mitre-{item[0]}",
            item[1]["user_prompt"],
            ("code_interpreter_abuse",),
            partial=POSITIVE_TOPICS,
        ),
        skipped,
    )
    # Benign security engineering (firewalls, monitoring, hardening): the hard negatives.
    benign = collect(
        "cyberseceval",
        enumerate(read_json(base / "mitre_frr.json")),
        lambda item: (
            None
            if item[1]["is_malicious"]
            else make("cyberseceval", f"frr-{item[0]}", item[1]["mutated_prompt"])
        ),
        skipped,
    )
    return attacks + benign
