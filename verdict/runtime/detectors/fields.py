"""Values whose key or column header names an entity type (detector "field").

LLM outputs carry records as `key: value` lines, JSON, YAML, Markdown tables and CSV (see `records`).
There the key, not the value's shape, says what a value is: `soc_sec: 843413320` is a Social Security
number and `Konto: 387070164` a bank account, though both are nine digits; a CSV header names every
value under it, however many lines down, where the token model has long lost it. Presidio reads
context words the same way; here the "context" is the field's own key.

A key is read against `KEYS`, rows of key words and the entity types they name, tried in order, so the
specific rows come first ("ip address" before "address", "user name" before "name"). A row's types are
candidates: the value is reported as the one type whose shape it fits (its validator where it has one:
an `ssn` key over a number that fails the SSN rules names nothing). A value that fits none, or more
than one, is left to the model and the other detectors. A row that only hints (a bare "name") reports
as `field:hint`, which `combine` keeps only where the model read the value the same way.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.checksums import VALIDATORS, validate
from verdict.runtime.detectors.patterns import is_whole
from verdict.runtime.detectors.records import fields
from verdict.runtime.findings import Finding

SCORE = 0.85  # the key names the type and the value has its shape
VALIDATED_SCORE = 0.95  # ... and passes the type's checksum
DETECTOR = "field"
HINT_DETECTOR = "field:hint"


@dataclass(frozen=True, slots=True)
class Row:
    """Key words (a regex over the normalized key) and the entity types they name. `alone=False`: the
    key only hints (a bare "name" labels products and UI elements as often as people), so its findings
    confirm the model's reading of the value and are never reported on their own."""

    words: str
    types: tuple[str, ...]
    alone: bool = True


# A key matches a row when the row's words match whole words of the key's normalized form (lower case,
# accents and punctuation dropped, camelCase split); rows are tried in order, so the specific ones come
# first ("ip address" before "address", "user name" before "name"). Rows with no types name nothing:
# they stop a later row from reading "file name" as a person's name.
KEYS: tuple[Row, ...] = (
    Row(
        r"(?:company|business|organi[sz]ation|product|file|host|domain|app|project|server|database|table|column|"
        r"device|brand|model|team|group|event|item|package|service|street|display|start) ?name|hostname|filename",
        (),
    ),
    # A credential's key ("GITHUB_TOKEN", "AccountKey", "SLACK_WEBHOOK_URL") is the secret detectors' to read.
    Row(r"tokens?|keys?|secrets?|api|pat|credentials?|hash|signature|webhook|dsn|auth|bearer", ()),
    Row(r"(?:card|account) ?holder|holder ?name", ("PERSON",)),
    Row(r"e ?mail|courriel|correo", ("EMAIL_ADDRESS",)),
    Row(r"url|website|web ?site|home ?page|page|link|profile|linkedin", ("URL",)),
    Row(r"wallet|btc|eth|bitcoin|ethereum|crypto", ("CRYPTO",)),
    Row(r"mac|hw ?addr(?:ess)?|bssid|ether", ("MAC_ADDRESS",)),
    Row(
        r"ip|ipv4|ipv6|ip ?addr(?:ess)?|remote ?addr(?:ess)?|client ?addr(?:ess)?|source ?addr(?:ess)?",
        ("IP_ADDRESS",),
    ),
    Row(r"iban", ("IBAN_CODE",)),
    Row(r"ssns?|social ?security|soc ?sec|ss ?no", ("US_SSN",)),
    Row(r"itin|individual taxpayer", ("US_ITIN",)),
    Row(
        r"(?:us|usa|u s|united states|american) passport|passport (?:\w+ )?(?:us|usa|u s)|us ?pp",
        ("US_PASSPORT",),
    ),
    Row(r"passport|pp|travel ?doc(?:ument)?|reisepass|passeport|pasaporte|passaporto", ("PASSPORT",)),
    Row(
        r"(?:licen[cs]e|number|registration) plate|plate|vin|kennzeichen|immatriculation|matricula|targa|vehicle|"
        r"registration|reg",
        ("VEHICLE_ID",),
    ),
    Row(r"(?:drivers?|driving) ?licen[cs]e|dl|licen[cs]e|fuhrerschein|permis", ("US_DRIVER_LICENSE",)),
    Row(r"nino|ni|national insurance", ("UK_NINO",)),
    Row(r"nhs", ("UK_NHS",)),
    Row(r"sin|social insurance", ("CA_SIN",)),
    Row(r"tfn|tax file", ("AU_TFN",)),
    Row(r"nir|insee|securite sociale", ("FR_NIR",)),
    Row(r"codice fiscale|cod ?fisc|cf", ("IT_FISCAL_CODE",)),
    Row(r"nif|nie|dni", ("ES_NIF",)),
    Row(r"pan|permanent account", ("IN_PAN",)),
    Row(r"aadhaa?r|uidai|uid", ("IN_AADHAAR",)),
    Row(r"steuer ?id|steueridentifikationsnummer|idnr|steuernummer", ("DE_TAX_ID",)),
    Row(r"tax|tin|taxpayer", ("US_ITIN", "AU_TFN", "DE_TAX_ID", "IN_PAN", "ES_NIF")),
    Row(r"card|cc|visa|mastercard|amex|kreditkarte|carte", ("CREDIT_CARD",)),
    Row(r"mrn|medical ?record|chart|patient ?id|hospital|health ?record", ("MEDICAL_RECORD_NUMBER",)),
    Row(r"account|acct|konto|kontonummer|bank|routing|sort ?code|aba|bsb", ("BANK_ACCOUNT", "USERNAME")),
    Row(r"phone|tel|telephone|telefon|telefono|mobile|cell|fax|handy|portable|whatsapp", ("PHONE_NUMBER",)),
    Row(
        r"dob|d o b|date of birth|birth ?date|birthday|born|geburtsdatum|geboren|naissance|nacimiento|nascita",
        ("DATE_OF_BIRTH",),
    ),
    Row(r"age|years old|alter|edad|eta", ("AGE",)),
    Row(
        r"password|passwd|pwd|pass|passcode|passphrase|pin|kennwort|passwort|mot de passe|contrasena",
        ("PASSWORD",),
    ),
    Row(r"user ?name|login|handle|screen ?name|nick ?name|nick|alias|user ?id|gamertag", ("USERNAME",)),
    Row(r"user", ("USERNAME",), alone=False),
    # "address" alone may be a street's, a wallet's, a host's or a mailbox's: the value's shape decides.
    Row(
        r"address|addr|street|mailing|adresse|direccion|indirizzo|anschrift|strasse",
        ("STREET_ADDRESS", "CRYPTO", "IP_ADDRESS", "EMAIL_ADDRESS"),
    ),
    Row(
        r"city|town|place of birth|birthplace|hometown|based in|residence|ville|ciudad|stadt|citta|village",
        ("LOCATION", "STREET_ADDRESS"),
    ),
    Row(r"location|country|region|origin|state", ("LOCATION", "STREET_ADDRESS"), alone=False),
    Row(
        r"first ?name|last ?name|full ?name|surname|given ?name|family ?name|customer|client|patient|employee|"
        r"holder|applicant|beneficiary|passenger|tenant|nome|nom|nombre|vorname|nachname|prenom|cognome|apellido",
        ("PERSON",),
    ),
    Row(r"name|contact|owner|member|guest|sender|recipient", ("PERSON",), alone=False),
)
_ROWS = tuple((re.compile(rf"(?<![a-z0-9])(?:{row.words})(?![a-z0-9])"), row) for row in KEYS)

# Shapes for the types without a validator; a type with one is checked by it instead.
NAME_PARTICLES = frozenset(
    {"da", "de", "del", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "bin", "al", "y"}
)
_NAME_SEPARATORS = re.compile(r"[ ,'’.-]+")
_DATE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|(?:\d{1,2}(?:st|nd|rd|th)? )?[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
)
_PLACEHOLDER = re.compile(
    r"[*x•.#-]+|<[^>]*>|(?:change ?me|password|secret|redacted|hidden|none|null|n/?a|todo|tbd|example|your[_ -]?\w*)",
    re.IGNORECASE,
)
# Code, not a value: a call, an index, an attribute path, a snake_case variable ("attacker_password").
_CODE = re.compile(r".*[()\[\]{}$].*|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+(?:_[a-z]+)+")
_PROFILE_URL = re.compile(
    r"https?://(?:www\.)?(?:linkedin\.com/in|facebook\.com|twitter\.com|x\.com|instagram\.com|github\.com|"
    r"tiktok\.com/@|youtube\.com/@|medium\.com/@|t\.me)/?[\w.@%-]+/?",
    re.IGNORECASE,
)


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _id(min_digits: int, pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern)
    return lambda v: compiled.fullmatch(v) is not None and _digits(v) >= min_digits


def _proper_name(value: str) -> bool:
    """Capitalized words (name particles aside), letters only: "Fowler, Danielle", "Murilo da Luz"."""
    words = [w for w in _NAME_SEPARATORS.split(value) if w]
    return (
        0 < len(words) <= 6
        and len(value) <= 60
        and words[0][0].isupper()
        and all(w.isalpha() and (w[0].isupper() or w in NAME_PARTICLES) for w in words)
    )


def _secret_like(value: str) -> bool:
    return (
        4 <= len(value) <= 64
        and not any(ch.isspace() for ch in value)
        and _PLACEHOLDER.fullmatch(value) is None
        and _CODE.fullmatch(value) is None
    )


SHAPES: dict[str, Callable[[str], bool]] = {
    "PERSON": _proper_name,
    "LOCATION": _proper_name,
    "STREET_ADDRESS": lambda v: (
        len(v) <= 120 and " " in v and _digits(v) > 0 and sum(ch.isalpha() for ch in v) >= 3
    ),
    "USERNAME": lambda v: (
        re.fullmatch(r"@?[\w][\w.-]{1,39}", v) is not None
        and any(ch.isalpha() for ch in v)
        and _PLACEHOLDER.fullmatch(v) is None
    ),
    "PASSWORD": _secret_like,
    "EMAIL_ADDRESS": lambda v: is_whole("email", v),
    # A key saying "url" does not make a URL personal: a profile's address or a query that carries
    # personal data (the url-personal pattern's test) does.
    "URL": lambda v: _PROFILE_URL.fullmatch(v) is not None or is_whole("url-personal", v),
    "PHONE_NUMBER": lambda v: (
        re.fullmatch(r"\+?[\d(][\d ()./-]{4,22}\d", v) is not None and 7 <= _digits(v) <= 15
    ),
    "DATE_OF_BIRTH": lambda v: _DATE.fullmatch(v) is not None,
    "AGE": lambda v: v.isdigit() and 0 < int(v) <= 120,
    "PASSPORT": _id(5, r"[A-Z0-9]{6,10}"),
    "US_PASSPORT": _id(8, r"[A-Z]?\d{8,9}"),
    "US_DRIVER_LICENSE": _id(4, r"[A-Z0-9][A-Z0-9 -]{3,22}[A-Z0-9]"),
    "BANK_ACCOUNT": _id(6, r"\d[\d -]{4,30}\d"),
    "MEDICAL_RECORD_NUMBER": _id(4, r"[A-Z0-9][A-Z0-9-]{3,19}"),
    "VEHICLE_ID": lambda v: (
        re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{1,16}[A-Z0-9]", v) is not None
        and _digits(v) > 0
        and any(ch.isalpha() for ch in v)
    ),
}


@functools.lru_cache(maxsize=4096)  # a table's header, a template's keys: the same few keys over and over
def key_row(key: str) -> Row | None:
    """The first row whose words a field key has; None when no row matches."""
    normalized = _normalized_key(key)
    return next((row for pattern, row in _ROWS if pattern.search(normalized)), None)


def fits(entity_type: str, value: str) -> bool | None:
    """Whether `value` has the shape of `entity_type`: its validator's answer where it has one, else its
    shape; None for a type with neither."""
    verdict = validate(entity_type, value)
    if verdict is not None:
        return verdict
    shape = SHAPES.get(entity_type)
    return shape(value) if shape is not None else None


def _normalized_key(key: str) -> str:
    key = re.sub(r"([a-z])([A-Z])", r"\1 \2", key)  # camelCase -> camel Case
    key = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9#]+", key.lower()))


@dataclass(frozen=True, slots=True)
class FieldDetector:
    name: str = DETECTOR
    entity_types: tuple[str, ...] = tuple(dict.fromkeys(t for row in KEYS for t in row.types))

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings = []
        for field in fields(text):
            row = key_row(field.key)
            if row is None:
                continue
            value = text[field.start : field.end]
            fitting = [t for t in row.types if fits(t, value)]
            if len(fitting) != 1:
                continue
            entity_type = fitting[0]
            score = VALIDATED_SCORE if entity_type in VALIDATORS else SCORE  # it fitted: its validator passed
            detector = self.name if row.alone else HINT_DETECTOR
            findings.append(
                entity_finding(entity_type, field.start, field.end, score, detector, f'key "{field.key}"')
            )
        return findings
