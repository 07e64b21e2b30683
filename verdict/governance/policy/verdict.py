"""What the policy decided about one text, and why."""

from __future__ import annotations

from dataclasses import dataclass

from verdict.governance.policy.actions import Action
from verdict.runtime.findings import Finding

CONTEXT_RULE = "context.identifying"  # the rule suffix of a quasi-identifier let through (engine.py)
PUBLIC_RULE = "public"  # the rule suffix of a value that belongs to no person, let through (engine.py)
REFUSAL_RULE = "refusal"  # the rule suffix of a topic in an output that declines, let through (engine.py)


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding's contribution: what was found, by whom, how sure, against which rule."""

    type: str
    category: str
    detector: str
    score: float
    threshold: float
    rule: str  # the policy path that set the action, e.g. "tenants.acme.routes.chat.labels.CREDIT_CARD"
    action: Action
    start: int
    end: int

    def __str__(self) -> str:
        if "allow_list" in self.rule.split("."):
            return f"ALLOW: {self.type} at {self.start}:{self.end} is allow-listed [{self.rule}]"
        if self.rule.endswith(f".{REFUSAL_RULE}"):
            return (
                f"ALLOW: {self.type} at {self.start}:{self.end} is in an output that declines, so it delivers "
                f"none of it [{self.rule}]"
            )
        if self.rule.endswith(f".{PUBLIC_RULE}"):
            return f"ALLOW: {self.type} at {self.start}:{self.end} belongs to no person [{self.rule}]"
        if self.rule.endswith(f".{CONTEXT_RULE}"):
            return (
                f"ALLOW: {self.type} at {self.start}:{self.end} is not near an identifier, so it is no "
                f"private person's data [{self.rule}]"
            )
        return (
            f"{self.action.value}: {self.type} ({self.category}) at {self.start}:{self.end} by {self.detector}, "
            f"score {self.score:.3f} >= threshold {self.threshold:.3f} [{self.rule}]"
        )

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "category": self.category,
            "detector": self.detector,
            "score": round(float(self.score), 4),
            "threshold": self.threshold,
            "rule": self.rule,
            "action": self.action.value,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision for one text.

    `action` is what the policy computed; `enforced_action` is what the proxy must do: the same in
    `enforce` mode, always ALLOW in `shadow` mode. `redacted_text` is set whenever `action` is REDACT,
    in shadow mode too (so the record shows what would have been released); `output_text` is the text
    the proxy may release under `enforced_action` (None when blocked).
    """

    action: Action
    enforced_action: Action
    mode: str  # "enforce" | "shadow"
    findings: tuple[Finding, ...]  # the findings that passed their threshold and were not allow-listed
    redacted_text: str | None
    reasons: tuple[Reason, ...]
    policy_version: str
    model_version: str
    tenant: str
    route: str
    original_text: str = ""

    @property
    def output_text(self) -> str | None:
        spec = self.enforced_action.spec
        if not spec.releases:
            return None
        return self.redacted_text if spec.replaces_text else self.original_text

    @property
    def would_have(self) -> Action | None:
        """In shadow mode, the action that was not enforced (None when nothing differs)."""
        return self.action if self.action is not self.enforced_action else None

    def explain(self) -> str:
        head = f"{self.action.value} (enforced {self.enforced_action.value}, {self.mode} mode, policy {self.policy_version}, model {self.model_version})"
        return "\n".join([head, *(f"  - {r}" for r in self.reasons)])

    def to_dict(self) -> dict:
        return {
            "action": self.action.value,
            "enforced_action": self.enforced_action.value,
            "mode": self.mode,
            "findings": [f.to_dict() for f in self.findings],
            "redacted_text": self.redacted_text,
            "reasons": [r.to_dict() for r in self.reasons],
            "policy_version": self.policy_version,
            "model_version": self.model_version,
            "tenant": self.tenant,
            "route": self.route,
        }
