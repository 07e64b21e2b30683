"""How model spans and rule hits become one list of findings.

Policy (all spans on the same text):

1. A model finding of a type that has a validator (its record's `validator`, `entities.VALIDATORS`) is checked on the text
   it covers. FAIL: score x 0.3, explanation "failed checksum:<algo>" (a card number that fails Luhn is
   rarely a card). PASS: score raised to at least 0.9, explanation "validated by checksum:<algo>".
   Types without a validator are kept as they are, unless they lack the least form of their type
   (its record's `form`: an email address needs an "at" and a domain, a phone number 7 digits): score
   x 0.3, "lacks form:<name>". So is one its record's `example` check says the text holds up as an
   example, advice and nobody's value (a password "like `Summer2024!`"): "failed form:an example named
   in advice". A model finding of a secret type must have its type's structure
   (`secret_forms.failed_context`: a JWT's header decodes and names its "alg", a token holds no space,
   a generic blob's line names a credential and passes the regexes of gitleaks' generic-api-key
   allowlists (a UUID after "accessibility...Id" or "credentialsId", a version after "API_VERSION"; not
   its stopwords, words a `key = value` match must not hold, which a base64 blob holds by chance:
   "aaaaaa"), no placeholder, no wallet address): else score x 0.3,
   "failed secret form:<check>", and like a failed checksum it no longer hides the PII inside it (6).
   A model span of an identifier type that is a piece of an IBAN-shaped run is demoted the same way
   ("failed form:piece of an IBAN-shaped value": "BG80" of a mistyped IBAN is no number plate).
2. Rule findings of one type that overlap are one finding: the union of their spans (a field's own
   span when one of them is a field, see 7), the highest score, the detector names joined with "+"
   ("gitleaks:curl-auth-header+gitleaks:generic-api-key").
3. A rule finding that overlaps model findings of its type confirms them: one finding over the RULE's
   span (a rule's extent is defined by its format: the model's edges drift, "iban BR42...", a key
   block with the line before it), the highest score, the model named first ("model+checksum:luhn").
4. A rule finding that overlaps no model finding of its type is added as it is, except a format-only
   PII hit (`phonenumbers`, `regex:*`: no checksum behind it) that overlaps a model finding of another
   type which did not fail its own check: the model read the context (a medical record number, an
   account number) and a digit pattern alone does not overrule it. A hit its label named ("UK
   passport 923817465") is no longer a digit pattern alone: rule 9 decides. Nor is a street line with
   its postcode or unit (`pattern:address`, `postal_addresses`): the model's LOCATION on its city is a
   piece of it (rule 10).
5. A secret has one type. GENERIC_API_KEY is the catch-all: a generic finding, from any source, yields
   to an overlapping finding of a specific secret type that did not fail a check (a GitLab token in an
   `X-Api-Key:` header is a GITLAB_TOKEN, once). And a model-only secret finding yields to an
   overlapping rule finding of another specific type: the vendor rules key on the vendor's own token
   prefix (`sk_test_` is Stripe's), which the model only approximates.
6. A PII finding strictly inside a secret finding is part of that secret (the host address, the user
   name, the password of a connection string): the secret is reported, not its pieces. So is a PII
   finding that only a field key gives, wherever it overlaps a secret.
7. A field finding (detector `field`: the value's key or column header names its type) speaks for its
   value; one whose key only hints at the type (`field:hint`: a bare "name") must confirm a model
   finding of that type to be kept (rule 3). A model-only or format-only finding of another type that
   overlaps a field finding is dropped (the model read `soc_sec: 843413320` as a French NIR;
   phonenumbers read a number in an SSN column as a phone).
   A checksum-validated finding of another type over the same value gives way by rule 9 (the key
   names the type).
8. A model span of a type whose values have a closed alphabet (`WHOLE_VALUE`: an IP address, a password,
   a username) grows over that alphabet to the value's full extent when the grown value still validates:
   the token head cuts "::ffff:127.0.0.1" after "127", "2400:c401::..." after "2400:" and starts the
   password "Tr0ub4dor&3" at "0ub4", and a redaction must not leave the rest in clear.
9. One span, one type. Overlapping findings of different identifier types (`IDENTIFIER_TYPES`: every PII
   type but names, places, addresses, URLs, handles and passwords, whose spans nest inside others by
   nature) are one value read two ways; the reading with the strongest evidence is kept (`_evidence`):
   a label before it naming its type (`context.cued`: "call", "NHS", "IBAN") or a field key, then a
   strong checksum (Luhn with an issuer range, mod 97, Verhoeff, ...), then a phone number's numbering
   plan, then a weak check (mod 11 or a range rule that one random number in ten or eleven passes:
   "415-555-0199" is a US phone, not also an NHS number), then a shape, then the model alone; a failed
   check counts for nothing. Ties go to a rule's reading over the model's alone (after "UK passport"
   the rule's PASSPORT, not the model's US_PASSPORT), then to the longer span (the whole value, not a
   piece of it: an IBAN after "Account", not its digits as an account number), then to the higher score. The kept finding
   grows over the rule findings it overrules, so no piece of the value is left in clear
   ("0532 0130 00", the second line of an IBAN, is no phone number).
10. A STREET_ADDRESS span grows over the unit, city, state, postcode and country written after it, and
   two address spans with only such components between them are one (`addresses.whole_addresses`).
11. A personal name beside contact data (an email address that spells it, or a contact cue in the
   sentence of an email, phone or street address, or the line above an address block) is a PERSON
   (`contact_person.contact_persons`, detector `context:contact`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from verdict.runtime.detectors.addresses import whole_addresses
from verdict.runtime.detectors.contact_person import contact_persons
from verdict.runtime.detectors.context import cued
from verdict.runtime.detectors.entities import FORMS, VALIDATORS, has_form, named_as_example, validate
from verdict.runtime.detectors.fields import DETECTOR as FIELD
from verdict.runtime.detectors.fields import HINT_DETECTOR as FIELD_HINT
from verdict.runtime.detectors.patterns import PATTERN_BY_NAME
from verdict.runtime.detectors.secret_forms import failed_context
from verdict.runtime.detectors.secrets import default_secret_detector
from verdict.runtime.findings import Finding
from verdict.runtime.taxonomy import PII_TYPES, SECRET_TYPES

FAILED_CHECKSUM_FACTOR = 0.3
VALIDATED_SCORE = 0.9
CATCH_ALL_SECRET = "GENERIC_API_KEY"
GENERIC_RULE = "generic-api-key"  # gitleaks' rule for it, whose allowlists a model-only span must pass too
FORMAT_ONLY_DETECTORS = ("phonenumbers", "regex:")
LABELLED = 'label "'  # a rule hit whose label named its type (patterns: `Pattern.labelled`)


IDENTIFIER_TYPES = frozenset(PII_TYPES) - {
    "PERSON",
    "LOCATION",
    "STREET_ADDRESS",
    "URL",
    "USERNAME",
    "PASSWORD",
    "EMAIL_ADDRESS",
}
_IBAN_SHAPE = PATTERN_BY_NAME["iban"].regex
IBAN_REACH = 40  # characters around a model span searched for the IBAN-shaped run it is a piece of
IBAN_MIN_CHARS = 15  # Norway's, the shortest IBAN

# Checks that one random number in ten or eleven passes: evidence, but less than a numbering plan.
WEAK_CHECKS = frozenset({"nhs", "ssn", "itin", "sin", "tfn", "nif", "aba", "mod_11_10"})

# type -> the characters its values are made of, for rule 8
WHOLE_VALUE = {
    "IP_ADDRESS": re.compile(r"[0-9A-Fa-f:.]*"),
    # A password is one run of non-space characters; the token head starts "Tr0ub4dor&3" at "0ub4".
    # Quotes and brackets around it are markup, not part of it.
    "PASSWORD": re.compile(r"[^\s`'\"“”‘’()\[\]<>{}]*"),
    # A handle is letters, digits and "_.-": "kate_w", not "kate" and "_w" in clear.
    "USERNAME": re.compile(r"[A-Za-z0-9_.\-]*"),
}
_VALUE_END = ".:,;!?"  # a value does not end on punctuation: "... from 203.0.113.9." ends a sentence


def combine(model_findings: Iterable[Finding], rule_findings: Iterable[Finding], text: str) -> list[Finding]:
    rule_findings = list(rule_findings)
    model = [_checked(f if _inside_any(f, rule_findings) else _grown(f, text), text) for f in model_findings]
    confirmed: set[int] = set()
    kept: list[Finding] = []
    for rule in _merged_rules(rule_findings):
        partners = [i for i, f in enumerate(model) if f.type == rule.type and _overlap(f, rule)]
        if partners:
            confirmed.update(partners)
            kept.append(_confirmed(rule, [model[i] for i in partners]))
        elif not _overruled(rule, model) and not _hint_only(rule):
            kept.append(rule)
    kept += [f for i, f in enumerate(model) if i not in confirmed]
    kept = [f for f in kept if not _secret_retyped(f, kept) and not _inside_secret(f, kept)]
    named = [f for f in kept if _from_field(f)]
    if named:
        kept = [f for f in kept if not _named_otherwise(f, named)]
    findings = contact_persons(whole_addresses(_one_type(kept, text), text), text)
    return sorted(findings, key=lambda f: (f.start, -f.end, f.type))


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _merged_rules(rule_findings: Iterable[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for rule in sorted(rule_findings, key=lambda f: (f.type, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.type == rule.type and _overlap(last, rule):
            merged[-1] = _merge([last, rule], **_extent(last, rule))
        else:
            merged.append(rule)
    return merged


def _extent(a: Finding, b: Finding) -> dict[str, int]:
    """Two overlapping rule hits of one type cover their union, unless one is a field: a record's value
    ends where its cell or line does, and a shape that runs past it ("https://...,X6914026-L" in a CSV
    row) does not."""
    fields = [f for f in (a, b) if _from_field(f)]
    if len(fields) == 1:
        return {"start": fields[0].start, "end": fields[0].end}
    return {"start": min(a.start, b.start), "end": max(a.end, b.end)}


def _confirmed(rule: Finding, model: list[Finding]) -> Finding:
    return _merge([*model, rule], start=rule.start, end=rule.end)


def _merge(findings: list[Finding], *, start: int, end: int) -> Finding:
    detectors: list[str] = []
    for f in findings:
        for name in f.detector.split("+"):
            if name not in detectors:
                detectors.append(name)
    best = max(findings, key=lambda f: f.score)
    return replace(
        findings[0],
        start=start,
        end=end,
        score=best.score,
        detector="+".join(detectors),
        explanation=best.explanation,
    )


def _failed(finding: Finding) -> bool:
    return "failed" in finding.explanation or "lacks form" in finding.explanation


def _detectors(finding: Finding) -> list[str]:
    return finding.detector.split("+")


def _from_field(finding: Finding) -> bool:
    return any(name in (FIELD, FIELD_HINT) for name in _detectors(finding))


def _hint_only(rule: Finding) -> bool:
    """A key that only hints at a type (a bare "name") confirms the model's reading; alone it is no finding."""
    return all(name == FIELD_HINT for name in _detectors(rule))


def _format_only(finding: Finding) -> bool:
    """Only the model or shape-only rules behind it: no checksum, no key naming the type."""
    return all(name == "model" or name.startswith(FORMAT_ONLY_DETECTORS) for name in _detectors(finding))


def _overruled(rule: Finding, model: list[Finding]) -> bool:
    if rule.category != "pii" or not _format_only(rule) or rule.explanation.startswith(LABELLED):
        return False
    return any(f.type != rule.type and not _failed(f) and _overlap(f, rule) for f in model)


def _named_otherwise(finding: Finding, named: list[Finding]) -> bool:
    """True when a field finding of another type covers part of this model-only or format-only one."""
    return _format_only(finding) and any(g.type != finding.type and _overlap(g, finding) for g in named)


def _secret_retyped(finding: Finding, kept: list[Finding]) -> bool:
    """True when another reading of the same secret is more specific (policy 5)."""
    if finding.type not in SECRET_TYPES:
        return False
    generic, model_only = finding.type == CATCH_ALL_SECRET, finding.detector == "model"
    return any(
        f.type in SECRET_TYPES
        and f.type not in (CATCH_ALL_SECRET, finding.type)
        and not _failed(f)
        and _overlap(f, finding)
        and (generic or (model_only and f.detector != "model"))
        for f in kept
    )


def _inside_secret(finding: Finding, kept: list[Finding]) -> bool:
    """Policy 6; and a PII reading that only a field key gives ("account: <token>") of a value some
    secret finding covers is that secret."""
    if finding.category != "pii":
        return False
    key_only = finding.detector == FIELD
    return any(
        f.type in SECRET_TYPES
        and not _failed(f)
        and (
            (
                f.start <= finding.start
                and finding.end <= f.end
                and (f.start, f.end) != (finding.start, finding.end)
            )
            or (key_only and _overlap(f, finding))
        )
        for f in kept
    )


def _inside_any(finding: Finding, others: list[Finding]) -> bool:
    """Within a rule's span: the rule already holds the whole value (a token, a connection string)."""
    return any(o.start <= finding.start and finding.end <= o.end for o in others)


def _grown(finding: Finding, text: str) -> Finding:
    alphabet = WHOLE_VALUE.get(finding.type)
    # a span without its type's form is not a piece of a value ("candidate" in
    # "candidate.encode()" is no password): growing it would give it one
    if alphabet is None or has_form(finding.type, text[finding.start : finding.end]) is False:
        return finding
    start = finding.start
    while start > 0 and alphabet.fullmatch(text[start - 1]):
        start -= 1
    end = alphabet.match(text, finding.end).end()
    while end > finding.end and text[end - 1] in _VALUE_END:
        end -= 1
    # grown only where the whole still validates (an IP address); types without a validator just grow
    if (start, end) == (finding.start, finding.end) or validate(finding.type, text[start:end]) is False:
        return finding
    return replace(finding, start=start, end=end)


def _checked(finding: Finding, text: str) -> Finding:
    value = text[finding.start : finding.end]
    if named_as_example(finding.type, text, finding.start, finding.end):
        return _demoted(finding, "failed form:an example named in advice")
    if finding.type in IDENTIFIER_TYPES - {"IBAN_CODE"} and _inside_iban_shape(finding, text):
        return _demoted(finding, "failed form:piece of an IBAN-shaped value")
    if finding.type in SECRET_TYPES:
        line_start = text.rfind("\n", 0, finding.start) + 1
        line = text[line_start : _line_end(text, finding.end)]
        failed = failed_context(finding.type, value, line)
        if failed is None and finding.type == CATCH_ALL_SECRET:
            keyed = text[line_start : finding.end]  # the key and the value: gitleaks' "match"
            if default_secret_detector().allowed(GENERIC_RULE, value.strip(), keyed, line, stopwords=False):
                failed = "allowlist"
        return finding if failed is None else _demoted(finding, f"failed secret form:{failed}")
    verdict = validate(finding.type, value)
    if verdict is None:
        if has_form(finding.type, value) is False:
            return _demoted(finding, f"lacks form:{FORMS[finding.type].algo}")
        return finding
    algo = f"checksum:{VALIDATORS[finding.type].algo}"
    if verdict:
        return replace(
            finding,
            score=max(finding.score, VALIDATED_SCORE),
            explanation=_join(finding.explanation, f"validated by {algo}"),
        )
    return _demoted(finding, f"failed {algo}")


def _inside_iban_shape(finding: Finding, text: str) -> bool:
    """A model span that is a piece of an IBAN-shaped run ("BG80" of "BG80 BNBG 9661 ...", whose check
    digits fail) reads the country code and check digits as something else: a plate, a postcode."""
    reach = max(finding.start - IBAN_REACH, 0), min(finding.end + IBAN_REACH, len(text))
    return any(
        m.start() <= finding.start
        and finding.end <= m.end()
        and (finding.start, finding.end) != m.span()
        and sum(c.isalnum() for c in m.group()) >= IBAN_MIN_CHARS
        for m in _IBAN_SHAPE.finditer(text, *reach)
    )


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _demoted(finding: Finding, why: str) -> Finding:
    return replace(
        finding, score=finding.score * FAILED_CHECKSUM_FACTOR, explanation=_join(finding.explanation, why)
    )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _one_type(findings: list[Finding], text: str) -> list[Finding]:
    """Rule 9: among overlapping identifier findings of different types, the best-evidenced one."""
    ids = [f for f in findings if f.type in IDENTIFIER_TYPES]
    if len(ids) < 2:
        return findings
    ranked = sorted(
        ids,
        key=lambda f: (_evidence(f, text), f.detector != "model", f.end - f.start, f.score),
        reverse=True,
    )
    kept: list[Finding] = []
    for finding in ranked:
        rivals = [i for i, k in enumerate(kept) if k.type != finding.type and _overlap(k, finding)]
        if not rivals:
            kept.append(finding)
            continue
        if finding.detector != "model":  # a rule's extent is its format's: the value ends there
            i = rivals[0]
            kept[i] = replace(
                kept[i], start=min(kept[i].start, finding.start), end=max(kept[i].end, finding.end)
            )
    return [f for f in findings if f.type not in IDENTIFIER_TYPES] + kept


def _evidence(finding: Finding, text: str) -> int:
    if _failed(finding):
        return 0
    names = _detectors(finding)
    if _from_field(finding) or cued(text, finding.start, finding.type):
        return 6
    checks = [n.removeprefix("checksum:") for n in names if n.startswith("checksum:")]
    checks += re.findall(r"validated by checksum:(\w+)", finding.explanation)
    if any(c not in WEAK_CHECKS for c in checks):
        return 5
    if "phonenumbers" in names:
        return 4
    if checks:
        return 3
    if any(n != "model" for n in names):
        return 2
    return 1
