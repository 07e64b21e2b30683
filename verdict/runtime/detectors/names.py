"""Whether a run of capitalized words reads as a private person's name, without the model.

The token head finds names in prose it was trained on; beside contact data it often scores them under
the PERSON threshold ("email John Smith at john.smith@gmail.com": 0.81) or not at all. The contact rule
(`contact_person`) asks this module instead, which reads a name the way a person skimming a letter does:

* **capitalisation**: a run of capitalized words on one line, one space apart (name particles such as
  "van", "de", "da" inside it), made of letters, apostrophes and hyphens;
* **a known first name**: the name starts at a word among the first names Faker lists for 23 locales of
  Latin-script countries (`names.json`, written by `build_name_lists`: "Priya", "Hans", "Maria"); "Barack"
  and "Louvre" are not, so "Barack Obama" and "the Louvre" are no contact's name here;
* **not a common word**: a sentence's first word is capitalized whatever it is, so there a first name
  that is also a common English word (Faker's lorem word list: "will", "hope") does not start a name;
* **no organisation or place word** after the first name ("Grace Hopper Academy", "Jordan Bank",
  "Victoria Street", "Sydney Office"): such a run names an organisation or a place, not a person.

A name is two to four words; one word alone ("Sydney", "Grace") is as often a city or a word, and is a
name only where an email address's local part spells it (`contact_person`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

NAMES_RESOURCE = "names.json"
# Faker's person providers of Latin-script locales.
FAKER_LOCALES = [
    "en_US",
    "en_GB",
    "en_IN",
    "en_IE",
    "en_NZ",
    "de_DE",
    "de_AT",
    "de_CH",
    "fr_FR",
    "fr_CA",
    "it_IT",
    "es_ES",
    "es_MX",
    "pt_PT",
    "pt_BR",
    "nl_NL",
    "pl_PL",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "cs_CZ",
    "tr_TR",
]
PARTICLES = frozenset(
    {"da", "de", "del", "della", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "bin"}
)
MIN_WORDS, MAX_WORDS = 2, 4

# A word that makes a run of capitalized words an organisation, a place, a product or a date.
NOT_A_PERSON = frozenset(
    [
        "academy",
        "agency",
        "airport",
        "airlines",
        "apartments",
        "association",
        "avenue",
        "bank",
        "bar",
        "boulevard",
        "bridge",
        "building",
        "cafe",
        "café",
        "castle",
        "cathedral",
        "center",
        "centre",
        "chambers",
        "church",
        "city",
        "clinic",
        "club",
        "co",
        "college",
        "company",
        "corp",
        "corporation",
        "council",
        "county",
        "court",
        "department",
        "desk",
        "district",
        "embassy",
        "enterprises",
        "estate",
        "foundation",
        "gallery",
        "gmbh",
        "group",
        "hall",
        "helpdesk",
        "hospital",
        "hotel",
        "house",
        "inc",
        "institute",
        "insurance",
        "international",
        "lab",
        "labs",
        "lane",
        "library",
        "limited",
        "llc",
        "llp",
        "ltd",
        "lodge",
        "mall",
        "market",
        "ministry",
        "museum",
        "office",
        "palace",
        "park",
        "partners",
        "pharmacy",
        "plaza",
        "pty",
        "restaurant",
        "road",
        "room",
        "school",
        "service",
        "services",
        "shop",
        "society",
        "square",
        "station",
        "store",
        "street",
        "studio",
        "studios",
        "support",
        "systems",
        "team",
        "technologies",
        "theatre",
        "theater",
        "tower",
        "trust",
        "university",
        "way",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def _lists() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files(__package__).joinpath(NAMES_RESOURCE).read_text(encoding="utf-8"))
    return {"first_names": frozenset(data["first_names"]), "common_words": frozenset(data["common_words"])}


def first_name(word: str) -> bool:
    return word in _lists()["first_names"]


def common_word(word: str) -> bool:
    return word.lower() in _lists()["common_words"]


def fold(word: str) -> str:
    """Lower case without accents: "Müller" and the local part "mueller" or "muller" compare letters."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isalpha() and c.isascii())


def capitalized_runs(text: str, begin: int = 0, end: int | None = None) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalized words one space apart on one line in text[begin:end], particles inside."""
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(text, begin, len(text) if end is None else end):
        value = word.group()
        joins = run and text[run[-1].end() : word.start()] == " "
        if value[0].isupper() or (value in PARTICLES and joins):
            if run and not joins:
                yield _without_trailing_particles(run)
                run = []
            run.append(word)
            continue
        if run:
            yield _without_trailing_particles(run)
            run = []
    if run:
        yield _without_trailing_particles(run)


def _without_trailing_particles(run: list[re.Match[str]]) -> list[re.Match[str]]:
    while run and run[-1].group() in PARTICLES:
        run = run[:-1]
    return run


def person_name(text: str, run: list[re.Match[str]]) -> tuple[int, int] | None:
    """The [start, end) of the person's name in a run of capitalized words, or None (rules above)."""
    for i, word in enumerate(run):
        value = word.group()
        if not first_name(value) or (common_word(value) and _starts_sentence(text, word.start())):
            continue
        name = run[i:]
        if not MIN_WORDS <= len(name) <= MAX_WORDS:
            return None
        if any(w.group().lower() in NOT_A_PERSON for w in name):
            return None
        return name[0].start(), name[-1].end()
    return None


def _starts_sentence(text: str, at: int) -> bool:
    """Nothing but spaces and quotes between `at` and the text's start, a line break or a sentence mark."""
    while at > 0 and text[at - 1] in " \t\"'“‘(":
        at -= 1
    return at == 0 or text[at - 1] in ".!?:;\n"


def build_name_lists(out_path: str | Path) -> dict:
    """Write `names.json` from Faker's person and lorem providers (Faker is a dev dependency, not a
    runtime one: the lists are data, shipped with the package)."""
    import importlib

    import faker
    from faker.providers.lorem.en_US import Provider as Lorem

    names: set[str] = set()
    for locale in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = provider.__dict__.get(attr) or ()
            names.update(n for n in values if _WORD.fullmatch(n) and n[0].isupper())
    data = {
        "generated_by": "verdict.runtime.detectors.names.build_name_lists",
        "source": f"Faker {faker.VERSION} (MIT): person providers of {' '.join(FAKER_LOCALES)}; lorem en_US",
        "first_names": sorted(names),
        "common_words": sorted({w.lower() for w in Lorem.word_list}),
    }
    Path(out_path).write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return data
