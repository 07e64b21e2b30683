"""The policies in force: one per tenant from a directory (hot-reloaded), or the shipped default.

    Policies.load(policy_dir)       PolicyRegistry(policy_dir), or PolicyRegistry.shipped_default()
    engine_for(tenant)              that tenant's PolicyEngine; PermissionDeniedError for a tenant with no
                                    policy unless the default policy admits unknown tenants
    reload()                        re-read changed files (SIGHUP, the Reload RPC, optional polling)

A request never names another tenant's policy: the tenant comes from the API key
(verdict.serving.security.resolve_tenant), and engine_for returns only that tenant's engine.
"""

from __future__ import annotations

import logging
from pathlib import Path

from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.registry import DEFAULT_TENANT, PolicyRegistry

log = logging.getLogger("verdict.serving")


class Policies:
    def __init__(
        self, *, registry: PolicyRegistry | None = None, default: PolicyEngine | None = None
    ) -> None:
        self._registry, self._default = registry, default

    @classmethod
    def load(cls, policy_dir: Path | None, *, poll_interval_s: float = 0.0) -> Policies:
        if policy_dir is None:
            return cls(default=PolicyRegistry.shipped_default())
        registry = PolicyRegistry(policy_dir)
        if poll_interval_s:
            registry.start_polling(poll_interval_s)
        return cls(registry=registry)

    def engine_for(self, tenant: str) -> PolicyEngine:
        if self._registry is None:
            return self._default
        return self._registry.engine_for(tenant or DEFAULT_TENANT)

    @staticmethod
    def tenant_of(tenant: str) -> str:
        """The tenant name verdicts and audit records carry for a request that named none."""
        return tenant or DEFAULT_TENANT

    @property
    def version(self) -> str:
        """The versions in force: one policy's version, or `tenant@version` for each tenant."""
        if self._registry is None:
            return self._default.version
        return ",".join(f"{t}@{p.version}" for t, p in sorted(self._registry.policies().items()))

    @property
    def source(self) -> str:
        return "shipped default" if self._registry is None else str(self._registry.directory)

    def reload(self) -> None:
        if self._registry is None:
            return
        result = self._registry.reload()
        if result.loaded or result.removed:
            log.info(
                "policies reloaded: loaded=%s removed=%s",
                ",".join(result.loaded) or "-",
                ",".join(result.removed) or "-",
            )

    def close(self) -> None:
        if self._registry is not None:
            self._registry.stop_polling()
