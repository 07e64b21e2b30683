"""A validated policy, resolved once at load: every route has a flat table label -> rule.

Resolution order for one field of one label (first layer that sets it wins):
route `labels.X` -> tenant `labels.X` -> route `defaults.<category>` -> tenant `defaults.<category>` ->
built-in default. The rule path of the layer that set the *action* is what a verdict cites.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from verdict.governance.policy.actions import Action
from verdict.governance.policy.redaction import AnyOperator
from verdict.runtime.taxonomy import ENTITY_NAMES, LEAK_LABELS, TOPIC_LABELS, category_of_entity

BUILTIN_DEFAULTS: dict[str, tuple[float, Action]] = {
    "pii": (0.5, Action.REDACT),
    "topic": (0.5, Action.FLAG),
    "leakage": (0.5, Action.BLOCK),
}
TENANT_SCOPE = "*"  # the route name a request without a configured route resolves to


def label_category(label: str) -> str:
    if label in TOPIC_LABELS:
        return "topic"
    if label in LEAK_LABELS:
        return "leakage"
    return category_of_entity(label)


ALL_LABELS: tuple[str, ...] = ENTITY_NAMES + TOPIC_LABELS + LEAK_LABELS


@dataclass(frozen=True, slots=True)
class ResolvedRule:
    threshold: float
    action: Action
    operator: AnyOperator
    rule: str  # policy path that set the action
    context: str = "any"  # "identifying": counts only near an identifier (PolicyEngine.decide)
    public: str = "act"  # "allow": a value that belongs to no person is left alone (PolicyEngine.decide)
    refusal: str = "act"  # "allow": a topic in an output that declines is left alone (PolicyEngine.decide)


@dataclass(frozen=True, slots=True)
class AllowMatcher:
    values: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    ignore_case: bool
    rule: str

    def matches(self, value: str) -> bool:
        key = value.casefold() if self.ignore_case else value
        return key in self.values or any(p.fullmatch(value) for p in self.patterns)

    @classmethod
    def build(cls, values: list[str], patterns: list[str], ignore_case: bool, rule: str) -> AllowMatcher:
        flags = re.IGNORECASE if ignore_case else 0
        keys = frozenset(v.casefold() for v in values) if ignore_case else frozenset(values)
        return cls(keys, tuple(re.compile(p, flags) for p in patterns), ignore_case, rule)


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    """Everything a request on one route needs; the server also reads `detectors` and `system_prompts`."""

    tenant: str
    route: str
    mode: str
    detectors: frozenset[str]  # enabled detector families
    rules: Mapping[str, ResolvedRule]  # every taxonomy label
    category_rules: Mapping[str, ResolvedRule]  # for finding types outside the taxonomy
    allow: Mapping[str, AllowMatcher]
    system_prompts: tuple[str, ...]
    store_text: bool
    retention_days: int | None
    audit_fail_open: bool | None = None  # the tenant's; None: the server's setting decides

    def rule_for(self, type_: str, category: str) -> ResolvedRule:
        return self.rules.get(type_) or self.category_rules[category]


@dataclass(frozen=True, slots=True)
class CompiledPolicy:
    tenant: str
    version: str  # "<version from the file>+<sha256 prefix of its bytes>": what every verdict carries
    declared_version: str
    content_sha256: str
    source: str
    allow_default_tenant: bool
    routes: Mapping[str, RoutePolicy] = field(default_factory=dict)  # includes TENANT_SCOPE

    def route(self, name: str) -> RoutePolicy:
        return self.routes.get(name) or self.routes[TENANT_SCOPE]
