"""Adapters for benign assistant outputs and everyday dialogue: topic and leakage negatives.

They are not entity negatives: a roleplay answer or a chat turn names people nobody marked.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.sources.reader import collect, make, read_csv, read_json, read_jsonl

GPTEACHER_FILES: tuple[str, ...] = (
    "Codegen/codegen-instruct.json",
    "Roleplay/roleplay-simple-deduped-roleplay-instruct.json",
    "Toolformer/toolformer-dedupe-only-dataset.json",
)
PERSONA_CHAT_FILES: tuple[str, ...] = ("Synthetic-Persona-Chat_test.csv", "Synthetic-Persona-Chat_valid.csv")
# Turns per persona-chat example: one turn is often a few words, a whole conversation is long.
PERSONA_TURNS_PER_EXAMPLE = 4
# persona_turns: single chat turns of at most this many words. Short texts in the topic sources are mostly
# insults (tweets, abuse aimed at chatbots), so without short everyday turns beside them verdict/7 scored
# "Hey" 0.75 and "k" 0.75 for harassment.
PERSONA_TURN_MAX_WORDS = 15
# short_benign: words in a kept sentence, the most digits among its non-space characters (tables,
# dosages and dates read like identifiers, not everyday prose), and the share of MedQuAD answers read
# (medical prose is one register; everyday answers are what the topic head lacks).
SHORT_WORDS = (3, 25)
SHORT_MAX_DIGIT_SHARE = 0.1
MEDQUAD_SHORT_EVERY = 4
# Lines, and list items run into one line (MedQuAD's "  -  "), hold the sentences.
_LINE_BREAK = re.compile(r"\n|\s+[-•]\s+(?=[A-Z])")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
# Markup, code, links and addresses: not the plain sentences this source is for.
_NOT_PROSE = re.compile(r"[`*#|<>{}\[\]_=\\@]|https?:|www\.")


def _oasst_flagged(r: dict) -> bool:
    # Flagged prompts (weapons, drugs, sex...) may have drawn harmful answers: not safe as negatives.
    return r["prompt_flagged"] is True or r["prompt_flagged"] == "True"


def _oasst_group(r: dict) -> str:
    return r["prompt"][:200]


def load_oasst_outputs(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(item: tuple[int, dict]) -> Example | None:
        n, r = item
        if _oasst_flagged(r):
            return None
        return make("oasst_outputs", n, r["output"], group=_oasst_group(r))

    rows = enumerate(read_jsonl(root / "benign/oasst_outputs/outputs.jsonl.gz"))
    return collect("oasst_outputs", rows, convert, skipped)


def load_gpteacher(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    out: list[Example] = []
    for name in GPTEACHER_FILES:
        kind = name.split("/", 1)[0].lower()
        rows = enumerate(read_json(root / "benign/gpteacher" / name))
        out += collect(
            "gpteacher",
            rows,
            lambda item, k=kind: make("gpteacher", f"{k}-{item[0]}", item[1]["response"]),
            skipped,
        )
    return out


def load_medquad(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    # NIH reference answers: medical information, not individual advice. The hard negatives of
    # specialized_advice_medical.
    rows = enumerate(read_jsonl(root / "benign/medquad/medquad_qa.jsonl.gz"))
    return collect(
        "medquad",
        rows,
        lambda item: make("medquad", item[0], item[1]["answer"], group=item[1]["question"]),
        skipped,
    )


def _persona_chunks(n: int, conversation: str, stem: str) -> list[Example | None]:
    turns = [line.split(":", 1)[-1].strip() for line in conversation.splitlines() if line.strip()]
    step = PERSONA_TURNS_PER_EXAMPLE
    return [
        make("persona_chat", f"{stem}-{n}-{i // step}", "\n".join(turns[i : i + step]), group=f"{stem}-{n}")
        for i in range(0, len(turns), step)
    ]


def load_persona_chat(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    return _persona_conversations(root, "persona_chat", _persona_chunks, skipped)


def _persona_conversations(root: Path, source: str, split_up, skipped: Counter | None) -> list[Example]:
    """`split_up(n, conversation, stem)` over every conversation of both persona-chat files."""
    out: list[Example] = []
    for name in PERSONA_CHAT_FILES:
        stem = name.rsplit("_", 1)[-1].removesuffix(".csv")
        rows = enumerate(read_csv(root / "benign/persona_chat" / name))
        out += collect(
            source,
            rows,
            lambda item, s=stem: split_up(item[0], item[1]["Best Generated Conversation"], s),
            skipped,
        )
    return out


def _persona_turns(n: int, conversation: str, stem: str) -> list[Example | None]:
    turns = [line.split(":", 1)[-1].strip() for line in conversation.splitlines() if line.strip()]
    return [
        make("persona_turns", f"{stem}-{n}-{i}", turn, group=f"{stem}-{n}")
        for i, turn in enumerate(turns)
        if turn and len(turn.split()) <= PERSONA_TURN_MAX_WORDS
    ]


def load_persona_turns(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    """Single short turns of the persona-chat conversations, grouped by conversation like `persona_chat`."""
    return _persona_conversations(root, "persona_turns", _persona_turns, skipped)


def load_coconot(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    def convert(r: dict) -> Example | None:
        # Only the answers of the contrast set (safe prompts that sound unsafe: "how to blow up a digital
        # image"): the preferred one and the more hedging dispreferred one are both harmless, the
        # over-blocking negatives. The prompts are requests, and the "should not comply" part has no answers.
        if r["part"] != "pref" or r["role"] != "response" or r["harmful"] != 0:
            return None
        # Both answers to one prompt share a split.
        return make("coconot", r["id"], r["text"], group=r["id"].rsplit("-", 1)[0])

    return collect("coconot", read_jsonl(root / "benign/coconot/coconot.jsonl.gz"), convert, skipped)


def _plain_sentence(sentence: str) -> bool:
    words = len(sentence.split())
    if not SHORT_WORDS[0] <= words <= SHORT_WORDS[1]:
        return False
    if not sentence[0].isupper() or sentence[-1] not in ".!?" or _NOT_PROSE.search(sentence):
        return False
    chars = [c for c in sentence if not c.isspace()]
    return sum(c.isdigit() for c in chars) <= SHORT_MAX_DIGIT_SHARE * len(chars)


def short_pieces(answer: str) -> Iterator[str]:
    """The plain sentences of an answer, each alone and then with the next one when that is plain too."""
    for line in _LINE_BREAK.split(answer):
        sentences = [s.strip() for s in _SENTENCE_BREAK.split(_LIST_MARKER.sub("", line).strip())]
        plain = [bool(s) and _plain_sentence(s) for s in sentences]
        for i, sentence in enumerate(sentences):
            if plain[i]:
                yield sentence
                if i + 1 < len(sentences) and plain[i + 1]:
                    yield f"{sentence} {sentences[i + 1]}"


def load_short_benign(root: Path, *, skipped: Counter | None = None) -> list[Example]:
    """Sentences and sentence pairs cut from oasst_outputs and MedQuAD answers: topic and leakage negatives.

    The model flagged short everyday sentences ("Birds cannot fly.") as harassment: its benign negatives
    were whole answers and conversations, hardly ever a single sentence.
    """
    seen: set[str] = set()  # "I hope this helps!" ends hundreds of answers: kept once

    def pieces(parent: str, n: int, answer: str, group: str) -> list[Example | None]:
        out: list[Example | None] = []
        for k, text in enumerate(short_pieces(answer)):
            if text not in seen:
                seen.add(text)
                ex = make("short_benign", f"{parent}-{n}-{k}", text)
                # Split with the answer's own source, so a sentence of a dev or test answer never trains.
                out.append(ex and dataclasses.replace(ex, meta={"group": f"{parent}-{group}"}))
        return out

    def oasst(item: tuple[int, dict]) -> list[Example | None] | None:
        n, r = item
        return None if _oasst_flagged(r) else pieces("oasst_outputs", n, r["output"], _oasst_group(r))

    def medquad(item: tuple[int, dict]) -> list[Example | None] | None:
        n, r = item
        return pieces("medquad", n, r["answer"], r["question"]) if n % MEDQUAD_SHORT_EVERY == 0 else None

    answers = enumerate(read_jsonl(root / "benign/oasst_outputs/outputs.jsonl.gz"))
    out = collect("short_benign", answers, oasst, skipped)
    answers = enumerate(read_jsonl(root / "benign/medquad/medquad_qa.jsonl.gz"))
    return out + collect("short_benign", answers, medquad, skipped)
