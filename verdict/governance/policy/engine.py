"""PolicyEngine: findings in, verdict out. Pure and deterministic: same analysis, same policy, same verdict.

Which findings count:
1. the finding's detector family is enabled on the route (`checksum:luhn` -> `checksum`);
2. its score is at least the label's threshold;
3. its value (`text[start:end]`) is not on the route's allow-list for its type (an allow-listed
   finding still leaves a Reason with action ALLOW, so the verdict says why it was let through);
4. a label whose rule says `context: identifying` (a name, a place, a date, an age) counts only within
   IDENTIFYING_WINDOW characters of an identifier that counted (an email address, a phone number, a
   street address, an ID number: a pii finding whose own rule has no such condition) or of a person's
   record (labelled fields of two types: "Name: ...", "Date of birth: ..."). "Marie Curie won two
   Nobel Prizes" names nobody's private data; "email Jane Doe at jane@acme.io" does. A quasi-identifier let through this way leaves an ALLOW Reason too.
5. a label whose rule says `public: allow` does not count a value that belongs to no person (a toll-free
   helpline in a crisis reply: verdict.runtime.public_values); it leaves an ALLOW Reason, and
   is no identifier for rule 4.
6. a topic whose rule says `refusal: allow` does not count in an output that declines: it opens with a
   refusal and never turns to compliance (verdict.runtime.refusal); it leaves an ALLOW Reason.

Topic and leakage findings arrive as candidates with calibrated scores (verdict.runtime.calibration:
every label at or above CANDIDATE_FLOOR), so the route's threshold is the only decision and every verdict
names the findings that made it. The verdict's action is the highest-precedence action among the
findings that counted (BLOCK > REDACT > FLAG > ALLOW); REDACT replaces the spans of the findings whose
own action is REDACT.
"""

from __future__ import annotations

import functools

from verdict.governance.policy.actions import strongest
from verdict.governance.policy.compiled import CompiledPolicy, RoutePolicy
from verdict.governance.policy.redaction import Span, redact
from verdict.governance.policy.verdict import CONTEXT_RULE, PUBLIC_RULE, REFUSAL_RULE, Action, Reason, Verdict
from verdict.runtime.errors import PermissionDeniedError
from verdict.runtime.findings import Analysis, Finding
from verdict.runtime.public_values import public_value
from verdict.runtime.refusal import declines

# Characters between a quasi-identifier and the identifier that makes it personal data: about a
# paragraph, so a contact card or a signature block counts as a whole and a long answer does not.
IDENTIFYING_WINDOW = 300
# Labelled fields that are a person's record on their own: "DOB:" or "Date of birth:" with a date
# describes somebody, where "Location: Paris" or "Name: Python" need a second field beside them.
PERSONAL_FIELDS = frozenset({"DATE_OF_BIRTH"})


def detector_family(detector: str) -> str:
    return detector.split(":", 1)[0]


def detector_families(detector: str) -> set[str]:
    """Families of a finding's detectors; sources that agreed are joined with "+"
    ("model+checksum:luhn" -> {"model", "checksum"})."""
    return {detector_family(part) for part in detector.split("+")}


class PolicyEngine:
    """Applies one tenant's policy. A request for another tenant is refused (tenant isolation), except
    that the `default` policy serves unknown tenants when its file says `allow_default_tenant: true`
    (the registry decides who is unknown and passes `fallback=True`)."""

    def __init__(self, policy: CompiledPolicy, *, fallback: bool = False) -> None:
        self.policy = policy
        self._fallback = fallback and policy.allow_default_tenant

    @property
    def tenant(self) -> str:
        return self.policy.tenant

    @property
    def version(self) -> str:
        return self.policy.version

    def route(self, route: str) -> RoutePolicy:
        """The resolved settings of a route (detectors, system prompts, store_text) for the server."""
        return self.policy.route(route)

    def decide(self, analysis: Analysis, *, tenant: str, route: str, model_version: str) -> Verdict:
        if tenant != self.policy.tenant and not self._fallback:
            raise PermissionDeniedError(
                f"tenant {tenant!r} may not use the policy of tenant {self.policy.tenant!r}"
            )
        rp = self.policy.route(route)
        counted: list[Finding] = []
        reasons: list[Reason] = []
        redact_spans: list[Span] = []
        operators = {}
        passed = []
        # Whether the output declines: read at most once, and only when a topic asks (most have none).
        declined = functools.cache(lambda: declines(analysis.text))
        for finding in self._candidates(analysis, rp):
            rule = rp.rule_for(finding.type, finding.category)
            if finding.score < rule.threshold:
                continue
            value = analysis.text[finding.start : finding.end]
            allow = rp.allow.get(finding.type)
            if allow is not None and allow.matches(value):
                reasons.append(_reason(finding, rule.threshold, allow.rule, Action.ALLOW))
                continue
            if rule.public == "allow" and _belongs_to_no_one(finding, value, analysis.text):
                reasons.append(_reason(finding, rule.threshold, f"{rule.rule}.{PUBLIC_RULE}", Action.ALLOW))
                continue
            if finding.category == "topic" and rule.refusal == "allow" and declined() is not None:
                reasons.append(_reason(finding, rule.threshold, f"{rule.rule}.{REFUSAL_RULE}", Action.ALLOW))
                continue
            passed.append((finding, rule))
        anchors = _identifiers(passed)
        for finding, rule in passed:
            if rule.context == "identifying" and finding not in anchors and not near(finding, anchors):
                reasons.append(_reason(finding, rule.threshold, f"{rule.rule}.{CONTEXT_RULE}", Action.ALLOW))
                continue
            counted.append(finding)
            reasons.append(_reason(finding, rule.threshold, rule.rule, rule.action))
            if rule.action is Action.REDACT:
                redact_spans.append(Span(finding.start, finding.end, finding.type, finding.score))
                operators[finding.type] = rule.operator
        action = strongest(r.action for r in reasons)
        redacted = redact(analysis.text, redact_spans, operators) if action is Action.REDACT else None
        return Verdict(
            action=action,
            enforced_action=action if rp.mode == "enforce" else Action.ALLOW,
            mode=rp.mode,
            findings=tuple(counted),
            redacted_text=redacted,
            reasons=tuple(reasons),
            policy_version=self.policy.version,
            model_version=model_version,
            tenant=tenant,
            route=route,
            original_text=analysis.text,
        )

    @staticmethod
    def _candidates(analysis: Analysis, rp: RoutePolicy) -> list[Finding]:
        # A finding counts when any source that found it is enabled on the route.
        enabled = set(rp.detectors)
        found = [f for f in analysis.findings if detector_families(f.detector) & enabled]
        return sorted(found, key=_candidate_order)


def _identifiers(passed: list) -> list[Finding]:
    """Pii findings acted on wherever they are, and the values of a person's record: labelled fields of
    two or more types near each other ("Name: ..." beside "Date of birth: ..."), or one field whose label
    only ever describes a person ("DOB: 04/12/1987"). One column of cities in a table is a list of
    places, not a record."""
    pii = [(f, rule) for f, rule in passed if f.category == "pii"]
    direct = [f for f, rule in pii if rule.context != "identifying"]
    fields = [f for f, _ in pii if "field" in detector_families(f.detector)]
    record = [
        f
        for f in fields
        if f.type in PERSONAL_FIELDS or any(o.type != f.type and near(f, [o]) for o in fields)
    ]
    return direct + [f for f in record if f not in direct]


def _belongs_to_no_one(finding: Finding, value: str, text: str) -> bool:
    return public_value(finding.type, value, text=text, start=finding.start, end=finding.end) is not None


def near(finding: Finding, anchors: list[Finding]) -> bool:
    """Whether an anchor other than `finding` lies within IDENTIFYING_WINDOW of it (rule 4's reach)."""
    return any(
        a is not finding
        and a.start - IDENTIFYING_WINDOW <= finding.end
        and finding.start <= a.end + IDENTIFYING_WINDOW
        for a in anchors
    )


def _candidate_order(f: Finding) -> tuple:
    return (f.start, f.end, f.type, f.detector, -f.score)


def _reason(finding: Finding, threshold: float, rule: str, action: Action) -> Reason:
    return Reason(
        type=finding.type,
        category=finding.category,
        detector=finding.detector,
        score=float(finding.score),
        threshold=threshold,
        rule=rule,
        action=action,
        start=finding.start,
        end=finding.end,
    )
