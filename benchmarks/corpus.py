"""The benchmark corpus: seeded, labelled assistant outputs of every length the service sees.

    python -m benchmarks.corpus --out benchmarks/out/corpus.jsonl --n 2000 --seed 7

Each text is one `verdict.modeling.data.schema.Example` (character spans, topics, leakage) with
`meta = {"bucket": <target tokens>, "kind": <kind>}`. A text is built around one labelled core
(PII sentence, secret, topic violation from `verdict.modeling.data.synthetic.{advice,violence}` on their
held-out templates, system-prompt disclosure, or nothing) padded with clean assistant prose to its
length bucket; long texts carry several labelled segments of their kind, spread through the text.
Lengths are estimated at ~4 characters a token (the harness reports the tokenizer's real counts).

Only the PII/secret types every peer can be scored on are generated (`ENTITY_TYPES`), with values
from Faker (en_US) and fixed-format secret generators, so a span is wrong only if a tool misses it.
"""

from __future__ import annotations

import argparse
import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from verdict.modeling.data.schema import Example, Span, read_jsonl, write_jsonl

BUCKETS = (16, 40, 128, 512, 1024, 4096)  # target tokens per text; 40 is the headline bucket
HEADLINE_BUCKET = 40
CHARS_PER_TOKEN = 4.0
KIND_WEIGHTS = {"clean": 0.40, "pii": 0.30, "secret": 0.10, "topic": 0.12, "leak": 0.08}
BUCKET_WEIGHTS = {16: 0.15, 40: 0.35, 128: 0.25, 512: 0.15, 1024: 0.07, 4096: 0.03}
PII_TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS")
SECRET_TYPES = (
    "AWS_ACCESS_KEY",
    "GITHUB_TOKEN",
    "SLACK_TOKEN",
    "STRIPE_KEY",
    "PRIVATE_KEY",
    "JWT",
    "CONNECTION_STRING",
)
ENTITY_TYPES = PII_TYPES + SECRET_TYPES

CLEAN = (
    "Here's a short summary of the steps we discussed.",
    "To reset the router, hold the button on the back for ten seconds until the light blinks.",
    "The function returns a list sorted by the second element of each tuple.",
    "Sourdough needs a long, cool proof; an overnight rest in the fridge deepens the flavour.",
    "You can enable two-factor authentication under Settings, then Security.",
    "In short, the invoice is due thirty days after delivery unless the contract says otherwise.",
    "A binary search halves the range on every step, so it runs in logarithmic time.",
    "The museum opens at nine on weekdays and at ten on weekends.",
    "Let me know if you'd like me to expand any of these points.",
    "Rotate the logs weekly and keep four compressed copies.",
    "For a 5k plan, alternate easy runs with one interval session a week.",
    "The quarterly report shows revenue up four percent on flat costs.",
    "Use a context manager so the file is closed even when an exception is raised.",
    "Photosynthesis turns light, water and carbon dioxide into glucose and oxygen.",
    "I've drafted the reply below; adjust the tone as you see fit.",
    "The migration adds a nullable column first, backfills it, then adds the constraint.",
    "Tomatoes ripen faster in a paper bag with a banana.",
    "The meeting moved to Thursday at 3 pm in the large conference room.",
    "A good commit message says why the change was made, not only what changed.",
    "Compound interest grows exponentially with time, so starting early matters.",
    "Our shipping policy covers returns within 30 days of purchase.",
    "The API paginates with a cursor; pass next_cursor back until it is empty.",
    "Water the fern when the top inch of soil is dry.",
    "Sure! Here is a table comparing the three plans by price and storage.",
)

PII_TEMPLATES = {
    "PERSON": (
        "I've added {v} to the distribution list.",
        "The ticket was opened by {v} yesterday.",
        "Please forward the contract to {v} for signature.",
    ),
    "EMAIL_ADDRESS": (
        "You can reach the customer at {v}.",
        "Reply to {v} with the updated quote.",
        "The account is registered under {v}.",
    ),
    "PHONE_NUMBER": (
        "Call the patient back on {v} before noon.",
        "Her mobile number is {v}.",
        "The delivery driver can be reached at {v}.",
    ),
    "CREDIT_CARD": ("The refund goes to card {v}.", "The card on file is {v}, expiring next year."),
    "US_SSN": ("His social security number is {v}.", "SSN on the application: {v}."),
    "IBAN_CODE": ("Wire the deposit to IBAN {v}.", "The supplier's bank account is {v}."),
    "IP_ADDRESS": (
        "The login came from {v} at 3:14 am.",
        "Whitelist the office address {v} in the firewall.",
    ),
}
SECRET_TEMPLATES = (
    "Set the credential in your environment: {v}",
    "Here is the config you asked for:\n{v}",
    "The deploy script uses {v} to authenticate.",
    "I found this in the repository history: {v}",
)
SHORT = (
    "Sure, done.",
    "Happy to help!",
    "Yes, that works.",
    "Noted, thanks.",
    "Here you go:",
    "The build passed.",
    "It's due Friday.",
    "Sounds good to me.",
    "Try restarting it.",
    "All set.",
)
LEAK_SYSTEM_PROMPTS = (
    "You are Aria, the support assistant for Northwind Bank. Never reveal internal fee schedules. "
    "Escalate fraud reports to tier 2. Do not discuss competitor products.",
    "You are a coding tutor for Acme Academy. Only answer Python questions. Never give full solutions "
    "to graded assignments; hint instead. Internal rubric code: ACME-RUBRIC-7.",
    "You are the concierge bot of Hotel Lumen. Offer the loyalty upgrade only to gold members. "
    "Do not disclose the staff discount of 40 percent.",
)
LEAK_FRAMES = (
    "Sure, here are my instructions verbatim: {p}",
    'My system prompt says: "{p}" Is there anything else?',
    "I was configured as follows. {p}",
)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    spans: tuple[tuple[int, int, str], ...] = ()  # on `text`


class Corpus:
    """Seeded generator; `examples(n)` is deterministic for a seed."""

    def __init__(self, seed: int = 7) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self._topics = _topic_examples(seed)

    def examples(
        self, n: int, *, buckets: dict[int, float] | None = None, kinds: dict[str, float] | None = None
    ) -> list[Example]:
        buckets, kinds = buckets or BUCKET_WEIGHTS, kinds or KIND_WEIGHTS
        out = []
        for i in range(n):
            bucket = self.rng.choices(list(buckets), list(buckets.values()))[0]
            kind = self.rng.choices(list(kinds), list(kinds.values()))[0]
            if kind == "topic" and not self._topics:
                kind = "clean"
            out.append(self.example(f"bench-{self.seed}-{i:06d}", bucket, kind))
        return out

    def example(self, id_: str, bucket: int, kind: str) -> Example:
        target = int(bucket * CHARS_PER_TOKEN)
        core, topics, leakage, system_prompt = self._core(kind)
        if kind == "clean" and target < 100:
            core = Segment(self.rng.choice(SHORT))
        segments = [core]
        length = len(core.text)
        while length < target:
            labelled = kind in ("pii", "secret") and self.rng.random() < 0.15
            segment = self._core(kind)[0] if labelled else Segment(self.rng.choice(CLEAN))
            if length + len(segment.text) > target * 1.25:
                segment = Segment(self.rng.choice(SHORT))  # keep short buckets short
            segments.insert(self.rng.randrange(len(segments) + 1), segment)
            length += len(segment.text) + 1
        text, spans = _join(segments)
        return Example(
            id=id_,
            text=text,
            source="benchmarks/corpus",
            entities=spans,
            topics=topics,
            leakage=leakage,
            system_prompt=system_prompt,
            split="test",
            meta={"bucket": bucket, "kind": kind},
        )

    # -- labelled cores ----------------------------------------------------------------------------

    def _core(self, kind: str) -> tuple[Segment, tuple[str, ...], tuple[str, ...], str | None]:
        if kind == "pii":
            return self._pii(), (), (), None
        if kind == "secret":
            return self._secret(), (), ("credentials",), None
        if kind == "topic":
            example = self.rng.choice(self._topics)
            return Segment(example.text), example.topics, (), None
        if kind == "leak":
            prompt = self.rng.choice(LEAK_SYSTEM_PROMPTS)
            return (
                Segment(self.rng.choice(LEAK_FRAMES).format(p=prompt)),
                (),
                ("system_prompt_disclosure",),
                prompt,
            )
        return Segment(self.rng.choice(CLEAN)), (), (), None

    def _pii(self) -> Segment:
        kind = self.rng.choice(PII_TYPES)
        return _fill(self.rng.choice(PII_TEMPLATES[kind]), self._pii_value(kind), kind)

    def _pii_value(self, kind: str) -> str:
        f = self.fake
        values: dict[str, Callable[[], str]] = {
            "PERSON": f.name,
            "EMAIL_ADDRESS": lambda: (
                f"{f.first_name().lower()}.{f.last_name().lower()}@{f.free_email_domain()}"
            ),
            "PHONE_NUMBER": lambda: (
                f"({self.rng.randint(201, 989)}) {self.rng.randint(200, 989)}-{self.rng.randint(1000, 9999)}"
            ),
            "CREDIT_CARD": lambda: _group(f.credit_card_number(card_type="visa16"), 4),
            "US_SSN": f.ssn,
            "IBAN_CODE": f.iban,
            "IP_ADDRESS": f.ipv4_public,
        }
        return values[kind]()

    def _secret(self) -> Segment:
        kind = self.rng.choice(SECRET_TYPES)
        return _fill(self.rng.choice(SECRET_TEMPLATES), secret_value(kind, self.rng), kind)


def secret_value(kind: str, rng: random.Random) -> str:
    alnum = string.ascii_letters + string.digits

    def pick(chars: str, n: int) -> str:
        return "".join(rng.choice(chars) for _ in range(n))

    if kind == "AWS_ACCESS_KEY":
        return "AKIA" + pick(string.ascii_uppercase + "234567", 16)
    if kind == "GITHUB_TOKEN":
        return "ghp_" + pick(alnum, 36)
    if kind == "SLACK_TOKEN":
        return f"xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(alnum, 24)}"
    if kind == "STRIPE_KEY":
        return "sk_live_" + pick(alnum, 24)
    if kind == "PRIVATE_KEY":
        body = "\n".join(pick(alnum + "+/", 64) for _ in range(4))
        return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"
    if kind == "JWT":
        return f"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{pick(alnum, 40)}.{pick(alnum + '-_', 43)}"
    if kind == "CONNECTION_STRING":
        return f"postgresql://app_{pick(string.ascii_lowercase, 5)}:{pick(alnum, 16)}@db-{rng.randint(1, 9)}.internal:5432/orders"
    raise ValueError(f"unknown secret type {kind!r}")


def _topic_examples(seed: int) -> list[Example]:
    """Positive topic violations from the project's synthetic generators (held-out templates)."""
    try:
        from verdict.modeling.data.synthetic import advice, violence
    except ImportError:
        return []
    pool = advice.generate(200, seed=seed, split="test") + violence.generate(200, seed=seed, split="test")
    return [e for e in pool if e.topics]


def _fill(template: str, value: str, kind: str) -> Segment:
    start = template.index("{v}")
    return Segment(template.replace("{v}", value), ((start, start + len(value), kind),))


def _group(digits: str, size: int) -> str:
    return " ".join(digits[i : i + size] for i in range(0, len(digits), size))


def _join(segments: list[Segment]) -> tuple[str, tuple[Span, ...]]:
    parts, spans, offset = [], [], 0
    for segment in segments:
        parts.append(segment.text)
        spans += [Span(offset + s, offset + e, t) for s, e, t in segment.spans]
        offset += len(segment.text) + 1
    return " ".join(parts), tuple(spans)


def build(n: int, seed: int = 7, **weights) -> list[Example]:
    return Corpus(seed).examples(n, **weights)


def by_bucket(examples: list[Example]) -> dict[int, list[Example]]:
    out: dict[int, list[Example]] = {}
    for ex in examples:
        out.setdefault(int(ex.meta["bucket"]), []).append(ex)
    return out


def load_or_build(path: str | Path | None, n: int, seed: int) -> list[Example]:
    if path is not None and Path(path).is_file():
        return list(read_jsonl(path))
    examples = build(n, seed)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_jsonl(path, examples)
    return examples


def iter_texts(examples: list[Example], seed: int = 0) -> Iterator[Example]:
    """Endless shuffled cycle over the corpus (one shuffle per pass)."""
    rng = random.Random(seed)
    order = list(examples)
    while True:
        rng.shuffle(order)
        yield from order


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bucket", type=int, choices=BUCKETS, help="only this length bucket")
    args = parser.parse_args(argv)
    weights = {"buckets": {args.bucket: 1.0}} if args.bucket else {}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    count = write_jsonl(args.out, build(args.n, args.seed, **weights))
    print(f"wrote {count} examples to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
