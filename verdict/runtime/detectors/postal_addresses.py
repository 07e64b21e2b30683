"""Street addresses found by their structure, without the model (issue 15 item 6).

The token head finds most addresses, and `addresses.whole_addresses` grows what it tags; an address it
does not tag at all ("Send it to 12 Baker Street, London NW1 6XE.") is found here, detector
`pattern:address`, score `SCORE` (under the model's usual 0.9, so a policy can tell the two apart). A
finding needs two things:

1. a street line: a house number, a street name and a street-type word, in one of the orders streets
   are written in:
   - number, name, type: "12 Baker Street", "500 King St W", "221B Baker Street", "No. 12, MG Road";
   - number, type, name: "12 Rue de Rivoli", "214, avenue Charlotte Gilles";
   - type, name, number: "Via Roma 12", "Calle Mayor, 5", "Laan van Meerdervoort 5";
   - a name that ends in its type, then the number: "Hauptstraße 5", "Kalverstraat 1", "Nørregade 5",
     "Berliner Straße 12", "Jens-Drubin-Straße 47-26";
   a unit may stand before it ("Flat 2, 14 High Road"; "Flat 12k" over "Hill Extension", which then
   needs no number), and a French street may go without one ("avenue Julie Ledoux");
2. what only an address has after it (`addresses.trailing_components`, the components growing reads):
   a postcode of a supported country with what it stands beside (`addresses.POSTCODES`: a US state and
   ZIP, a UK, Canadian, Dutch or Indian postcode, an Australian state and postcode, a four- or five-digit
   postcode and its city), or, for a numbered street, a unit ("Apt 3B", "Suite 200", "Flat 2", "#4";
   after a comma or line break, or named by a word only units have: "the 1969 Abbey Road Studio 2
   sessions" name no unit).

The finding runs from the street line (its unit before it) through the last component: one span for
the whole address, over line breaks. "10 Downing Street is the Prime Minister's residence", "221B Baker
Street" in a story, "Route 66" and "Highway 1" have no postcode and no unit, and are left alone.

A landmark's address is reported like any other ("The White House is at 1600 Pennsylvania Avenue NW,
Washington, DC 20500"): finding it is this module's work, whose it is the policy's. A label whose rule
says `public: allow` (the default policy's STREET_ADDRESS) leaves alone an address whose sentence speaks
of a public place and of nobody's home or post (`public_values.public_place`), whichever detector found it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verdict.runtime.detectors.addresses import POSTCODES, UNIT, Component, trailing_components
from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.findings import Finding

ADDRESS = "STREET_ADDRESS"
DETECTOR = "pattern:address"
SCORE = 0.75

# Street types written after the name: USPS's suffixes, the UK's and Ireland's, India's "Marg".
_TYPES_AFTER = (
    "Alley|Approach|Avenue|Bank|Boulevard|Branch|Bridge|Broadway|Brook|Brooks|Burg|Burgs|Bypass|Camp|"
    "Canyon|Cape|Causeway|Center|Centre|Centers|Circle|Circles|Circus|Cliff|Cliffs|Close|Club|Common|"
    "Corner|Corners|Course|Court|Courts|Cove|Coves|Creek|Crescent|Crest|Crossing|Crossroad|Curve|Dale|Dam|"
    "Divide|Drive|Drives|Embankment|End|Esplanade|Estate|Estates|Expressway|Extension|Extensions|Fall|"
    "Falls|Ferry|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge|Forges|Fork|Forks|Fort|Freeway|Garden|"
    "Gardens|Gate|Gateway|Glen|Glens|Green|Greens|Grove|Groves|Harbor|Harbors|Harbour|Haven|Heights|"
    "Highway|Hill|Hills|Hollow|Inlet|Island|Islands|Isle|Junction|Junctions|Key|Keys|Knoll|Knolls|Lake|"
    "Lakes|Land|Landing|Lane|Light|Lights|Loaf|Lock|Locks|Lodge|Loop|Mall|Manor|Manors|Marg|Meadow|"
    "Meadows|Mews|Mill|Mills|Mission|Motorway|Mount|Mountain|Mountains|Neck|Orchard|Oval|Overpass|Parade|"
    "Park|Parks|Parkway|Parkways|Pass|Passage|Path|Pike|Pine|Pines|Place|Plain|Plains|Plaza|Point|Points|"
    "Port|Ports|Prairie|Promenade|Quay|Radial|Ramp|Ranch|Rapid|Rapids|Rest|Ridge|Ridges|Rise|River|Road|"
    "Roads|Route|Row|Rue|Run|Shoal|Shoals|Shore|Shores|Skyway|Spring|Springs|Spur|Spurs|Square|Squares|"
    "Station|Stravenue|Stream|Street|Streets|Summit|Terrace|Throughway|Trace|Track|Trafficway|Trail|"
    "Tunnel|Turnpike|Underpass|Union|Unions|Valley|Valleys|Via|Viaduct|View|Views|Village|Villages|Ville|"
    "Vista|Walk|Walks|Wall|Way|Ways|Well|Wells|Wharf|Wynd|Yard"
)
_TYPES_AFTER_SHORT = "St|Rd|Ave?|Blvd|Ln|Dr|Ct|Pl|Sq|Terr?|Cres|Cl|Pkwy|Hwy|Cir|Trl|Pde|Esp|Gdns"
# Street types written before the name: French, Spanish, Italian, Portuguese, Dutch, German.
_TYPES_BEFORE = (
    "rue|avenue|av\\.|boulevard|bd|bld|chemin|all[ée]e|impasse|quai|cours|route|passage|place|square|"
    "faubourg|esplanade|calle|c/|avenida|avda\\.|paseo|plaza|camino|carrera|carretera|ronda|traves[ií]a|"
    "glorieta|rambla|via|viale|piazza|piazzale|corso|largo|vicolo|strada|rua|pra[çc]a|travessa|estrada|"
    "alameda|laan|stra[ßs]e|platz"
)
# The ends of street names that hold their type: German, Dutch, Danish, Norwegian, Swedish.
# French streets go without a number where houses have none ("chemin des Vignes, 84220 Gordes"); an
# Italian "via" does not ("via Deutsche Post, 53113 Bonn" is how a letter went).
_TYPES_UNNUMBERED = "rue|avenue|boulevard|chemin|all[ée]e|impasse|quai|cours|faubourg"
_TYPE_ENDINGS = (
    "stra[ßs]e|str\\.|gasse|weg|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|kai|straat|"
    "laan|plein|kade|gracht|singel|dijk|hof|dreef|pad|baan|steeg|plantsoen|boulevard|gade|vej|gate|vei|"
    "veien|gata|gatan|v[äa]gen|all[ée]|plads|torv|str[æa]de|gr[äa]nd"
)
_CAP = r"[A-ZÀ-ÖØ-ÞŁŚŻŹČŠŽ]"
_LETTERS = r"[^\W\d_]"
_END = r"(?![^\W_])"
_WORD = rf"(?:(?:St|Mt|Ft)\.|{_CAP}\.|{_CAP}{_LETTERS}*(?:['’-]{_LETTERS}+)*|\d{{1,3}}(?:st|nd|rd|th)){_END}"
_NAME = rf"{_WORD}(?:[ \t]{_WORD}){{0,3}}"
_PARTICLE = r"(?:d[eiaou]|des|del|della|dei|degli|delle|dos|das|van|von|der|den|het|la|le|les|los|las|el|y|zu[mr]?|am|an|im)"
_PARTICLES = rf"(?:{_PARTICLE}[ \t]+|[dlDL]['’])*"
_NUMBER = (
    rf"\d{{1,5}}(?:[ \t]?[A-Za-z]{_END})?(?:[ \t]?[-/][ \t]?\d{{1,5}}[A-Za-z]?)?(?:[ \t]+(?:bis|ter))?{_END}"
)
# A number with a comma before a street written name first starts a line or follows "No." ("No. 12, MG
# Road"): mid-sentence, "Rangers 1, Hampden Park" is a score.
_NUMBERED = rf"(?:(?<![^\n])|(?i:no)\.?[ \t]*){_NUMBER}"
_DIRECTION = rf"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?{_END})?"
_TYPE_AFTER = rf"(?i:{_TYPES_AFTER}|(?:{_TYPES_AFTER_SHORT})\.?){_END}"
_STREET_AFTER = rf"{_NAME}[ \t]+{_TYPE_AFTER}{_DIRECTION}"
_STREET_BEFORE = rf"(?i:{_TYPES_BEFORE})[ \t]+{_PARTICLES}{_NAME}"
# Names, particles among them, before a name that ends in its type ("Rahel-van der Dussen-Weg").
_ROOT = rf"(?:{_CAP}|{_PARTICLE}){_LETTERS}*"
_STREET_ENDING = rf"(?:{_WORD}[ \t-](?:(?:{_WORD}|{_PARTICLE})[ \t-]){{0,3}}(?:{_ROOT})?|{_CAP}{_LETTERS}*)(?i:{_TYPE_ENDINGS})"
# A house number after the street, not the postcode and city after a street without one.
_HOUSE_NUMBER = rf"(?!\d{{4,5}}[ \t]+{_CAP}){_NUMBER}"
_UNIT_BEFORE = rf"(?i:{UNIT.pattern})[ \t]*[,;]?[ \t]*\n?[ \t]*"
_STARTS = r"(?<![^\s(\[\"'“‘])"  # after a space, a line break, a bracket or a quote
_STREET = re.compile(
    rf"{_STARTS}(?:"
    rf"(?P<unit>{_UNIT_BEFORE})?(?:{_NUMBER}[ \t]+{_STREET_AFTER}|{_NUMBER},?[ \t]+{_STREET_BEFORE}"
    rf"|{_NUMBERED},[ \t]+{_STREET_AFTER})"
    rf"|(?:{_STREET_BEFORE}|{_STREET_ENDING}),?[ \t]+{_HOUSE_NUMBER}"
    rf"|{_UNIT_BEFORE}(?P<unnumbered>{_STREET_AFTER})"
    rf"|(?P<bare>(?i:{_TYPES_UNNUMBERED})[ \t]+{_PARTICLES}{_NAME})"
    rf")"
)
_DIGITS = re.compile(r"\d+")
# Every street line lies within this many characters of a digit: its number, its unit's, or the
# postcode after an unnumbered street. The regex runs only there: prose has few digits.
DIGIT_REACH = 120
# A unit that a word only units have names: "Apt 3B", "Suite 200", "Flat 2", "#4", "Unit 7".
_UNIT_WORD = re.compile(r"(?:apt|apartment|suite|ste|unit|flat|#)", re.IGNORECASE)
_BROKEN_OFF = re.compile(r"[,;\n][ \t]*\Z")  # what ends just before a unit written after a comma


@dataclass(frozen=True, slots=True)
class PostalAddressDetector:
    name: str = DETECTOR
    entity_types: tuple[str, ...] = (ADDRESS,)

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings: list[Finding] = []
        for street in (m for window in _near_digits(text) for m in _STREET.finditer(text, *window)):
            if findings and street.start() < findings[-1].end:
                continue
            end, parts = trailing_components(text, street.end())
            why = _evidence(text, street, parts)
            if why is None:
                continue
            explanation = f'street "{_one_line(street.group())}" with {why}'
            findings.append(entity_finding(ADDRESS, street.start(), end, SCORE, DETECTOR, explanation))
        return findings


def _near_digits(text: str) -> list[tuple[int, int]]:
    """The stretches of text within `DIGIT_REACH` of a digit, merged."""
    windows: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(m.start() - DIGIT_REACH, 0), min(m.end() + DIGIT_REACH, len(text))
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _evidence(text: str, street: re.Match[str], parts: list[Component]) -> str | None:
    """What makes the street line an address: a postcode after it, or a unit for a numbered street."""
    postcode = next((p for p in parts if p.name in POSTCODES), None)
    if postcode is not None:
        return f"{postcode.name} {text[postcode.start : postcode.end]!r}"
    if street.group("unnumbered") or street.group("bare"):
        return None
    if street.group("unit"):
        return f"unit {UNIT.match(text, street.start()).group()!r}"
    unit = next((p for p in parts if p.name == "unit" and _named_unit(text, p)), None)
    return None if unit is None else f"unit {text[unit.start : unit.end]!r}"


def _named_unit(text: str, unit: Component) -> bool:
    """A unit after a comma or a line break, or one that a word only units have names."""
    return (
        _UNIT_WORD.match(text, unit.start) is not None
        or _BROKEN_OFF.search(text, max(unit.start - 8, 0), unit.start) is not None
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())
