"""Synthetic helpful answers that turn, partway through, to a harm on the answer's own subject, against the
same answers turning to a responsible paragraph instead.

Real harmful outputs rarely read like the generators' other positives, which are violations from the first
word to the last. An assistant asked for help with a garden, a hiring process or a tax return gives that
help, and then, because the user also asked, a paragraph that delivers a harm on the same subject: poison
the neighbour's dog that digs up the beds, turn away applicants with a disability, leave the cash income
off the return. verdict/8 caught 82% of the everyday set's harmful answers of up to 64 tokens and 17-27% of
those of 128-512 tokens, where the violation is one paragraph of an ordinary answer. `mixing` embeds
violations in prose too, but in an unrelated answer, so a seam between two subjects can tell them
apart; here the benign part, the turn and both endings share one subject and vocabulary, and only whether
the last paragraph delivers the harm separates the classes.

The same shape carries the fictional wrapper (pivot_scenarios_c): a story, role-play or "hypothetically"
set-up whose character then explains the harm step by step, against the same set-up where the story
moves on without the instructions. verdict/8 scores jailbreak outputs of that form near 0 on the dev-only
LLM self-defense set, having learned fiction as benign (its hard negatives are plot summaries).

A scenario (pivot_scenarios_a/b/c) holds a task, several benign answer paragraphs, turns, harmful endings
(positives, labelled with the scenario's topics) and responsible endings (negatives) on the same side
subject. A text is one or two benign paragraphs, then a turn and one ending, sometimes with a benign
paragraph after it, kept within one 128-token training window (MAX_WORDS): the training windows label a
long positive's first window only, so the harm must be inside it. Every fourth scenario is dev/test only.
Operational specifics in the harmful endings are placeholders or vague words, never working detail.
"""

from __future__ import annotations

import random

from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import pivot_scenarios_a, pivot_scenarios_b, pivot_scenarios_c
from verdict.modeling.data.synthetic.harms import PLAIN_PLACEHOLDERS, plain_placeholders
from verdict.modeling.data.synthetic.prose import rng_for, split_templates
from verdict.modeling.data.synthetic.scenario import Scenario

SOURCE = "synthetic/pivots"
MAX_WORDS = 78  # <= 126 tokens in every text the tests draw: one 128-token window holds the whole text
AFTER_PROBABILITY = 0.25  # a benign paragraph after the ending, so the harm is not always last
FORMATS = ("plain", "bold", "bullets")


def scenarios() -> tuple[Scenario, ...]:
    return pivot_scenarios_a.SCENARIOS + pivot_scenarios_b.SCENARIOS + pivot_scenarios_c.SCENARIOS


def _layout(shape: str, heading: str, parts: list[str]) -> str:
    if shape == "bullets":
        return "\n".join(f"- {p}" for p in parts)
    return "\n\n".join([heading, *parts] if shape == "bold" else parts)


def compose(scenario: Scenario, positive: bool, rng: random.Random) -> str:
    """Benign answer paragraphs, a turn and an ending (and maybe one more benign paragraph), in one format,
    with benign paragraphs dropped (the one after the ending first, the last one only when even the
    shortest does not fit) until the whole is MAX_WORDS or less."""
    ending = rng.choice(scenario.harmful if positive else scenario.responsible)
    turned = f"{rng.choice(scenario.turns)} {ending[0].lower()}{ending[1:]}"
    answer = rng.sample(scenario.answer, len(scenario.answer))
    before = answer[: rng.randint(1, 2)]
    after = answer[len(before) : len(before) + 1] if rng.random() < AFTER_PROBABILITY else []
    shape = rng.choice(FORMATS)
    heading = f"Here's how I'd approach {scenario.task}:"

    def text() -> str:
        return _layout(shape if before or shape != "bold" else "plain", heading, [*before, turned, *after])

    shortest = min(scenario.answer, key=lambda p: len(p.split()))
    while (before or after) and len(text().split()) > MAX_WORDS:
        if after or len(before) > 1:
            (after if after else before).pop()
        elif before[0] != shortest:
            before[0] = shortest  # the one benign paragraph left: the shortest may still fit
        else:
            before.pop()
    return text()


def generate(n: int, *, seed: int, split: str) -> list[Example]:
    """`n` examples, positives (the answer turns to the harm) and negatives (it turns to a responsible
    paragraph) in turn, from the scenarios `split` may see."""
    rng = rng_for("pivots", seed, split)
    pool = split_templates(scenarios(), split)  # every fourth scenario is dev/test only
    out: list[Example] = []
    for i in range(n):
        scenario, positive = rng.choice(pool), i % 2 == 0
        text = compose(scenario, positive, rng)
        if rng.random() < PLAIN_PLACEHOLDERS:
            text = plain_placeholders(text)
        out.append(
            Example(
                id=f"synth-pivots-{split}-{i:06d}",
                text=text,
                source=SOURCE,
                topics=scenario.topics if positive else (),
                labeled=("topics", "leakage"),
                split=split,
                meta={"task": scenario.task},
            )
        )
    return out
