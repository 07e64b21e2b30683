"""Policy: turns an Analysis into a Verdict (ALLOW / REDACT / BLOCK / FLAG) under a tenant's YAML policy.

registry = PolicyRegistry("policies/")            # <tenant>.yaml per tenant; reload() on SIGHUP
engine = registry.engine_for(tenant)              # PermissionDeniedError for an unknown tenant
verdict = engine.decide(analysis, tenant=tenant, route=route, model_version=manifest.model_version)
"""

from verdict.governance.policy.actions import ACTIONS, Action, ActionSpec, strongest
from verdict.governance.policy.compiled import CompiledPolicy, ResolvedRule, RoutePolicy
from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.loader import load_policy, parse_policy
from verdict.governance.policy.redaction import (
    Hash,
    KeepLast,
    Mask,
    Remove,
    Replace,
    Span,
    merge_spans,
    redact,
)
from verdict.governance.policy.registry import PolicyRegistry, ReloadResult
from verdict.governance.policy.verdict import Reason, Verdict

__all__ = [
    "ACTIONS",
    "Action",
    "ActionSpec",
    "CompiledPolicy",
    "Hash",
    "KeepLast",
    "Mask",
    "PolicyEngine",
    "PolicyRegistry",
    "Reason",
    "ReloadResult",
    "Remove",
    "Replace",
    "ResolvedRule",
    "RoutePolicy",
    "Span",
    "Verdict",
    "load_policy",
    "merge_spans",
    "parse_policy",
    "redact",
    "strongest",
]
