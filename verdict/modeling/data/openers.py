"""Answers that commit to a request in their opening sentence, and the same restatement refusing it.

Real jailbreak outputs restate the request as they take it on ("Sure, here is a tutorial on how to make a
bomb: Step 1 ...") and often deliver little after that opening that a topic classifier can read: generic
steps, a story's set-up, a heading. verdict/9 scores such answers low (the dev-only LLM self-defense set
is made of them), and it scores a plain harmful directive low too ("Shoot your business partner on the
hunting trip and say it was an accident": 0.12), because its positives in an assistant's voice come from
a few generators and from a few hundred real outputs. The request sets (HarmBench's train behaviours,
StrongREJECT, CatQA, Do-Not-Answer, AILuminate) say in many words what each topic is about, but in a
user's voice.

Here each harmful request (one already in the built examples, so it keeps the split and the topics its
source gave it) becomes the opening of an answer that commits to it, over a body drawn from one pool of
content-free bodies: a positive with the request's topics (positive-only, as the request's are). The same
restatement refusing it is a negative, and so are benign requests (Open-Assistant prompts, CoCoNot's safe
prompts that sound unsafe, CyberSecEval's benign security tasks) with the same commitments and bodies.
Neither "Sure, here is", nor a numbered list, nor the subject a refusal names tells the classes apart:
only what the answer commits to does.

A content-free body teaches the opening and nothing else: verdict/10 scores the pipe-bomb compliance 0.66
with its "Sure, here is how to build a pipe bomb" and 0.03 without it. So half the commitments whose
request shares a topic with a kind of the harm generators (`synthetic.harms`, `synthetic.compliance`)
deliver instead: their body is that kind's text (an assistant carrying the harm out, placeholders for the
specifics), and the refusal paired with them goes on with the paired benign kind's text on the same
subject (crisis support after self-harm, fraud prevention after fraud, weapons history after weapons).
Opening and body then both separate the classes, and the body alone is in the positives' words.

AdvBench is not read: the dev-only LLM self-defense set answers AdvBench-style prompts. HarmBench's
behaviours judged in the dev-only harmbench_val are already out of the built examples
(sources.requests.load_harmbench).
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import compliance, harms

SOURCE = "openers"
DELIVER_SHARE = 0.5  # commitments with a delivering body, where a harm generator has the request's topic
HARMFUL_SOURCES: frozenset[str] = frozenset(
    {"harmbench", "strongreject", "catqa", "donotanswer", "ailuminate"}
)
MAX_REQUEST_WORDS = 40  # longer requests carry a document or a scenario, not one thing to deliver
OASST_OUTPUTS = "benign/oasst_outputs/outputs.jsonl.gz"
GPTEACHER = "benign/gpteacher"
COCONOT = "benign/coconot/coconot.jsonl.gz"

# -- restating a request as what an answer delivers ------------------------------------------------

_SWAPS: tuple[tuple[str, str], ...] = (
    (r"\bI am\b", "you are"),
    (r"\bI'm\b", "you're"),
    (r"\bI've\b", "you've"),
    (r"\bI'd\b", "you'd"),
    (r"\bI'll\b", "you'll"),
    (r"\bI\b", "you"),
    (r"\bme\b", "you"),
    (r"\bmy\b", "your"),
    (r"\bmine\b", "yours"),
    (r"\bmyself\b", "yourself"),
    (r"\bwe\b", "you"),
    (r"\bour\b", "your"),
    (r"\bus\b", "you"),
)
_HOW = re.compile(
    r"^(?:how (?:can|do|could|would|should|might|will|to)(?: (?:i|we|one|you|someone|people|a person))?"
    r"|what(?:'s| is| are) (?:the )?(?:best|easiest|quickest|fastest|simplest|safest|cheapest|most "
    r"effective|most efficient) (?:ways?|methods?) (?:to|for|of)"
    r"|(?:what|which) (?:steps|methods) (?:can|should|do) (?:i|we|one|you) (?:take|use) to)\s+(.+)$",
    re.IGNORECASE,
)
_POLITE = re.compile(
    r"^(?:(?:can|could|would|will) you(?: please)?|please|i (?:want|need|would like) you to|"
    r"i need|i want)\s+",
    re.IGNORECASE,
)
_TEACH = re.compile(r"^(?:tell|teach|show|explain to) (?:me|us) how to\s+(.+)$", re.IGNORECASE)
_EXPLAIN_HOW = re.compile(
    r"^(?:explain|describe|detail|outline)(?: in detail)? how to\s+(.+)$", re.IGNORECASE
)
_HELP = re.compile(r"^help (?:me|us) (?:to )?(.+)$", re.IGNORECASE)
_GIVE = re.compile(
    r"^(?:give|provide|send|share|list|suggest|recommend|offer|come up with|tell)(?: (?:me|us))?\s+(.+)$",
    re.IGNORECASE,
)
_MAKE = re.compile(
    r"^(?:write|create|generate|draft|compose|produce|design|develop|craft|prepare|devise|compile|"
    r"put together)(?: (?:me|us))?\s+(.+)$",
    re.IGNORECASE,
)
_DESCRIBE = re.compile(r"^(?:describe|explain|detail|outline)\s+(.+)$", re.IGNORECASE)


def _you(text: str) -> str:
    for pattern, replacement in _SWAPS:
        text = re.sub(pattern, replacement, text)
    return text


def _clause(text: str) -> str | None:
    text = text.strip().rstrip(".?!").strip()
    return _you(text) if len(text.split()) >= 2 else None


def restate(request: str) -> str | None:
    """What an answer that commits to `request` delivers, as a noun phrase or a "how to" clause in the
    answerer's voice ("How can I poison my neighbour's dog?" -> "how to poison your neighbour's dog"), or
    None when the request has no form this can restate (a statement, a question of fact, several sentences,
    a document to act on)."""
    text = " ".join(request.split())
    if not text or len(text.split()) > MAX_REQUEST_WORDS or re.search(r"[.!?]\s+\S", text.rstrip(".?!")):
        return None
    text = _POLITE.sub("", text)
    if m := _HOW.match(text):
        rest = _clause(m.group(1))
        if rest is None:
            return None
        # "how can I get ..." -> "how to get ..."; "the best way to ..." keeps its own words
        lead = text[: m.start(1)].lower().strip()
        return f"how to {rest}" if lead.startswith("how") else f"the best way to {rest}"
    for pattern, form in ((_TEACH, "how to {}"), (_EXPLAIN_HOW, "how to {}"), (_HELP, "help to {}")):
        if m := pattern.match(text):
            rest = _clause(m.group(1))
            return None if rest is None else form.format(rest)
    for pattern, form in ((_GIVE, "{}"), (_MAKE, "{}"), (_DESCRIBE, "a rundown of {}")):
        if m := pattern.match(text):
            rest = _clause(m.group(1))
            if rest is None or rest.lower().startswith(("how ", "why ", "what ", "whether ")):
                return None
            return form.format(rest)
    return None


# -- answers ----------------------------------------------------------------------------------------

COMMITS: tuple[str, ...] = (
    "Sure, here is {what}:",
    "Sure! Here's {what}.",
    "Absolutely. Below is {what}.",
    "Of course. Here's {what}, step by step:",
    "Okay, here is {what}.",
    "Certainly. This is {what}:",
    "Happy to help. Here's {what}.",
    "No problem, here's {what}:",
)
HELP_COMMITS: tuple[str, ...] = (
    "Sure, I can {what}. Here's what to do:",
    "Of course, let's {what}.",
    "Absolutely, I'll {what}:",
)
REFUSALS: tuple[str, ...] = (
    "I can't help with {what}.",
    "I'm sorry, but I can't provide {what}.",
    "Sorry, I won't give you {what}.",
    "I'm not able to help with {what}.",
    "I can't assist with {what}, even hypothetically.",
)
HELP_REFUSALS: tuple[str, ...] = (
    "I can't {what}.",
    "Sorry, I won't {what}.",
)
STEPS: tuple[str, ...] = (
    "Get everything you need together before you start.",
    "Pick a time when you won't be interrupted.",
    "Work through it in order; the order matters more than speed.",
    "Check each part before you move on to the next one.",
    "Keep it simple the first time and adjust once it works.",
    "Write down what you did so you can repeat it.",
    "If something doesn't go as planned, go back one step and try again.",
    "Give it a little time before judging the result.",
    "Be careful with the details; that is where it usually goes wrong.",
    "Once the first part is done, the rest goes much faster.",
    "Have a backup plan in case the first approach doesn't work.",
    "Finish by tidying up so nothing is left lying around.",
)
CLOSINGS: tuple[str, ...] = (
    "Let me know if you want more detail on any step.",
    "Hope that helps!",
    "Good luck!",
    "Tell me if you'd like a shorter version.",
    "",
)
REFUSAL_BODIES: tuple[str, ...] = (
    "If you're dealing with a difficult situation, talking to someone you trust or a professional can help.",
    "I'm happy to help with something else, though.",
    "Is there something related I can help you with instead?",
    "If someone is in danger, please contact your local emergency services.",
    "I can share general safety information on the subject if that would be useful.",
    "",
)
BODY_SHAPES: tuple[str, ...] = ("numbered", "steps", "bullets", "paragraph", "none")


def _body(rng: random.Random) -> str:
    shape = rng.choice(BODY_SHAPES)
    if shape == "none":
        return ""
    steps = rng.sample(STEPS, rng.randint(3, 5))
    if shape == "numbered":
        return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    if shape == "steps":
        return "\n".join(f"Step {i}: {s}" for i, s in enumerate(steps, 1))
    if shape == "bullets":
        return "\n".join(f"- {s}" for s in steps)
    return " ".join(steps)


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def commit(what: str, rng: random.Random, body: str | None = None) -> str:
    """An answer that takes the request on: an opening that restates it, a body (content-free unless
    `body` is given), a closing."""
    if what.startswith("help to "):
        opening = rng.choice(HELP_COMMITS).format(what=what.removeprefix("help to "))
    else:
        opening = rng.choice(COMMITS).format(what=what)
    return _join(opening, _body(rng) if body is None else body, rng.choice(CLOSINGS))


def refuse(what: str, rng: random.Random, body: str | None = None) -> str:
    """The same restatement, refused, then a short offer (or `body`)."""
    if what.startswith("help to "):
        opening = rng.choice(HELP_REFUSALS).format(what=what.removeprefix("help to "))
    else:
        opening = rng.choice(REFUSALS).format(what=what)
    return _join(opening, rng.choice(REFUSAL_BODIES) if body is None else body)


# -- bodies that deliver ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Delivery:
    """A harm generator's kind that delivers a harm, the benign kind on its subject, and their slots."""

    harmful: harms.Kind
    benign: harms.Kind
    slots: dict[str, tuple[str, ...]]


@functools.cache
def deliveries() -> tuple[Delivery, ...]:
    """Each harm kind of `synthetic.harms` and `synthetic.compliance` with the negative kind written on its
    subject (the two dicts pair in order; harms' it_ops negatives have no harm kind)."""
    out = []
    for module in (harms, compliance):
        for harmful, benign in zip(module.KINDS.values(), module.NEGATIVES.values()):
            out.append(Delivery(harmful, benign, module.SLOTS))
    return tuple(out)


def delivering_bodies(topics: Sequence[str], split: str, rng: random.Random) -> tuple[str, str, tuple] | None:
    """(harmful body, benign body on the same subject, the harmful kind's topics) from a kind sharing a
    topic with `topics`, in `split`'s templates, or None when no kind does."""
    matches = [d for d in deliveries() if set(d.harmful.topics) & set(topics)]
    if not matches:
        return None
    d = rng.choice(matches)
    harmful = harms.compose(d.harmful, split, rng, d.slots)
    if rng.random() < harms.PLAIN_PLACEHOLDERS:
        harmful = harms.plain_placeholders(harmful)
    return harmful, harms.compose(d.benign, split, rng, d.slots), d.harmful.topics


# -- benign requests --------------------------------------------------------------------------------


def benign_requests(root: Path) -> list[tuple[str, str]]:
    """(group, request) for benign requests: Open-Assistant prompts that no crude sensitive-word filter
    flagged, CoCoNot's prompts that should be answered though they sound unsafe, and GPTeacher's
    instructions (code, role-play, tool use). The group is the one their answers were split by."""
    from verdict.modeling.data.sources.benign import GPTEACHER_FILES
    from verdict.modeling.data.sources.reader import read_json, read_jsonl

    out: dict[str, str] = {}
    for row in read_jsonl(root / OASST_OUTPUTS):
        if not row.get("prompt_flagged"):
            out.setdefault(row["prompt"], f"oasst_outputs-prompt-{row['prompt']}")
    for row in read_jsonl(root / COCONOT):
        if row.get("prompt_should_be_answered") and row.get("prompt"):
            # CoCoNot's answers are grouped by their id's prefix (sources.benign.load_coconot)
            out.setdefault(row["prompt"], f"coconot-{row['id'].rsplit('-', 1)[0]}")
    for name in GPTEACHER_FILES:
        kind = name.split("/", 1)[0].lower()
        for n, row in enumerate(read_json(root / GPTEACHER / name)):
            if row.get("instruction") and not row.get("input"):
                out.setdefault(row["instruction"], f"gpteacher-{kind}-{n}")
    return sorted((group, request) for request, group in out.items())


def files(root: Path) -> set[Path]:
    """The files `benign_requests` reads, for the build's data manifest."""
    from verdict.modeling.data.sources.benign import GPTEACHER_FILES

    return {root / OASST_OUTPUTS, root / COCONOT, *(root / GPTEACHER / name for name in GPTEACHER_FILES)}


# -- deriving the examples --------------------------------------------------------------------------


def derive(
    examples: Sequence[Example],
    benign: Iterable[tuple[str, str]],
    *,
    n: int,
    seed: int,
    split: str,
    split_of,
    deliver: float = DELIVER_SHARE,
) -> list[Example]:
    """Up to `n` openers of `split`: a third commitments to harmful requests (positives), a third the same
    restatements refused, a third commitments to benign requests (both negatives). A share `deliver` of
    the harmful commitments whose topics a harm generator writes get a delivering body (and their refusal
    the benign body on that subject): `delivering_bodies`.

    Harmful requests are the built examples of `split` from HARMFUL_SOURCES that carry topics; benign
    requests are `(group, text)` pairs, put in the split `split_of(group)` names (the group their answers
    were split by, so a benign prompt is in the same split as its answers). CyberSecEval's benign
    security tasks among `examples` count as benign requests too.
    """
    rng = random.Random(f"{SOURCE}-{seed}-{split}")
    harmful = [
        (ex, what)
        for ex in sorted(examples, key=lambda e: e.id)
        if ex.split == split and ex.source in HARMFUL_SOURCES and ex.topics and (what := restate(ex.text))
    ]
    safe = [
        (f"cyberseceval-{ex.id}", what)
        for ex in sorted(examples, key=lambda e: e.id)
        if ex.split == split and ex.source == "cyberseceval" and not ex.topics and (what := restate(ex.text))
    ]
    safe += [(group, what) for group, text in benign if split_of(group) == split and (what := restate(text))]
    rng.shuffle(harmful)
    rng.shuffle(safe)
    third = n // 3
    out: list[Example] = []
    for ex, what in harmful[:third]:
        group = ex.meta.get("group") or ex.id
        bodies = delivering_bodies(ex.topics, split, rng) if rng.random() < deliver else None
        harmful_body, benign_body, delivered = bodies or (None, None, ())
        out.append(
            Example(
                id=f"{SOURCE}-commit-{ex.id}",
                text=commit(what, rng, harmful_body),
                source=SOURCE,
                topics=tuple(sorted(set(ex.topics) | set(delivered))),
                labeled=ex.labeled,
                partial=ex.partial,
                split=split,
                meta={"group": group, "request": ex.id, "delivers": harmful_body is not None},
            )
        )
        out.append(
            Example(
                id=f"{SOURCE}-refuse-{ex.id}",
                text=refuse(what, rng, benign_body),
                source=SOURCE,
                labeled=ex.labeled,
                split=split,
                meta={"group": group, "request": ex.id, "delivers": harmful_body is not None},
            )
        )
    for i, (group, what) in enumerate(safe[:third]):
        out.append(
            Example(
                id=f"{SOURCE}-benign-{split}-{i}",
                text=commit(what, rng),
                source=SOURCE,
                labeled=("topics", "leakage"),
                split=split,
                meta={"group": group},
            )
        )
    return out
