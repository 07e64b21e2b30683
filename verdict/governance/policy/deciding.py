"""One text's verdict outside the server: `verdict scan` and the transfer benchmark decide as `verdict serve` would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.loader import load_policy
from verdict.governance.policy.registry import DEFAULT_TENANT, PolicyRegistry
from verdict.governance.policy.verdict import Verdict
from verdict.runtime.errors import PermissionDeniedError
from verdict.runtime.findings import Analysis


def decider(
    policy_path: Path | None, model_version: str, *, tenant: str | None = None, route: str = ""
) -> Callable[[Analysis], Verdict]:
    """The action the server would take: the shipped default policy (as `verdict serve` uses with no
    policy dir), or the policy engine of one tenant's file on the given route."""
    if policy_path is None:
        engine, tenant, route = PolicyRegistry.shipped_default(), DEFAULT_TENANT, ""
    else:
        policy = load_policy(policy_path)
        tenant = tenant or policy.tenant
        if tenant != policy.tenant and not policy.allow_default_tenant:
            raise PermissionDeniedError(
                f"{policy_path} is the policy of tenant {policy.tenant!r}, not {tenant!r}"
            )
        engine = PolicyEngine(policy, fallback=True)

    def decide(analysis: Analysis) -> Verdict:
        return engine.decide(analysis, tenant=tenant, route=route, model_version=model_version)

    return decide
