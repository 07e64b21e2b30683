"""Hard negatives for the PII head: text that looks like PII to a pattern matcher but is not personal.

Decisions (see `pii` docstring): reserved documentation domains, role mailboxes, documented test cards,
public figures in public roles, placeholders, versions, order/tracking/invoice numbers, ISBNs, product
codes, timestamps and non-birth dates, prices, math and code carry no entity span.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from verdict.modeling.data.synthetic.identifiers import digits
from verdict.modeling.data.synthetic.prose import Pool

_PUBLIC_FIGURES = (
    ("Barack Obama", "was the 44th president of the United States"),
    ("Angela Merkel", "served as Chancellor of Germany from 2005 to 2021"),
    ("Marie Curie", "won Nobel Prizes in both physics and chemistry"),
    ("Taylor Swift", "released her album 1989 in 2014"),
    ("Ada Lovelace", "wrote what is considered the first computer program"),
    ("Lionel Messi", "won the 2022 World Cup with Argentina"),
    ("Emmanuel Macron", "became President of France in 2017"),
    ("Albert Einstein", "published the theory of general relativity in 1915"),
    ("Jacinda Ardern", "was Prime Minister of New Zealand"),
    ("Satya Nadella", "is the CEO of Microsoft"),
)
_TEST_CARDS = (
    "4242 4242 4242 4242",
    "4000 0566 5566 5556",
    "5555 5555 5555 4444",
    "378282246310005",
    "4111 1111 1111 1111",
)
_DOC_EMAILS = (
    "user@example.com",
    "jane@example.org",
    "admin@example.net",
    "alice@test.invalid",
    "bob@mail.test",
    "name@example.com",
)
_ROLE_EMAILS = (
    "noreply@github.com",
    "support@stripe.com",
    "no-reply@accounts.google.com",
    "billing@aws.amazon.com",
    "help@slack.com",
)
_TOPICS = (
    "the migration",
    "the quarterly report",
    "the API redesign",
    "your build",
    "the deployment",
    "the dataset",
)


def _version(rng: random.Random) -> str:
    return rng.choice(
        (
            f"v{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}",
            f"10.0.{rng.randint(10000, 22631)}",
            f"{rng.randint(1, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}.{rng.randint(0, 999)}",
        )
    )


def _order(rng: random.Random) -> str:
    return rng.choice(
        (
            f"#{digits(rng, 7)}",
            f"ORD-{digits(rng, 8)}",
            f"INV-{rng.randint(2019, 2026)}-{digits(rng, 5)}",
            f"1Z{digits(rng, 16)}",
            f"TRK{digits(rng, 12)}",
            f"PO {digits(rng, 6)}",
        )
    )


def _isbn(rng: random.Random) -> str:
    body = "978" + digits(rng, 9)
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return f"{body[:3]}-{body[3]}-{body[4:8]}-{body[8:]}-{check}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _stamp(rng: random.Random) -> str:
    return f"{_date(rng)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"


_NEGATIVE_MAKERS: tuple[Callable[[random.Random], str], ...] = (
    lambda r: "{} {}. {}".format(
        *r.choice(_PUBLIC_FIGURES), "Let me know if you want more historical context."
    ),
    lambda r: (
        f"In the docs, use a placeholder like {r.choice(_DOC_EMAILS)} when you show the signup request."
    ),
    lambda r: (
        f"For testing, Stripe's test card {r.choice(_TEST_CARDS)} with any future expiry and any CVC will succeed."
    ),
    lambda r: f"Upgrade to {_version(r)} to pick up the fix; {_version(r)} had the regression.",
    lambda r: f"Your order {_order(r)} shipped on {_date(r)} and should arrive within 3-5 business days.",
    lambda r: f"The book's ISBN is {_isbn(r)}; the second edition came out in {r.randint(1990, 2024)}.",
    lambda r: (
        f"[{_stamp(r)}] INFO worker-{r.randint(1, 16)} processed {r.randint(100, 99999)} jobs in {r.randint(1, 900)} ms"
    ),
    lambda r: f"The meeting about {r.choice(_TOPICS)} is on {_date(r)} at {r.randint(9, 17)}:00.",
    lambda r: (
        f"Part number {r.choice('ABCXZ')}{digits(r, 3)}-{digits(r, 4)}-{digits(r, 2)} fits the 2019 model."
    ),
    lambda r: f"Windows build {_version(r)} is listed as supported, along with firmware {_version(r)}.",
    lambda r: (
        f"That comes to ${r.randint(5, 4999)}.{digits(r, 2)} including tax, or {r.randint(2, 12)} payments of ${r.randint(5, 400)}.99."
    ),
    lambda r: (
        f"{r.randint(12, 999)} * {r.randint(12, 999)} = ? Multiply step by step: first the units, then carry."
    ),
    lambda r: f"You'll get an email from {r.choice(_ROLE_EMAILS)} with a confirmation link.",
    lambda r: "Enter your SSN in the format XXX-XX-XXXX; we never store it in plain text.",
    lambda r: (
        f'```python\nuser = {{"name": "<NAME>", "email": "{r.choice(_DOC_EMAILS)}"}}\nresp = client.post(\'/users\', json=user)\n```'
    ),
    lambda r: (
        f"Set the server to listen on 0.0.0.0:{r.randint(1024, 9999)} and the subnet mask to 255.255.255.0."
    ),
    lambda r: f"The error code 0x{r.randbytes(4).hex().upper()} means the driver failed to load.",
    lambda r: (
        "Call the toll-free support line listed on the official website; I can't look up personal numbers."
    ),
    lambda r: f"The invoice {_order(r)} is due {_date(r)}. Total: EUR {r.randint(100, 9999)},{digits(r, 2)}.",
    lambda r: (
        f"The population of the city grew by {r.randint(1, 40)}% between {r.randint(1990, 2005)} and {r.randint(2010, 2024)}."
    ),
    lambda r: f"Commit {r.randbytes(20).hex()[:7]} bumped the package to {_version(r)}.",
    lambda r: (
        f"Flight {r.choice(('LH', 'BA', 'AF', 'UA'))}{r.randint(100, 9999)} departs at {r.randint(5, 23):02d}:{r.randint(0, 59):02d} from gate {r.choice('ABCD')}{r.randint(1, 60)}."
    ),
    lambda r: (
        "In the form, replace John Doe and 555-0100 with the applicant's real details before submitting."
    ),
    lambda r: (
        f"Rule of thumb: a healthy adult needs about {r.randint(7, 9)} hours of sleep and {r.randint(2, 3)} liters of water a day."
    ),
)
NEGATIVES: Pool[Callable[[random.Random], str]] = Pool("pii-negative", _NEGATIVE_MAKERS)

_DISTRACTORS: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"Order {_order(r)} is linked to this ticket.",
    lambda r: f"App version {_version(r)}.",
    lambda r: f"Logged at {_stamp(r)}.",
    lambda r: f"Reference: {_order(r)}.",
)


def distractor(rng: random.Random) -> str:
    """A non-PII sentence with numbers, mixed into positives so digits alone never mean PII."""
    return rng.choice(_DISTRACTORS)(rng)
