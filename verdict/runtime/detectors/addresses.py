"""Whole street addresses: a STREET_ADDRESS span grows over the components written after its street.

The token head tags the street and the postcode of "1420 Oak Street, Apt 3B, Springfield, IL 62704" and
leaves the unit, the city and the state between them in clear. `whole_addresses` runs after the model's
spans and the rules are combined (`combination.combine`) and, for every STREET_ADDRESS finding that a
record field did not give (a field's value ends where its cell does):

1. grows its end over the components that follow it, each after a comma, a spaced dash, spaces or one
   line break: a unit ("Apt 3B", "Suite 200", "Flat 2", "#4", "3rd Floor"), a US state or Canadian
   province with its ZIP or postal code ("IL 62704", "ON M5V 2T6"), a UK postcode ("NW1 6XE", in Royal
   Mail's letters), a Canadian postal code ("K1A 0B1"), an Australian state and postcode ("NSW 2000"),
   an Indian PIN code ("560001"), a Dutch postcode and its city ("1012 AB Amsterdam"), a 5-digit
   postcode and its city ("10115 Berlin", "75007 Paris", "I-00184 Roma"), a 4-digit one and a city that
   is no common word ("1165 København K", "8001 Zürich"), a bare ZIP, a country (libphonenumber's
   names of every region in ten languages, and "USA", "UK"), and a city (capitalized words that are
   not common words) where a state, postcode or country follows it, or up to two more cities and then
   one ("Indiranagar, Bengaluru, Karnataka 560038"; on its line or the next), or, on the address's own
   line, where the sentence ends;
2. crossing another STREET_ADDRESS span on the way, continues from its end: two spans separated only
   by such components are one address;
3. takes in the LOCATION findings inside the grown span (the city is part of the address).

Nothing grows before the street, and a span that begins on the words before the street's number
("Lopez, 1420 Oak Street") starts at the number instead: a name before an address is a person
(`contact_person`). Growing
extends an address, it never finds one: an address no model span reached is found, if at all, by its
street line and postcode (`postal_addresses`, which reads the components after a street with
`trailing_components`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from verdict.runtime.detectors.names import common_word
from verdict.runtime.findings import Finding

ADDRESS = "STREET_ADDRESS"
FIELD_DETECTORS = ("field", "field:hint")
MAX_LINE_BREAKS = 4  # an address block: street, unit, city line, country

# A comma or semicolon, a spaced dash ("Bengaluru - 560001"), spaces, one line break.
_SEPARATOR = re.compile(r"[ \t]*(?:[,;][ \t]*|[-–][ \t]+)?(?:\n[ \t]*)?")
_END = r"(?![^\W_])"
UNIT = re.compile(
    r"(?:(?:apt|apartment|suite|ste|unit|flat|studio|level|floor|fl|room|rm|bldg|building|dept|p\.?\s?o\.?\s?box)\b\.?"
    r"[ \t]*(?:#|no\.?)?[ \t]*(?:\d[A-Za-z0-9-]*|[A-Za-z](?:-?\d[A-Za-z0-9-]*)?)"
    rf"|#[ \t]*\d+[A-Za-z]?|\d+(?:st|nd|rd|th)[ \t]+floor){_END}",
    re.IGNORECASE,
)
_US_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    "OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AS|MP|FM|MH|PW|AA|AE|AP"
)
_US_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    "North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_PROVINCES = "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
_STATE = rf"(?:{_US_STATES}|{_PROVINCES}|{_US_STATE_NAMES})"
_ZIP = r"\d{5}(?:-\d{4})?"
# Canada Post's letters: never D, F, I, O, Q or U, and W or Z never first.
_CA_POSTCODE = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t]?\d[ABCEGHJ-NPRSTV-Z]\d"
_STATE_CODE = re.compile(rf"{_STATE}[ \t]+(?:{_ZIP}|{_CA_POSTCODE}){_END}")
_STATE_ALONE = re.compile(rf"{_STATE}{_END}")
# Royal Mail's outward codes (the letters each position may hold) and inward code; and Girobank's.
_UK_POSTCODE = re.compile(
    r"(?:[A-PR-UWYZ](?:[A-HK-Y]?\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])[ \t]?\d[ABD-HJLNP-UW-Z]{2}"
    rf"|GIR[ \t]?0AA){_END}"
)
_CA_POSTCODE_ALONE = re.compile(rf"{_CA_POSTCODE}{_END}")
# An Australian state and its four-digit postcode, whose first digit the state fixes ("NSW 2000").
_AU_STATE_CODE = re.compile(rf"(NSW|ACT|VIC|Vic|QLD|Qld|SA|WA|TAS|Tas|NT)[ \t]+(\d)\d{{3}}{_END}")
_AU_FIRST_DIGITS = {
    "NSW": "12",
    "ACT": "02",
    "VIC": "38",
    "QLD": "49",
    "SA": "5",
    "WA": "6",
    "TAS": "7",
    "NT": "0",
}
# A Dutch postcode: four digits, the first not 0, and two letters, never SA, SD or SS ("1012 AB").
_NL_POSTCODE = re.compile(rf"[1-9]\d{{3}}[ \t]?(?!S[ADS])[A-Z]{{2}}{_END}")
# "Amsterdam", "'s-Hertogenbosch", "'t Zand", "de Woude", "2e Exloërmond"
_NL_CITY = re.compile(r"[ \t]+(?=[A-ZÀ-Þ]|['’][st][ -]|(?:de|den|het|ter|ten|\d+e)[ \t][A-Z])")
# An Indian PIN code: six digits, the first not 0 ("560001", "560 001").
_PIN = re.compile(rf"[1-9]\d{{2}}[ \t]?\d{{3}}{_END}")
_BARE_ZIP = re.compile(rf"{_ZIP}{_END}")
_SPACES_INSIDE = re.compile(r"[ \t]+")
# (name, pattern) of the components whose whole extent one pattern gives, tried first.
_CODES = (
    ("unit", UNIT),
    ("state and ZIP", _STATE_CODE),
    ("UK postcode", _UK_POSTCODE),
    ("Canadian postcode", _CA_POSTCODE_ALONE),
    ("PIN code", _PIN),
)
# The components that are a postcode of a supported country, with what it stands beside.
POSTCODES = frozenset(
    {
        "state and ZIP",
        "UK postcode",
        "Canadian postcode",
        "PIN code",
        "postcode and city",
        "Dutch postcode",
        "state and postcode",
    }
)
_CAPITALIZED = r"(?:St\.[ \t]?)?[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*['’]?(?![\w'’-])"
_CITY_PARTICLES = (
    "am",
    "an",
    "bei",
    "de",
    "del",
    "della",
    "der",
    "des",
    "di",
    "du",
    "en",
    "im",
    "in",
    "la",
    "le",
    "les",
    "ob",
    "on",
    "sur",
    "upon",
)
_CITY = re.compile(
    rf"{_CAPITALIZED}(?:(?:[ \t](?:{'|'.join(_CITY_PARTICLES)})){{0,2}}[ \t]{_CAPITALIZED}){{0,3}}"
)
_POSTCODE_CITY = re.compile(rf"(?:[A-Z]{{1,2}}-)?\d{{5}}[ \t]+(?={_CAPITALIZED})")
# Four digits before a city: Denmark, Switzerland, Austria, Belgium, Norway ("1165 København K").
_SHORT_POSTCODE_CITY = re.compile(rf"(?:[A-Z]{{1,2}}-)?\d{{4}}[ \t]+(?={_CAPITALIZED})")
_PLACE = re.compile(r"(?:[^,;\n.!?]|(?<=\b[^\W\d_])\.|(?<=\b[^\W\d_]{2})\.|[.!?](?!\s|\Z))*")
# What may follow a city alone: the sentence or the line ends.
_SENTENCE_END = re.compile(r"[ \t]*(?:[.!?)](?:\s|\Z)|\n|\Z)")


_LANGUAGES = ("en", "de", "fr", "it", "es", "nl", "pt", "da", "sv", "nb")


def postcode(value: str) -> bool:
    """The whole value is a UK or Canadian postcode ("SW1A 1AA", "K1A 0B1"): letters and digits a plate
    check would also accept."""
    value = value.strip()
    return any(p.fullmatch(value) is not None for p in (_UK_POSTCODE, _CA_POSTCODE_ALONE))


@cache
def _country() -> re.Pattern[str]:
    """Every region's name in `_LANGUAGES`, from libphonenumber's own tables (longest first)."""
    import phonenumbers
    from phonenumbers import geocoder

    names = {"USA", "U.S.A.", "UK", "U.K.", "England", "Scotland", "Wales", "Northern Ireland"}
    for region in phonenumbers.SUPPORTED_REGIONS:
        number = phonenumbers.example_number(region)
        if number is not None:
            names.update(geocoder.country_name_for_number(number, lang) for lang in _LANGUAGES)
    names.discard("")
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![^\W_])")


# Words before the street's number, ended by a comma ("Lopez, 1420 Oak Street"): the end of the name of the
# person the address is for, which the token head sometimes takes into the span. The street starts at its
# number; the words go back to the text, where `contact_person` reads the whole name beside the address.
# A unit written first ("Apt 3B, 12 Main St", "Suite A, 100 Main St") stays in the address.
# Only where a capitalized word stands before the span, so the span began inside a name ("Maria |Lopez,"):
# a street written before its number ("Calle Mayor, 5", "chemin des Vignes, 84220 Gordes") follows "a", "à".
_WORDS_BEFORE_NUMBER = re.compile(r"[^\W\d_][^\d,;\n]*,[ \t]*(?=\d)")
_NAME_BEFORE = re.compile(r"(?<![^\W\d_])[A-Z][^\W\d_]+[ \t]+\Z")


def _from_street(text: str, address: Finding) -> Finding:
    words = _WORDS_BEFORE_NUMBER.match(text, address.start, address.end)
    if words is None or UNIT.match(text, address.start) or not _inside_name(text, address.start):
        return address
    why = f"starts at the street's number, not at {text[address.start : words.end()].rstrip(', ')!r}"
    explanation = "; ".join(p for p in (address.explanation, why) if p)
    return replace(address, start=words.end(), explanation=explanation)


def _inside_name(text: str, at: int) -> bool:
    return _NAME_BEFORE.search(text, max(at - 40, 0), at) is not None


def whole_addresses(findings: Iterable[Finding], text: str) -> list[Finding]:
    findings = list(findings)
    if not any(f.type == ADDRESS for f in findings):
        return findings
    addresses = sorted((f for f in findings if f.type == ADDRESS), key=lambda f: (f.start, -f.end))
    grown: list[Finding] = []
    for address in addresses:
        if grown and address.start <= grown[-1].end:  # reached by the one before it
            grown[-1] = _joined(grown[-1], address, max(grown[-1].end, address.end))
            continue
        end, parts = _grown_end(text, address, addresses)
        if end == address.end:
            grown.append(address)
            continue
        why = f"grown over {', '.join(p.name for p in parts)}"
        grown.append(
            replace(address, end=end, explanation="; ".join(p for p in (address.explanation, why) if p))
        )
    # After joining: the name's end tagged as a span of its own ("Lopez") has joined the street by now.
    grown = [_from_street(text, address) for address in grown]
    rest = [f for f in findings if f.type != ADDRESS and not _taken_in(f, grown)]
    return rest + grown


@dataclass(frozen=True, slots=True)
class Component:
    """One component written after a street: its name ("unit", "UK postcode", "city") and its span."""

    name: str
    start: int
    end: int


def _grown_end(text: str, address: Finding, addresses: list[Finding]) -> tuple[int, list[Component]]:
    if any(name in FIELD_DETECTORS for name in address.detector.split("+")):
        return address.end, []
    return trailing_components(text, address.end, addresses)


def trailing_components(
    text: str, end: int, addresses: Sequence[Finding] = ()
) -> tuple[int, list[Component]]:
    """Where an address that ends at `end` ends once the components written after it are in, and the
    names of those components (`POSTCODES` names the postcodes among them). Crossing one of `addresses`
    on the way, it continues from that one's end."""
    parts: list[Component] = []
    breaks = 0
    while True:
        separator = _SEPARATOR.match(text, end)
        at = separator.end()
        if at == end and end < len(text) and text[end].isalnum():
            break  # a component stands after a separator, never glued to the one before
        crossed = "\n" in separator.group()
        if crossed and breaks == MAX_LINE_BREAKS:
            break
        reached = next((a for a in addresses if a.start == at and a.end > end), None)
        if reached is not None:
            end, breaks = reached.end, breaks + crossed
            continue
        component = _component(text, at, own_line=breaks == 0 and not crossed)
        if component is None:
            break
        name, end = component
        breaks += crossed
        parts.append(Component(name, at, end))
    return end, parts


def _component(text: str, at: int, *, own_line: bool) -> tuple[str, int] | None:
    """The address component that starts at `at`, as (its name, its end)."""
    for name, pattern in _CODES:
        m = pattern.match(text, at)
        if m is not None:
            return name, m.end()
    postcode = _POSTCODE_CITY.match(text, at)
    if postcode is not None:
        return "postcode and city", _place_end(text, postcode.end())
    dutch = _NL_POSTCODE.match(text, at)
    if dutch is not None:
        city = _NL_CITY.match(text, dutch.end())
        return "Dutch postcode", dutch.end() if city is None else _place_end(text, city.end())
    postcode = _SHORT_POSTCODE_CITY.match(text, at)
    city = None if postcode is None else _city(text, postcode.end(), common=False)
    if city is not None:
        return "postcode and city", city
    if _australian(text, at):
        return "state and postcode", _AU_STATE_CODE.match(text, at).end()
    zip_code = _BARE_ZIP.match(text, at)
    if zip_code is not None:
        return "ZIP", zip_code.end()
    country = _country().match(text, at)
    if country is not None:
        return "country", country.end()
    state = _STATE_ALONE.match(text, at)
    if state is not None and _SENTENCE_END.match(text, state.end()):
        return "state", state.end()
    for city in _city_ends(text, at):
        if _followed_by_region(text, city):
            return "city", city
    city = _city(text, at, common=False)
    if city is not None and own_line and _SENTENCE_END.match(text, city):
        return "city", city
    return None


def _city_ends(text: str, at: int) -> list[int]:
    """The ends of the city names at `at`, longest first: a state may follow "Sydney NSW" or "Sydney"."""
    end = _city(text, at, common=True)
    if end is None:
        return []
    shorter = [at + m.start() for m in _SPACES_INSIDE.finditer(text[at:end])]
    return [end, *(e for e in reversed(shorter) if _city(text, at, common=True, endpos=e) == e)]


def _city(text: str, at: int, *, common: bool, endpos: int | None = None) -> int | None:
    """The end of a city's name at `at` (before `endpos`): capitalized words; `common=False`: none of them
    a common word (a region after the city vouches for "East Wendy" and "New Haven"; nothing vouches for
    "Monday")."""
    m = _CITY.match(text, at, len(text) if endpos is None else endpos)
    if m is None or not m.group()[0].isupper():
        return None
    words = [w for w in m.group().replace("St.", "").split() if w not in _CITY_PARTICLES]
    if any(not w[0].isupper() or (not common and common_word(w)) for w in words):
        return None
    return m.end()


def _place_end(text: str, at: int) -> int:
    """Where the place after a postcode ends: at a comma, a semicolon, a line break or the sentence's
    end. The postcode vouches for it, so it may hold anything a place's name does ("Osterode am Harz",
    "St. Walburg i. Antholz"); a full stop after a word of one or two letters abbreviates it, and so does
    one at the end of its line where the next line goes on with a region ("St. Michael/Kastelr.\nItalia")."""
    m = _PLACE.match(text, at)
    end = at + len(m.group().rstrip(" \t"))
    dot = end + 1
    if (
        text.startswith(".", end)
        and "\n" in _SEPARATOR.match(text, dot).group()
        and _followed_by_region(text, dot)
    ):
        return dot
    return end


def _followed_by_region(text: str, at: int, *, cities: int = 2) -> bool:
    """A state, a postcode or a country follows, on the same line or the next ("London\nNW1 6XE"), or
    up to two more cities that one follows ("Indiranagar, Bengaluru, Karnataka 560038")."""
    after = _SEPARATOR.match(text, at).end()
    if after == at:
        return False
    patterns = (*(p for _, p in _CODES), _STATE_ALONE, _NL_POSTCODE, _BARE_ZIP, _country())
    if any(p.match(text, after) for p in patterns) or _australian(text, after):
        return True
    city = _city(text, after, common=False) if cities else None
    return city is not None and _followed_by_region(text, city, cities=cities - 1)


def _australian(text: str, at: int) -> bool:
    m = _AU_STATE_CODE.match(text, at)
    return m is not None and m.group(2) in _AU_FIRST_DIGITS[m.group(1).upper()]


def _joined(first: Finding, second: Finding, end: int) -> Finding:
    detectors = first.detector.split("+")
    detectors += [d for d in second.detector.split("+") if d not in detectors]
    best = max(first, second, key=lambda f: f.score)
    return replace(
        first, end=end, score=best.score, detector="+".join(detectors), explanation=best.explanation
    )


def _taken_in(finding: Finding, addresses: list[Finding]) -> bool:
    return finding.type == "LOCATION" and any(
        a.start <= finding.start and finding.end <= a.end for a in addresses
    )
