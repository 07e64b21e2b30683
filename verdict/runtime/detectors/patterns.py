"""Regex candidates for structured entity types, each confirmed by its validator before it is reported.

Context words ("test card", "example") are mostly left to the model: these rules read shape. Card
numbers published in payment-provider documentation are still reported (a leaked test number is
harmless, but the policy, not the detector, decides that) at a lower score that says why. What the
rules do read around a match (see `context`): a match glued into a longer token is not one; the label
before a digit-only national number with a weak check (SIN, ITIN) may name another type; a dotted quad
among version words is not an address. Addresses at documentation domains (RFC 2606/6761: no mail is
ever delivered there) belong to nobody and are not reported unless the detector is told to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.checksums import VALIDATORS, validate
from verdict.runtime.detectors.context import SPACED_WORD, cued, glued, named_otherwise, reads_as_version
from verdict.runtime.detectors.identifiers import (
    aba_routing,
    driver_license,
    iban_shape,
    idnr_digits,
    passport,
    passport_type,
    plate,
    vin,
)
from verdict.runtime.findings import Finding

VALIDATED_SCORE = 0.95
FORMAT_ONLY_SCORE = 0.85  # types with no checksum: the shape is all the evidence
KNOWN_TEST_SCORE = 0.5
# A value its label names but its validator refuses (a DE IdNr breaking the digit-repetition rule, an
# IBAN with a typo in it): still someone's number, reported with less confidence instead of dropped.
LABELLED_ONLY_SCORE = 0.6

# Stripe/Adyen/Braintree documentation numbers, compared without separators.
KNOWN_TEST_NUMBERS = frozenset(
    {
        "4242424242424242",
        "4000056655665556",
        "4111111111111111",
        "5555555555554444",
        "5105105105105100",
        "2223003122003222",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "6011000990139424",
        "3056930009020004",
        "36227206271667",
        "3566002020360505",
        "6200000000000005",
        "4012888888881881",
        "4000000000000002",
        "4000000000009995",
    }
)

_PERSONAL_QUERY = re.compile(
    r"[?&#;](?:e-?mail|user(?:name)?|login|name|first_?name|last_?name|full_?name|phone|tel|mobile|address|dob|ssn)="
    r"|@[A-Za-z0-9-]+\.[A-Za-z]",
    re.IGNORECASE,
)


# RFC 2606 and RFC 6761 names that never route mail: documentation placeholders, not anyone's address.
DOCUMENTATION_DOMAINS = ("example.com", "example.net", "example.org")
DOCUMENTATION_TLDS = ("example", "test", "invalid", "localhost")


def _documentation_address(value: str) -> bool:
    domain = value.rpartition("@")[2].lower()
    return domain.rpartition(".")[2] in DOCUMENTATION_TLDS or any(
        domain == d or domain.endswith("." + d) for d in DOCUMENTATION_DOMAINS
    )


def _label_names_other_type(entity_type: str) -> Callable[[str, int, int], bool]:
    return lambda text, start, end: named_otherwise(text, start, entity_type)


def _names_routing(text: str, start: int, end: int) -> bool:
    """A routing number's label: the number must pass the ABA check (pattern "aba"), not only be digits."""
    return (cued(text, start, "BANK_ACCOUNT") or "").lower() in ("routing", "aba", "rtn")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One candidate shape. `check` replaces the type's validator for types that have none (`algo`
    names it when it is a checksum); `veto` drops a match by what surrounds it (text, start, end);
    `documentation` tells a value reserved for documentation (reported only by a detector told to).
    `labelled`: the match counts only after a label naming its type (`context.cued`: "DL:", "routing
    number", "Kennzeichen"), for shapes that any number has; `score` then overrides the default.
    `retype` picks the reported type by what surrounds the match (a US or another passport).
    `shrinks`: a match that fails is tried again cut at each separator inside it, longest first (a card
    number followed by a line that starts with digits)."""

    name: str
    entity_type: str
    regex: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    gate: str = ""  # a substring every match contains: absent, the regex is not run
    veto: Callable[[str, int, int], bool] | None = None
    documentation: Callable[[str], bool] | None = None
    algo: str = ""
    labelled: bool = False
    score: float | None = None
    retype: Callable[[str, int, int], str] | None = None
    shrinks: bool = False


# Every regex starts with a character class and checks the character before it in a lookbehind placed
# after that class: sre then skips non-candidate positions with a fast charset scan (2-5x faster than
# a leading lookbehind). The lookarounds keep a shape from being cut out of a longer number.
_D = r"(?<![0-9-][0-9])(?<![0-9][ -][0-9])"  # after a leading digit: no digit run before it
_E = r"(?![0-9-])(?![ -][0-9])"  # no digit run after it
# The same where "." also separates groups (078.05.1123, 4111.1111.1111.1111).
_DD = r"(?<![0-9.-][0-9])(?<![0-9][ .-][0-9])"
_ED = r"(?![0-9-])(?![ .-][0-9])(?!\.[0-9])"
# Between two groups of a long number: a space, "-", "." or a line break where the text was wrapped.
_SEP = r"(?:[ .-]|\r?\n)"
_W = r"(?<![0-9A-Za-z_].)"  # after a leading character: it starts a word
# Where \w would say "a word goes on", these say "a word of a spaced script goes on": a value glued to
# Chinese or Thai text still ends (see `context.UNSPACED`).
_B = rf"(?!{SPACED_WORD})"  # a trailing \b, after a word character
_SW = SPACED_WORD

PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "email",
        "EMAIL_ADDRESS",
        re.compile(
            rf"[A-Za-z0-9](?<!(?:{_SW}|[.+-]).)[\w.%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{{2,24}}{_B}"
        ),
        check=lambda v: ".." not in v,
        gate="@",
        documentation=_documentation_address,
    ),
    Pattern(
        "url-personal",
        "URL",
        re.compile(rf"h(?<!{_SW}h)ttps?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"),
        check=lambda v: _PERSONAL_QUERY.search(v) is not None,
        gate="://",
    ),
    Pattern(
        "credit-card",
        "CREDIT_CARD",
        re.compile(rf"[0-9]{_DD}(?:{_SEP}?[0-9]){{12,18}}{_ED}"),
        shrinks=True,
    ),
    Pattern(
        "iban",
        "IBAN_CODE",
        re.compile(
            rf"[A-Z]{_W}[A-Z][0-9]{{2}}(?:{_SEP}?[A-Z0-9]{{4}}){{2,7}}(?:{_SEP}?[A-Z0-9]{{1,3}})?{_B}"
        ),
        shrinks=True,
    ),
    Pattern(
        "iban-labelled",
        "IBAN_CODE",
        re.compile(
            rf"[A-Z]{_W}[A-Z][0-9]{{2}}(?:{_SEP}?[A-Z0-9]{{4}}){{2,7}}(?:{_SEP}?[A-Z0-9]{{1,3}})?{_B}"
        ),
        check=iban_shape,
        labelled=True,
        score=LABELLED_ONLY_SCORE,
    ),
    Pattern("ssn", "US_SSN", re.compile(rf"[0-9]{_DD}[0-9]{{2}}([-. ])[0-9]{{2}}\1[0-9]{{4}}{_ED}")),
    Pattern("ssn-bare", "US_SSN", re.compile(rf"[0-9]{_D}[0-9]{{8}}{_E}"), labelled=True),
    Pattern(
        "itin",
        "US_ITIN",
        re.compile(rf"9{_DD}[0-9]{{2}}([-. ]?)[5-9][0-9]\1[0-9]{{4}}{_ED}"),
        veto=_label_names_other_type("US_ITIN"),
    ),
    Pattern("nino", "UK_NINO", re.compile(rf"[A-Z]{_W}[A-Z] ?[0-9]{{2}} ?[0-9]{{2}} ?[0-9]{{2}} ?[A-D]{_B}")),
    Pattern("nhs", "UK_NHS", re.compile(rf"[0-9]{_D}[0-9]{{2}}([ -])[0-9]{{3}}\1[0-9]{{4}}{_E}")),
    Pattern("nhs-bare", "UK_NHS", re.compile(rf"[0-9]{_D}[0-9]{{9}}{_E}"), labelled=True),
    Pattern("nif", "ES_NIF", re.compile(rf"[0-9XYZ]{_W}[0-9]{{7}}-?[A-Z]{_B}")),
    Pattern(
        "codicefiscale",
        "IT_FISCAL_CODE",
        re.compile(
            rf"[A-Z]{_W}[A-Z]{{5}}[0-9LMNPQRSTUV]{{2}}[A-EHLMPRST][0-9LMNPQRSTUV]{{2}}[A-Z][0-9LMNPQRSTUV]{{3}}[A-Z]{_B}"
        ),
    ),
    Pattern("idnr", "DE_TAX_ID", re.compile(rf"[0-9]{_D}[0-9] ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{3}}{_E}")),
    Pattern(
        "idnr-labelled",
        "DE_TAX_ID",
        re.compile(rf"[0-9]{_D}[0-9] ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{3}}{_E}"),
        check=idnr_digits,
        algo="mod_11_10",
        labelled=True,
        score=LABELLED_ONLY_SCORE,
    ),
    Pattern(
        "nir",
        "FR_NIR",
        re.compile(
            rf"[12]{_W} ?[0-9]{{2}} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{{2}}|2[AB]) ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{2}}{_E}"
        ),
    ),
    Pattern("pan", "IN_PAN", re.compile(rf"[A-Z]{_W}[A-Z]{{2}}[ABCFGHLJPT][A-Z][0-9]{{4}}[A-Z]{_B}")),
    Pattern("aadhaar", "IN_AADHAAR", re.compile(rf"[2-9]{_D}[0-9]{{3}}([ -]?)[0-9]{{4}}\1[0-9]{{4}}{_E}")),
    Pattern(
        "tfn",
        "AU_TFN",
        re.compile(rf"[0-9]{_D}[0-9]{{2}} [0-9]{{3}} [0-9]{{3}}{_E}"),
        veto=_label_names_other_type("AU_TFN"),
    ),
    Pattern(
        "sin",
        "CA_SIN",
        re.compile(rf"[0-9]{_D}[0-9]{{2}}([ -])[0-9]{{3}}\1[0-9]{{3}}{_E}"),
        veto=_label_names_other_type("CA_SIN"),
    ),
    Pattern(
        "aba",
        "BANK_ACCOUNT",
        re.compile(rf"[0-9]{_D}[0-9]{{8}}{_E}"),
        check=aba_routing,
        algo="aba",
        labelled=True,
    ),
    Pattern(
        "bank-account",
        "BANK_ACCOUNT",
        re.compile(rf"[0-9]{_D}(?:[ -]?[0-9]){{7,16}}{_E}"),
        check=lambda v: True,
        veto=_names_routing,
        labelled=True,
    ),
    Pattern(
        "driver-license",
        "US_DRIVER_LICENSE",
        re.compile(rf"[A-Z0-9]{_W}[A-Z0-9]*(?:[ -](?=[A-Z]*[0-9])[A-Z0-9]+)*{_B}"),
        check=driver_license,
        labelled=True,
    ),
    Pattern(
        "passport",
        "PASSPORT",
        re.compile(rf"[A-Z0-9]{_W}[A-Z0-9]{{6,8}}{_B}"),
        check=passport,
        labelled=True,
        retype=passport_type,
    ),
    Pattern(
        "vin",
        "VEHICLE_ID",
        re.compile(rf"[A-HJ-NPR-Z0-9]{_W}[A-HJ-NPR-Z0-9]{{16}}{_B}"),
        check=vin,
        algo="vin",
    ),
    Pattern(
        "vin-labelled",
        "VEHICLE_ID",
        re.compile(rf"[A-HJ-NPR-Z0-9]{_W}[A-HJ-NPR-Z0-9]{{16}}{_B}"),
        check=lambda v: any(c.isdigit() for c in v) and any(c.isalpha() for c in v),
        labelled=True,
    ),
    Pattern(
        "plate",
        "VEHICLE_ID",
        re.compile(rf"[A-Z0-9]{_W}[A-Z0-9]*(?:[ -][A-Z0-9]+){{0,2}}{_B}"),
        check=plate,
        labelled=True,
    ),
    Pattern(
        "crypto",
        "CRYPTO",
        re.compile(
            rf"[13b0]{_W}(?:(?<=[13])[1-9A-HJ-NP-Za-km-z]{{25,34}}|(?<=b)c1[02-9ac-hj-np-z]{{8,87}}|(?<=0)x[0-9a-fA-F]{{40}}){_B}"
        ),
    ),
    Pattern(
        "ipv4",
        "IP_ADDRESS",
        re.compile(r"[0-9](?<![0-9.][0-9])[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}(?![0-9])(?!\.[0-9])"),
        gate=".",
        veto=reads_as_version,
    ),
    Pattern(
        "ipv6",
        "IP_ADDRESS",
        # An IPv4 tail ("::ffff:203.0.113.9", RFC 4291 2.5.5) is part of the address, never a cut.
        re.compile(
            rf"[0-9A-Fa-f:](?<!(?:{_SW}|:).)(?:[0-9A-Fa-f]{{0,4}}:){{2,7}}"
            rf"(?:(?:[0-9]{{1,3}}\.){{3}}[0-9]{{1,3}}|[0-9A-Fa-f]{{0,4}}(?!\.[0-9]))(?!{_SW}|:)"
        ),
        gate=":",
    ),
    Pattern(
        "mac",
        "MAC_ADDRESS",
        re.compile(
            rf"[0-9A-Fa-f](?<!(?:{_SW}|[:-]).)[0-9A-Fa-f]([:-])(?:[0-9A-Fa-f]{{2}}\1){{4}}[0-9A-Fa-f]{{2}}(?!{_SW}|[:-])"
        ),
    ),
    # Cisco's dotted form, which the validator already accepts.
    Pattern(
        "mac-dotted",
        "MAC_ADDRESS",
        re.compile(
            rf"[0-9A-Fa-f](?<!(?:{_SW}|\.).)[0-9A-Fa-f]{{3}}\.[0-9A-Fa-f]{{4}}\.[0-9A-Fa-f]{{4}}(?!{_SW}|\.)"
        ),
        gate=".",
    ),
)


PATTERN_BY_NAME = {p.name: p for p in PATTERNS}


def is_whole(name: str, value: str, *, report_documentation: bool = False) -> bool:
    """True when all of `value` is one match of pattern `name` that its check or validator accepts
    (and, unless told otherwise, not a documentation value)."""
    pattern = PATTERN_BY_NAME[name]
    if pattern.regex.fullmatch(value) is None:
        return False
    if pattern.documentation and not report_documentation and pattern.documentation(value):
        return False
    return _confirmed(pattern, value, 0) is not None


@dataclass(frozen=True, slots=True)
class PatternDetector:
    patterns: tuple[Pattern, ...] = PATTERNS
    # True: documentation values (user@example.com) are reported like any other, for tests that write
    # them as stand-ins for real ones.
    report_documentation: bool = False
    name: str = "patterns"

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.entity_type for p in self.patterns))

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings: list[Finding] = []
        for pattern in self.patterns:
            if pattern.gate and pattern.gate not in text:
                continue
            for m in pattern.regex.finditer(text):
                if not _stands_apart(text, *m.span()) or (pattern.veto and pattern.veto(text, *m.span())):
                    continue
                if (
                    pattern.documentation
                    and not self.report_documentation
                    and pattern.documentation(m.group())
                ):
                    continue
                label = cued(text, m.start(), pattern.entity_type) if pattern.labelled else None
                if pattern.labelled and label is None:
                    continue
                finding = _first_confirmed(pattern, m.group(), m.start())
                if finding is None:
                    continue
                if label is not None:
                    finding = replace(finding, explanation=f'label "{label}"')
                if pattern.retype is not None:
                    finding = replace(finding, type=pattern.retype(text, finding.start, finding.end))
                findings.append(finding)
        return findings


def _stands_apart(text: str, start: int, end: int) -> bool:
    """Not a piece of a longer token; and not after a "+", which starts an E.164 phone number."""
    return not glued(text, start, end) and not (start > 0 and text[start - 1] == "+")


def _first_confirmed(pattern: Pattern, value: str, start: int) -> Finding | None:
    """The match confirmed; for a pattern that shrinks, else its longest cut at a separator that is."""
    finding = _confirmed(pattern, value, start)
    if finding is not None or not pattern.shrinks:
        return finding
    for cut in reversed([i for i, c in enumerate(value) if not c.isalnum()]):
        head = value[:cut]
        if pattern.regex.fullmatch(head) is not None and (finding := _confirmed(pattern, head, start)):
            return finding
    return None


def _confirmed(pattern: Pattern, value: str, start: int) -> Finding | None:
    if pattern.check is not None:
        if not pattern.check(value):
            return None
        detector = f"checksum:{pattern.algo}" if pattern.algo else f"regex:{pattern.name}"
        score = pattern.score or (VALIDATED_SCORE if pattern.algo else FORMAT_ONLY_SCORE)
        return entity_finding(pattern.entity_type, start, start + len(value), score, detector)
    if not validate(pattern.entity_type, value):
        return None
    detector = f"checksum:{VALIDATORS[pattern.entity_type].algo}"
    end = start + len(value)
    if pattern.entity_type == "CREDIT_CARD" and re.sub(r"\D", "", value) in KNOWN_TEST_NUMBERS:
        return entity_finding(
            pattern.entity_type, start, end, KNOWN_TEST_SCORE, detector, "known test number"
        )
    return entity_finding(pattern.entity_type, start, end, VALIDATED_SCORE, detector)
