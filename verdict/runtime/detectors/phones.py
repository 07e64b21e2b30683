"""Phone numbers, found and validated by libphonenumber's matcher (detector "phonenumbers").

The matcher validates digits, not surroundings: a match is kept only where it stands alone (no letter or
digit touching it, nor a "-", "_", "/" or "." leading on to one: not a piece of a UUID, a URL path, a
part number or a token), is not an ISO date ("2024-05-02 10" out of a timestamp), and the label before
it does not name another type (`context.named_otherwise`: "MRN:", "Passport", "Konto:").

A number after a phone label ("cell:", "call me on", "WhatsApp") that libphonenumber finds possible but
not valid (an unassigned area code, as in the "555-123-4567" of forms and synthetic records) is still
somebody's number as far as the writer is concerned: it is reported at POSSIBLE_SCORE, below a valid
number's. Without the label such a stretch is left alone (part numbers, ids).

A number written inside Chinese, Japanese or Korean text is read as that country's number too: a mobile
number glued into a Chinese sentence ("我的手机号是13812345678请联系") is dialled in China.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phonenumbers import Leniency, PhoneNumberMatcher

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.context import cued, named_otherwise
from verdict.runtime.detectors.surroundings import glued
from verdict.runtime.findings import Finding

SCORE = 0.9
POSSIBLE_SCORE = 0.7  # possible but not valid, after a phone label
# The matcher is pure Python and costs ~100x the regex screen: it runs only on stretches that look like
# a number (seven digits or more), never over the whole text.
_CANDIDATE = re.compile(r"[+(0-9](?:[0-9]|[ ().\-/]{1,3}(?=[0-9])){6,24}[0-9)]?")
_DIGITS = re.compile(r"[0-9]")
_NON_DIGIT = re.compile(r"[^0-9]")
# A national number with trunk prefix "0" belongs to one of the trunk regions; "+" numbers and US
# national numbers are found by the default-region pass.
_TRUNK_ZERO = re.compile(r"^\(?0[1-9]")
# Without "+" or a trunk zero only the US pass runs, and a valid NANP number (all a US-region match can
# be, bar one dialled through the "011" international prefix) is ten digits in a row whose area code and
# exchange start with 2-9, or the seven-digit 310-XXXX service numbers the US metadata also accepts: a
# stretch without such a window (SSNs, dates, most IDs) skips the matcher.
_NANP_OR_IDD = re.compile(r"[2-9][0-9]{2}[2-9][0-9]{6}|011|310[0-9]{4}")
# The script of the letters next to a number -> the regions whose national numbers it may be.
_SCRIPT_REGIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"[\u3040-\u30ff]"), ("JP",)),
    (re.compile(r"[\uac00-\ud7af]"), ("KR",)),
    (re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"), ("CN", "TW", "HK", "JP")),
)
SCRIPT_REACH = 12  # characters on each side of a number read for its script
JOINERS = "-_/."  # a number continued by one of these and a letter or digit is an id, a path, a token
_ISO_DATE = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])")


@dataclass(frozen=True, slots=True)
class PhoneDetector:
    default_region: str = "US"
    trunk_regions: tuple[str, ...] = ("GB", "DE", "FR", "IN", "AU")
    name: str = "phonenumbers"
    entity_types: tuple[str, ...] = ("PHONE_NUMBER",)

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings: list[Finding] = []
        for candidate in _CANDIDATE.finditer(text):
            stretch = candidate.group()
            if not 7 <= len(_DIGITS.findall(stretch)) <= 15:  # E.164 caps a number at 15 digits
                continue
            regions = (self.default_region,)
            by_script = _script_regions(text, *candidate.span())
            labelled = cued(text, candidate.start(), "PHONE_NUMBER") is not None
            if _TRUNK_ZERO.match(stretch) is not None:
                regions += self.trunk_regions
            elif not by_script and not labelled and not self._worth_matching(stretch):
                continue
            regions += by_script
            matches = self._match(stretch, candidate.start(), regions)
            if not matches and labelled:
                matches = self._match(
                    stretch, candidate.start(), regions, leniency=Leniency.POSSIBLE, score=POSSIBLE_SCORE
                )
            findings += [f for f in matches if _stands_alone(text, f.start, f.end)]
        return findings

    def _worth_matching(self, stretch: str) -> bool:
        """False only where the matcher cannot find a number: a stretch without "+" or a trunk zero, read
        as US, holding no NANP digit window and no "011"."""
        if self.default_region != "US" or stretch.startswith("+"):
            return True
        return _NANP_OR_IDD.search(_NON_DIGIT.sub("", stretch)) is not None

    def _match(
        self,
        stretch: str,
        offset: int,
        regions: tuple[str, ...],
        *,
        leniency: Leniency = Leniency.VALID,
        score: float = SCORE,
    ) -> list[Finding]:
        for region in regions:
            matches = list(PhoneNumberMatcher(stretch, region, leniency=leniency))
            if matches:
                return [
                    entity_finding("PHONE_NUMBER", offset + m.start, offset + m.end, score, self.name)
                    for m in matches
                ]
        return []


def _script_regions(text: str, start: int, end: int) -> tuple[str, ...]:
    around = text[max(start - SCRIPT_REACH, 0) : start] + text[end : end + SCRIPT_REACH]
    if around.isascii():
        return ()
    regions: list[str] = []
    for script, script_regions in _SCRIPT_REGIONS:
        if script.search(around):
            regions += [r for r in script_regions if r not in regions]
    return tuple(regions)


def _stands_alone(text: str, start: int, end: int) -> bool:
    return (
        not glued(text, start, end, JOINERS)
        and _ISO_DATE.match(text, start) is None
        and not named_otherwise(text, start, "PHONE_NUMBER")
    )
