"""The policy file schema (pydantic). One file per tenant; routes inside inherit the tenant's settings.

Unknown keys are errors (a typo must not silently weaken a control). Checks that need the taxonomy or
the file system return `(loc, message)` pairs from `semantic_errors` so the loader can point at the line.
See docs/policy.md for the format.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from verdict.governance.policy.actions import Action
from verdict.runtime.taxonomy import ENTITY_NAMES, LEAK_LABELS, TOPIC_LABELS

DETECTORS: tuple[str, ...] = (
    "model",
    "checksum",
    "phonenumbers",
    "field",
    "context",  # a name read from the contact data beside it (verdict.runtime.detectors.contact_person)
    "pattern",  # a street line with its postcode or unit (verdict.runtime.detectors.postal_addresses)
    "gitleaks",
    "regex",
    "prompt_overlap",
    "prompt_similarity",
)
CATEGORIES: tuple[str, ...] = ("pii", "topic", "leakage")
KNOWN_LABELS: frozenset[str] = frozenset(ENTITY_NAMES) | frozenset(TOPIC_LABELS) | frozenset(LEAK_LABELS)
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

Mode = Literal["enforce", "shadow"]
ActionName = Literal[tuple(a.value.lower() for a in Action)]  # "allow", "flag", ... (actions.py)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MaskSpec(_Strict):
    type: Literal["mask"]
    char: str = Field("*", min_length=1, max_length=1)
    keep_format: bool = False


class ReplaceSpec(_Strict):
    type: Literal["replace"]
    template: str = "<{type}>"


class HashSpec(_Strict):
    """Salted HMAC-SHA256. The salt never sits in the policy: it comes from an env var or a secret file."""

    type: Literal["hash"]
    salt_env: str | None = "VERDICT_REDACTION_SALT"
    salt_file: str | None = None
    length: int = Field(16, ge=8, le=64)


class KeepLastSpec(_Strict):
    type: Literal["keep_last"]
    n: int = Field(4, ge=0, le=16)
    char: str = Field("*", min_length=1, max_length=1)


class RemoveSpec(_Strict):
    type: Literal["remove"]


OperatorSpec = Annotated[
    MaskSpec | ReplaceSpec | HashSpec | KeepLastSpec | RemoveSpec, Field(discriminator="type")
]


class Rule(_Strict):
    """Threshold, action and redaction operator for a label (or, under `defaults`, a whole category).

    A field left out falls through to the next layer: route label -> tenant label -> route category
    default -> tenant category default -> built-in default.
    """

    threshold: float | None = Field(None, ge=0.0, le=1.0)
    action: ActionName | None = None
    operator: OperatorSpec | None = None
    # "identifying": the finding is personal data only beside something that identifies or contacts a
    # person (docs/policy.md, "Personal data in context"); "any": wherever it is found.
    context: Literal["any", "identifying"] | None = None
    # "allow": a value that belongs to no person (a toll-free or other service phone number:
    # verdict.runtime.public_values) is left alone; "act": it is treated like any other value.
    public: Literal["act", "allow"] | None = None
    # "allow": a topic found in an output that declines (opens with a refusal and never turns to
    # compliance: verdict.runtime.refusal) is left alone; "act": it counts like any other.
    refusal: Literal["act", "allow"] | None = None

    @field_validator("action", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("operator", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"type": value} if isinstance(value, str) else value  # `operator: replace`


class AllowList(_Strict):
    """Values never acted on: exact strings, and regular expressions that must match the whole value."""

    values: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    ignore_case: bool = False

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
        return patterns


class PromptFile(_Strict):
    file: str  # relative to the policy file's directory


SystemPrompt = str | PromptFile


class _Scope(_Strict):
    """What a tenant and each of its routes can set."""

    mode: Mode | None = None
    detectors: dict[Literal[DETECTORS], bool] = Field(default_factory=dict)  # type: ignore[valid-type]
    defaults: dict[Literal["pii", "topic", "leakage"], Rule] = Field(default_factory=dict)
    labels: dict[str, Rule] = Field(default_factory=dict)
    allow_list: dict[str, AllowList] = Field(default_factory=dict)
    system_prompts: list[SystemPrompt] = Field(default_factory=list)


class RouteSpec(_Scope):
    pass


class TenantPolicy(_Scope):
    version: str = Field(min_length=1)
    tenant: str | None = None
    mode: Mode = "enforce"
    allow_default_tenant: bool = False
    store_text: bool = False
    retention_days: int | None = Field(None, ge=1, le=3650)
    # When the audit store cannot make a verdict's record durable in time: true answers the verdict
    # anyway (its record waits in the sink's buffer for the store), false refuses it; unset, the
    # server's `audit_fail_open` decides.
    audit_fail_open: bool | None = None
    routes: dict[str, RouteSpec] = Field(default_factory=dict)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value  # `version: 3` reads as "3"

    @model_validator(mode="after")
    def _retention(self) -> TenantPolicy:
        if self.store_text and self.retention_days is None:
            raise ValueError("store_text: true needs retention_days (how long raw text may be kept)")
        return self


def semantic_errors(policy: TenantPolicy, *, tenant: str) -> list[tuple[tuple, str]]:
    """Checks beyond the schema: names, labels from the taxonomy, tenant-file agreement."""
    errors: list[tuple[tuple, str]] = []
    if not NAME_RE.match(tenant):
        errors.append(((), f"tenant name {tenant!r} (from the file name) must match {NAME_RE.pattern}"))
    if policy.tenant is not None and policy.tenant != tenant:
        errors.append((("tenant",), f"says {policy.tenant!r} but the file is for tenant {tenant!r}"))
    if policy.allow_default_tenant and tenant != "default":
        errors.append((("allow_default_tenant",), "only the `default` tenant's file may set this"))
    scopes: list[tuple[tuple, _Scope]] = [((), policy)]
    for name, route in policy.routes.items():
        if not NAME_RE.match(name):
            errors.append((("routes", name), f"route name {name!r} must match {NAME_RE.pattern}"))
        scopes.append((("routes", name), route))
    for prefix, scope in scopes:
        for key in ("labels", "allow_list"):
            for label in getattr(scope, key):
                if label not in KNOWN_LABELS:
                    errors.append(
                        ((*prefix, key, label), f"unknown label {label!r} (see verdict/runtime/taxonomy.py)")
                    )
    return errors
