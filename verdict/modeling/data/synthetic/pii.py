"""Synthetic PII in assistant-style outputs: every PII type of the taxonomy, many surface formats.

Each example is an assistant output (ticket summary, drafted email, CRM note, form fill-in, JSON, YAML,
CSV, markdown table) carrying 1-5 entities of mixed types, or a hard negative with none. Values come
from Faker in a dozen locales and from `identifiers` (checksum-valid national IDs, so positives pass
the validators the service runs beside the model).

Labeling decisions (hard negatives carry no span):
* addresses at RFC 2606 reserved domains (example.com/.org/.net, *.test, *.invalid) are documentation,
  not PII; role mailboxes (noreply@, support@) are not personal either;
* card numbers presented as a provider's documented test card (4242 4242 4242 4242) are not PII;
* public figures in a public role ("Barack Obama was the 44th president") are not PERSON;
* AGE spans are the number only ("she is [34] years old"); an obfuscated email spans the whole
  obfuscated form ("john [at] gmail [dot] com"); spaced or full-width digits span the whole run.

Split policy: every template pool (`prose.Pool`) holds out a quarter of its templates; train never sees
them and dev/test draw half their examples from them, so dev/test measure generalization to new
phrasings rather than recall of train templates.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from functools import cache

import phonenumbers
from faker import Faker

from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic import identifiers as ids
from verdict.modeling.data.synthetic.pii_negatives import NEGATIVES, distractor
from verdict.modeling.data.synthetic.pii_templates import (
    CLAUSES,
    FIELD_KEYS,
    INTROS,
    OUTROS,
    STRUCTURED_INTROS,
)
from verdict.modeling.data.synthetic.prose import Fragment, Piece, concat, render, rng_for
from verdict.runtime.taxonomy import PII_TYPES

SOURCE = "synthetic/pii"
NEGATIVE_SHARE = 0.35
OBFUSCATED_SHARE = 0.2  # of the types that can be obfuscated (email, phone, card): ~4% of examples
LOCALES = (
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "es_ES",
    "it_IT",
    "en_IN",
    "en_AU",
    "en_CA",
    "nl_NL",
    "pt_BR",
    "ja_JP",
    "pl_PL",
)
IBAN_LOCALES = ("de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "en_GB", "pl_PL", "pt_BR")
_JP_CITIES = ("Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo", "Fukuoka", "Kobe", "Kyoto", "Sendai")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _slug(name: str) -> str:
    """A name as it appears in an email or handle: accents dropped (José -> jose), spaces and marks removed."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", plain)


class _Person:
    """One fictional person per example, so name, email and username agree like real records do."""

    def __init__(self, rng: random.Random, locale: str) -> None:
        self.rng, self.locale = rng, locale
        self.fake = _faker(locale)
        if locale == "ja_JP":
            self.first, self.last = self.fake.first_romanized_name(), self.fake.last_romanized_name()
        else:
            self.first, self.last = self.fake.first_name(), self.fake.last_name()
        self.slug = (_slug(self.first) or "user", _slug(self.last) or "name")
        self.region = locale.split("_")[1]

    def latin(self, call: Callable[[Faker], str]) -> str:
        # ja_JP addresses and cities are in kanji; the model is trained on romanized text.
        return call(_faker("en_US") if self.locale == "ja_JP" else self.fake)


def _person(p: _Person) -> str:
    return p.rng.choice((f"{p.first} {p.last}", f"{p.first} {p.last}", p.first, f"{p.last}, {p.first}"))


def _email(p: _Person) -> str:
    first, last = p.slug
    user = p.rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}",
            f"{first}{p.rng.randint(1, 99)}",
            f"{last}.{first}",
            f"{first}_{last}{p.rng.randint(70, 99)}",
        )
    )
    domain = p.rng.choice(
        (
            "gmail.com",
            "outlook.com",
            "yahoo.com",
            "hotmail.co.uk",
            "web.de",
            "orange.fr",
            "icloud.com",
            "proton.me",
            f"{p.latin(lambda f_: f_.domain_name())}",
        )
    )
    if p.rng.random() < OBFUSCATED_SHARE / 2:
        name, _, host = domain.partition(".")
        return p.rng.choice(
            (f"{user} [at] {name} [dot] {host}", f"{user}(at){domain}", f"{user} at {name} dot {host}")
        )
    return f"{user}@{domain}"


def _phone(p: _Person) -> str:
    region = p.region if p.region in phonenumbers.SUPPORTED_REGIONS else "US"
    kind = p.rng.choice((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    nsn = phonenumbers.national_significant_number(example)
    for _ in range(20):
        number = phonenumbers.parse(f"+{example.country_code}{nsn[:-5]}{ids.digits(p.rng, 5)}")
        if phonenumbers.is_valid_number(number):
            break
    else:
        number = example
    style = p.rng.choice(("E164", "INTERNATIONAL", "NATIONAL", "NATIONAL", "dots", "spaced", "fullwidth"))
    if style == "dots":
        return (
            ".".join(
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL).split()[1:]
            )
            or "0" + nsn
        )
    if style == "spaced" and p.rng.random() < OBFUSCATED_SHARE:
        return " ".join(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    if style == "fullwidth" and p.rng.random() < OBFUSCATED_SHARE:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).translate(
            _FULLWIDTH
        )
    fmt = getattr(phonenumbers.PhoneNumberFormat, style if style in ("E164", "INTERNATIONAL") else "NATIONAL")
    return phonenumbers.format_number(number, fmt)


def _street(p: _Person) -> str:
    street = p.latin(lambda f: f.street_address()).replace("\n", ", ")
    if p.rng.random() < 0.5:
        street += f", {p.latin(lambda f: f.postcode())} {_city(p)}"
    return street


def _city(p: _Person) -> str:
    if p.locale == "ja_JP":
        return p.rng.choice(_JP_CITIES)
    if p.locale == "it_IT":
        return p.rng.choice(_italian_cities())
    return p.fake.city()


@cache
def _italian_cities() -> tuple[str, ...]:
    """Faker's it_IT city list, sorted: Faker builds it from a set, so its order (and the city a seeded
    Faker picks) changes with PYTHONHASHSEED, and the build would not be reproducible."""
    from faker.providers.address.it_IT import Provider

    return tuple(sorted(Provider.cities))


def _location(p: _Person) -> str:
    country = p.latin(lambda f: f.current_country()) if p.locale != "ja_JP" else "Japan"
    return p.rng.choice((_city(p), f"{_city(p)}, {country}", country if p.rng.random() < 0.3 else _city(p)))


def _dob(p: _Person) -> str:
    date = p.fake.date_of_birth(minimum_age=18, maximum_age=90)
    return date.strftime(
        p.rng.choice(("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%B %d, %Y", "%d %b %Y", "%d.%m.%Y", "%b %d %Y"))
    )


def _card(p: _Person) -> str:
    brand = p.rng.choice(("visa16", "mastercard", "amex", "discover", "visa16", "mastercard"))
    number = p.fake.credit_card_number(brand)
    if p.rng.random() < OBFUSCATED_SHARE / 2:
        return " ".join(number) if p.rng.random() < 0.5 else number.translate(_FULLWIDTH)
    sizes = (4, 6, 5) if len(number) == 15 else (4, 4, 4, 4)
    return ids.grouped(number, sizes, p.rng.choice(("-", " ", "", " ")))


def _iban(p: _Person) -> str:
    value = _faker(p.rng.choice(IBAN_LOCALES)).iban()
    return ids.grouped(value, (4,) * 8, " ") if p.rng.random() < 0.5 else value


def _bank_account(p: _Person) -> str:
    return p.rng.choice(
        (
            lambda: ids.aba_routing(p.rng),
            lambda: ids.digits(p.rng, p.rng.randint(8, 12)),
            lambda: (
                f"{ids.digits(p.rng, 2)}-{ids.digits(p.rng, 2)}-{ids.digits(p.rng, 2)} {ids.digits(p.rng, 8)}"
            ),
        )
    )()


def _sep(p: _Person, value: str, sizes: tuple[int, ...], seps: tuple[str, ...] = ("-", " ", "")) -> str:
    return ids.grouped(value, sizes, p.rng.choice(seps))


def _url(p: _Person) -> str:
    first, last = p.slug
    return p.rng.choice(
        (
            f"https://www.linkedin.com/in/{first}-{last}-{p.rng.randbytes(3).hex()}",
            f"https://www.facebook.com/{first}.{last}.{p.rng.randint(1, 999)}",
            f"https://github.com/{first}{last}",
            f"https://twitter.com/{first}_{last}",
            f"https://portal.{p.latin(lambda f_: f_.domain_name())}/account/reset?email={first}.{last}%40gmail.com",
            f"https://crm.{p.latin(lambda f_: f_.domain_name())}/contacts?name={first}+{last}&phone=%2B1{ids.digits(p.rng, 10)}",
        )
    )


def _username(p: _Person) -> str:
    first, last = p.slug
    return p.rng.choice(
        (
            f"{first}{last[:3]}{p.rng.randint(1, 99)}",
            f"@{first}_{last}",
            f"{first[0]}{last}",
            p.fake.user_name(),
            f"{last}.{first}",
        )
    )


def _password(p: _Person) -> str:
    words = ("Summer", "Winter", "Dragon", "Sunshine", "Monkey", "Blue", "Coffee", "Falcon", "Maple")
    return p.rng.choice(
        (
            p.fake.password(length=p.rng.randint(8, 16)),
            f"{p.rng.choice(words)}{p.rng.randint(1990, 2026)}{p.rng.choice('!#$@*')}",
            f"{p.slug[0].capitalize()}{p.rng.randint(100, 9999)}",
        )
    )


def _mrn(p: _Person) -> str:
    return p.rng.choice(
        (
            ids.digits(p.rng, 8),
            f"MRN-{ids.digits(p.rng, 7)}",
            f"{p.rng.choice('PMH')}{ids.digits(p.rng, 6)}",
            f"{ids.digits(p.rng, 3)}-{ids.digits(p.rng, 3)}-{ids.digits(p.rng, 3)}",
        )
    )


def _crypto(p: _Person) -> str:
    return p.rng.choice((ids.btc_base58, ids.btc_bech32, ids.eth_address, ids.eth_address))(p.rng)


def _vehicle(p: _Person) -> str:
    letters = lambda n: "".join(p.rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(n))  # noqa: E731
    return p.rng.choice(
        (
            ids.vin(p.rng),
            ids.vin(p.rng),
            f"{letters(2)}{ids.digits(p.rng, 2)} {letters(3)}",
            f"{p.rng.randint(1, 9)}{letters(3)}{ids.digits(p.rng, 3)}",
            f"{letters(1)}-{letters(2)} {p.rng.randint(1, 9999)}",
            f"{letters(2)}-{ids.digits(p.rng, 3)}-{letters(2)}",
        )
    )


def _passport(p: _Person) -> str:
    return p.rng.choice(
        (
            ids.digits(p.rng, 9),
            f"C{ids.digits(p.rng, 2)}{ids.UPPER[p.rng.randrange(26)]}{ids.digits(p.rng, 5)}",
            f"{ids.digits(p.rng, 2)}{ids.UPPER[p.rng.randrange(26)]}{ids.UPPER[p.rng.randrange(26)]}{ids.digits(p.rng, 5)}",
            f"{ids.UPPER[p.rng.randrange(26)]}{ids.digits(p.rng, 7)}",
            f"{ids.UPPER[p.rng.randrange(26)]}{ids.UPPER[p.rng.randrange(26)]}{ids.digits(p.rng, 6)}",
        )
    )


def _us_dl(p: _Person) -> str:
    letter = ids.UPPER[p.rng.randrange(26)]
    return p.rng.choice(
        (
            f"{letter}{ids.digits(p.rng, 7)}",
            ids.digits(p.rng, 9),
            f"{letter}{ids.digits(p.rng, 12)}",
            f"{letter}{ids.digits(p.rng, 3)}-{ids.digits(p.rng, 3)}-{ids.digits(p.rng, 2)}-{ids.digits(p.rng, 3)}-{ids.digits(p.rng, 1)}",
            ids.digits(p.rng, 8),
        )
    )


VALUES: dict[str, Callable[[_Person], str]] = {
    "PERSON": _person,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "STREET_ADDRESS": _street,
    "LOCATION": _location,
    "DATE_OF_BIRTH": _dob,
    "AGE": lambda p: str(p.rng.randint(16, 94)),
    "US_SSN": lambda p: _sep(p, ids.us_ssn(p.rng), (3, 2, 4)),
    "US_ITIN": lambda p: _sep(p, ids.us_itin(p.rng), (3, 2, 4)),
    "US_PASSPORT": lambda p: p.rng.choice((ids.digits(p.rng, 9), f"A{ids.digits(p.rng, 8)}")),
    "US_DRIVER_LICENSE": _us_dl,
    "UK_NINO": lambda p: _sep(p, ids.uk_nino(p.rng), (2, 2, 2, 2, 1), (" ", "")),
    "UK_NHS": lambda p: _sep(p, ids.uk_nhs(p.rng), (3, 3, 4), (" ", "", "-")),
    "ES_NIF": lambda p: _sep(p, ids.es_nif(p.rng), (8, 1), ("", "-")),
    "IT_FISCAL_CODE": lambda p: ids.it_fiscal_code(p.rng),
    "DE_TAX_ID": lambda p: _sep(p, ids.de_tax_id(p.rng), (2, 3, 3, 3), (" ", "")),
    "FR_NIR": lambda p: _sep(p, ids.fr_nir(p.rng), (1, 2, 2, 2, 3, 3, 2), (" ", "")),
    "IN_PAN": lambda p: ids.in_pan(p.rng),
    "IN_AADHAAR": lambda p: _sep(p, ids.in_aadhaar(p.rng), (4, 4, 4), (" ", "", "-")),
    "AU_TFN": lambda p: _sep(p, ids.au_tfn(p.rng), (3, 3, 3), (" ", "")),
    "CA_SIN": lambda p: _sep(p, ids.ca_sin(p.rng), (3, 3, 3), (" ", "-", "")),
    "PASSPORT": _passport,
    "CREDIT_CARD": _card,
    "IBAN_CODE": _iban,
    "BANK_ACCOUNT": _bank_account,
    "IP_ADDRESS": lambda p: p.fake.ipv4_public() if p.rng.random() < 0.7 else p.fake.ipv6(),
    "MAC_ADDRESS": lambda p: p.rng.choice(
        (
            lambda: p.fake.mac_address(),
            lambda: p.fake.mac_address().upper().replace(":", "-"),
            lambda: ".".join(p.rng.randbytes(6).hex()[i : i + 4] for i in (0, 4, 8)),
        )
    )(),
    "URL": _url,
    "USERNAME": _username,
    "PASSWORD": _password,
    "MEDICAL_RECORD_NUMBER": _mrn,
    "CRYPTO": _crypto,
    "VEHICLE_ID": _vehicle,
}
_FRAMES = ("prose", "prose", "prose", "json", "yaml", "csv", "table", "form")


def _prose(rng: random.Random, split: str, fields: list[Piece], used: list[str]) -> Fragment:
    chunks: list[Fragment | str] = []
    for piece in fields:
        tid, clause = CLAUSES[piece.type].pick(rng, split)
        used.append(tid)
        chunks.append(render(clause, {"v": piece}))
    if rng.random() < 0.3:
        chunks.insert(rng.randint(0, len(chunks)), distractor(rng))
    tid, intro = INTROS.pick(rng, split)
    oid, outro = OUTROS.pick(rng, split)
    used += [tid, oid]
    bullets = rng.random() < 0.25
    body = concat(chunks, "\n- " if bullets else rng.choice((" ", " ", "\n")))
    head = "\n\n- " if bullets else rng.choice(("\n\n", " ", "\n"))
    return concat([intro, head, body, "\n\n" + outro if outro else ""])


def _quote_csv(piece: Piece) -> Fragment:
    return render('"{{v}}"', {"v": piece}) if "," in piece.text else render("{{v}}", {"v": piece})


def _structured(rng: random.Random, split: str, frame: str, fields: list[Piece], used: list[str]) -> Fragment:
    keys = []
    for piece in fields:
        tid, key = FIELD_KEYS[piece.type].pick(rng, split)
        used.append(tid)
        keys.append(key)
    tid, intro = STRUCTURED_INTROS.pick(rng, split)
    used.append(tid)
    if frame == "json":
        rows = [render(f'  {json.dumps(k)}: "{{{{v}}}}"', {"v": p}) for k, p in zip(keys, fields)]
        body = concat(["```json\n{\n", concat(rows, ",\n"), "\n}\n```"])
    elif frame == "yaml":
        body = concat(
            [
                "```yaml\n",
                concat([render(f"{k}: {{{{v}}}}", {"v": p}) for k, p in zip(keys, fields)], "\n"),
                "\n```",
            ]
        )
    elif frame == "csv":
        body = concat([",".join(keys) + "\n", concat([_quote_csv(p) for p in fields], ",")])
    elif frame == "table":
        header = "| " + " | ".join(keys) + " |\n|" + "---|" * len(keys) + "\n| "
        body = concat([header, concat(fields, " | "), " |"])
    else:
        style = rng.choice(("{k}: ", "**{k}:** ", "- {k}: ", "{k} = "))
        body = concat([concat([style.format(k=k), p]) for k, p in zip(keys, fields)], "\n")
    return concat([intro, body], "\n\n" if intro else "")


def _positive(rng: random.Random, split: str, first: str) -> tuple[Fragment, list[str]]:
    person = _Person(rng, rng.choice(LOCALES))
    extra = rng.sample([t for t in PII_TYPES if t != first], k=rng.choice((0, 1, 1, 2, 2, 3, 4)))
    types = [first, *extra]
    rng.shuffle(types)
    fields = [Piece(VALUES[t](person).strip(), t) for t in types]
    used: list[str] = []
    frame = rng.choice(_FRAMES)
    fragment = (
        _prose(rng, split, fields, used) if frame == "prose" else _structured(rng, split, frame, fields, used)
    )
    return fragment, used


def generate(n: int, *, seed: int, split: str) -> list[Example]:
    """`n` examples: ~65% carry 1-5 PII entities (every type in turn leads one), the rest hard negatives."""
    rng = rng_for("pii", seed, split)
    for locale in LOCALES:
        _faker(locale).seed_instance(rng.randrange(2**32))
    order = list(PII_TYPES)
    rng.shuffle(order)
    out: list[Example] = []
    positives = 0
    for i in range(n):
        if rng.random() < NEGATIVE_SHARE:
            tid, make = NEGATIVES.pick(rng, split)
            fragment, used = Fragment(make(rng)), [tid]
        else:
            fragment, used = _positive(rng, split, order[positives % len(order)])
            positives += 1
        out.append(
            Example(
                id=f"synth-pii-{split}-{i:06d}",
                text=fragment.text,
                source=SOURCE,
                entities=fragment.spans,
                split=split,
                meta={"templates": used},
            )
        )
    return out
