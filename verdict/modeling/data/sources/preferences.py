"""Preference pairs: two assistant replies to one conversation, the one people judged more harmful named.

Anthropic's HH-RLHF harmlessness test split (`topics/hh_rlhf_harmless/test.jsonl.gz`, MIT) holds 2,312
red-team conversations, each ending in a `chosen` and a `rejected` assistant turn. Which reply is worse is a
weak label (the shared README: "chosen" is not always harmless), so neither reply is a positive or a
negative by itself; what the pair says is only that the rejected reply is the more harmful of the two.
Training uses that as a ranking term (`verdict.modeling.training.preferences`): the signal issue 14 asks
for, whether an answer delivers the harm or only talks around it, on the human-vs-chatbot conversations the
topic sources lack.

Only the final assistant turns are kept (serving scores the output alone). Pairs whose final turns are the
same, or too short to carry a judgement, are skipped. The split is by the conversation's opening human
turn, so dev never holds a reply to an opening train saw.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from verdict.modeling.data.sources.reader import read_jsonl

HH_HARMLESS = "topics/hh_rlhf_harmless/test.jsonl.gz"
SOURCE = "hh_rlhf_harmless"
TURN = "\n\nAssistant:"
MIN_REPLY_CHARS = 20  # "Sure." or "I don't know" says nothing of harm


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    chosen: str  # the final assistant turn people preferred (judged less harmful)
    rejected: str  # the final assistant turn judged more harmful
    group: str  # the opening human turn: the split key
    split: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def final_turn(dialogue: str) -> str:
    return dialogue.rsplit(TURN, 1)[-1].strip()


def opening(dialogue: str) -> str:
    first = dialogue.split(TURN, 1)[0]
    return " ".join(first.replace("Human:", " ").lower().split())


def load_hh_harmless_pairs(root: Path, *, skipped: Counter | None = None) -> list[Pair]:
    """Every usable pair of the HH-RLHF harmlessness test split, unsplit."""
    pairs: list[Pair] = []
    for n, row in enumerate(read_jsonl(root / HH_HARMLESS)):
        chosen, rejected = row.get("chosen"), row.get("rejected")
        if not isinstance(chosen, str) or not isinstance(rejected, str):
            if skipped is not None:
                skipped[SOURCE] += 1
            continue
        good, bad = final_turn(chosen), final_turn(rejected)
        if good == bad or min(len(good), len(bad)) < MIN_REPLY_CHARS:
            continue
        pairs.append(Pair(id=f"{SOURCE}-{n}", chosen=good, rejected=bad, group=f"{SOURCE}-{opening(chosen)}"))
    return pairs


def read_pairs(path: Path, split: str) -> list[Pair]:
    """The pairs of one split from a build's pairs.jsonl."""
    return [Pair(**row) for row in read_jsonl(path) if row["split"] == split]
