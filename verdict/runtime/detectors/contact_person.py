"""A private person's name beside their contact data is a PERSON, whatever the model scored it.

"Sure, email John Smith at john.smith@gmail.com or call +1 415 555 0132": the token head finds the
address and the number, and scores "John Smith" 0.81, under its PERSON threshold, so the name is released
beside the redacted contact data that belongs to it. `contact_persons` runs after the model's spans and
the rules are combined and addresses made whole (`combination.combine`, `addresses.whole_addresses`).
Where the text holds contact data (an EMAIL_ADDRESS, a PHONE_NUMBER that is not a service line, a
STREET_ADDRESS that is not a public place's: `public_values.public_value`, the test a policy's
`public: allow` reads), it reports as PERSON, detector `context:contact`, score `SCORE`:

1. a name that an email address's local part spells ("John Smith" for john.smith, jsmith, smith.j,
   johnsmith; "Priya Raman" for priya_raman), in the email's sentence or within `EMAIL_REACH` characters;
   one word will do when it is a known first name ("email John at john@...");
2. a name (`names.person_name`: capitalized, starting at a known first name, no organisation or place
   word) in the sentence of a contact value (`sentences.sentence`: a paragraph's lines read as one),
   when that sentence holds a contact cue: "email", "call", "reach", "contact", "text", "write to",
   "ship/send ... to", "Dear", a greeting;
3. the line directly above an address block, or the first line of a STREET_ADDRESS span that goes on to
   further lines, when that whole line is a name: "Hans Becker" over "Lindenstraße 14 / 10115 Berlin".
   The address then starts on the next line.

A PERSON finding already there that overlaps the name is widened to it (detectors joined, model first);
a LOCATION finding on the name gives way. The score (0.8) sits under the model's usual 0.9 so a policy
can tell a name read from its context from one the model read. Public figures and places with no
contact data of their own are untouched: without contact data this step does nothing, "Contact the
Louvre at +33 1 40 20 50 50" names no first name, and a museum's address is nobody's contact data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from verdict.runtime.detectors.entities import has_form
from verdict.runtime.detectors.names import capitalized_runs, common_word, first_name, fold, person_name
from verdict.runtime.findings import Finding
from verdict.runtime.public_values import public_value
from verdict.runtime.sentences import sentence

PERSON = "PERSON"
DETECTOR = "context:contact"
SCORE = 0.8
CONTACT_TYPES = frozenset({"EMAIL_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS"})
EMAIL_REACH = 120  # characters either side of an email address searched for the name it spells
MIN_SINGLE_NAME = 3

_CUE = re.compile(
    r"(?<![^\W\d_])(?:e-?mail(?:ed|ing|s)?|call(?:ed|ing|s)?|phone|ring|reach(?:ed|es|ing)?|contact(?:ed|ing|s)?|"
    r"text(?:ed)?|message|whatsapp|write[ \t]+to|(?:ship|send|deliver|mail|post|forward)(?:[ \t]+\S+){0,3}?[ \t]+to|"
    r"dear|attn|attention|c/o|hi|hello)(?![^\W\d_])",
    re.IGNORECASE,
)


def contact_persons(findings: Iterable[Finding], text: str) -> list[Finding]:
    findings = list(findings)
    contacts = [f for f in findings if f.type in CONTACT_TYPES and not _belongs_to_no_one(f, text)]
    if not contacts:
        return findings
    names: list[Finding] = []
    for contact in contacts:
        names += _spelled_by_email(contact, contacts, text)
        names += _beside_cue(contact, contacts, text)
    findings, names = _address_name_lines(findings, text, names, contacts)
    if not names:
        return findings
    return _added(findings, names)


def _belongs_to_no_one(finding: Finding, text: str) -> bool:
    """A service line or a public place's address: contact data, but nobody's."""
    value = text[finding.start : finding.end]
    return public_value(finding.type, value, text=text, start=finding.start, end=finding.end) is not None


def _person(start: int, end: int, why: str) -> Finding:
    return Finding("pii", PERSON, SCORE, start, end, DETECTOR, why)


def _sentence(text: str, finding: Finding, contacts: list[Finding]) -> tuple[int, int]:
    """The sentence around a contact value; a break inside a contact value ("Apt. 3B") is none."""
    return sentence(text, finding.start, finding.end, within=[(c.start, c.end) for c in contacts])


def _free_runs(text: str, begin: int, end: int, contacts: list[Finding]):
    """Runs of capitalized words in text[begin:end] that are no part of a contact value. A span that
    lacks its type's form is no value to keep out of a name: the model reads "Jones" of "Ask Peter Jones
    (peter.jones@...)" as an EMAIL_ADDRESS in some texts (demoted, `combination._checked`), and the
    surname is still the name's."""
    values = [c for c in contacts if has_form(c.type, text[c.start : c.end]) is not False]
    for run in capitalized_runs(text, begin, end):
        if run and not any(c.start < run[-1].end() and run[0].start() < c.end for c in values):
            yield run


def _spelled_by_email(contact: Finding, contacts: list[Finding], text: str) -> list[Finding]:
    if contact.type != "EMAIL_ADDRESS":
        return []
    local = text[contact.start : contact.end].partition("@")[0]
    begin, end = _sentence(text, contact, contacts)
    begin, end = min(begin, max(contact.start - EMAIL_REACH, 0)), max(end, contact.end + EMAIL_REACH)
    found = []
    for run in _free_runs(text, begin, min(end, len(text)), contacts):
        span = _spelled_span(run, local)
        if span is not None:
            found.append(
                _person(*span, f"spelled by the local part of EMAIL_ADDRESS at {contact.start}:{contact.end}")
            )
    return found


def _spelled_span(run: list[re.Match[str]], local: str) -> tuple[int, int] | None:
    """The longest stretch of the run whose words the local part spells."""
    letters = fold(local)
    pieces = [fold(p) for p in re.split(r"[^A-Za-z]+", local) if p]
    for size in range(min(len(run), 4), 0, -1):
        for i in range(len(run) - size + 1):
            words = run[i : i + size]
            if _spells(letters, pieces, [fold(w.group()) for w in words], words):
                return words[0].start(), words[-1].end()
    return None


def _spells(letters: str, pieces: list[str], words: list[str], matches: list[re.Match[str]]) -> bool:
    if any(not w for w in words):
        return False
    if len(words) == 1:
        value = matches[0].group()
        return (
            len(words[0]) >= MIN_SINGLE_NAME
            and first_name(value)
            and not common_word(value)
            and (letters == words[0] or words[0] in pieces)
        )
    first, last = words[0], words[-1]
    if any(common_word(m.group()) for m in matches[1:]):
        return False
    initials = "".join(fold(part)[:1] for part in re.split(r"['’-]", matches[0].group()))  # Jean-Luc: jl
    spellings = {
        initials + last,
        last + initials,
        "".join(words),
        "".join(reversed(words)),
        first[0] + last,
        last + first[0],
        first + last[0],
        first + last,
        last + first,
    }
    return letters in spellings or set(words) <= set(pieces)


def _beside_cue(contact: Finding, contacts: list[Finding], text: str) -> list[Finding]:
    begin, end = _sentence(text, contact, contacts)
    cue = _CUE.search(text, begin, end)
    if cue is None:
        return []
    found = []
    for run in _free_runs(text, begin, end, contacts):
        span = person_name(text, run)
        if span is not None:
            found.append(
                _person(
                    *span,
                    f'cue "{cue.group().lower()}" beside {contact.type} at {contact.start}:{contact.end}',
                )
            )
    return found


def _address_name_lines(
    findings: list[Finding], text: str, names: list[Finding], contacts: list[Finding]
) -> tuple[list[Finding], list[Finding]]:
    """Rule 3: the name line above an address block (a contact, not a public place's) is a PERSON; an
    address span that took it starts on the next line instead."""
    out = []
    for f in findings:
        if f.type != "STREET_ADDRESS" or f not in contacts:
            out.append(f)
            continue
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = _line_end(text, f.start)
        if line_end < f.end:  # the span goes on past its first line: is that line a name?
            name = _name_line(text, line_start, line_end)
            if name is not None:
                names.append(_person(*name, "the first line of an address block"))
                next_line = line_end + 1
                while next_line < f.end and text[next_line].isspace():
                    next_line += 1
                out.append(replace(f, start=next_line))
                continue
        if not text[line_start : f.start].strip() and line_start > 0:
            above = text.rfind("\n", 0, line_start - 1) + 1
            name = _name_line(text, above, line_start - 1)
            if name is not None:
                names.append(_person(*name, "the line above an address block"))
        out.append(f)
    return out, names


def _name_line(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name when the whole line is one (a trailing comma aside)."""
    runs = list(capitalized_runs(text, start, end))
    if len(runs) != 1:
        return None
    span = person_name(text, runs[0])
    if span is None or text[start : span[0]].strip() or text[span[1] : end].strip(" \t,"):
        return None
    return span


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _added(findings: list[Finding], names: list[Finding]) -> list[Finding]:
    """The names added: merged among themselves and into the PERSON findings they overlap."""
    persons = [f for f in findings if f.type == PERSON]
    others = [f for f in findings if f.type != PERSON]
    for name in sorted(names, key=lambda f: (f.start, -f.end)):
        touching = [p for p in persons if p.start < name.end and name.start < p.end]
        if not touching:
            persons.append(name)
            continue
        first = touching[0]
        merged = replace(
            first,
            start=min(name.start, *(p.start for p in touching)),
            end=max(name.end, *(p.end for p in touching)),
            score=max(p.score for p in touching),
            detector=_joined(*(p.detector for p in touching), name.detector),
            explanation=first.explanation or name.explanation,
        )
        persons = [p for p in persons if p not in touching] + [merged]
    others = [f for f in others if not (f.type == "LOCATION" and any(_overlap(f, n) for n in names))]
    return others + persons


def _joined(*detectors: str) -> str:
    names: list[str] = []
    for detector in detectors:
        names += [n for n in detector.split("+") if n not in names]
    return "+".join(names)


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end
