"""PolicyRegistry: every tenant's policy from one directory, hot-reloaded, last-good kept on error.

`<dir>/<tenant>.yaml` (or `.yml`) per tenant. `reload()` re-reads files whose mtime, size or content
changed; the server calls it on SIGHUP, or `start_polling(interval)` runs it on a daemon thread.
A file that fails validation does not replace the policy in force: the last good one keeps serving,
and the error is kept in `errors` (and passed to `on_error`) until the file is fixed. A deleted file
removes its tenant (so revoking a tenant is deleting its file).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from verdict.governance.policy.compiled import CompiledPolicy
from verdict.governance.policy.engine import PolicyEngine
from verdict.governance.policy.loader import load_policy
from verdict.runtime.errors import ConfigError, PermissionDeniedError

log = logging.getLogger(__name__)

DEFAULT_TENANT = "default"
SHIPPED_DEFAULT = Path(__file__).with_name("default.yaml")


@dataclass(frozen=True, slots=True)
class ReloadResult:
    loaded: tuple[str, ...]  # tenants (re)loaded
    removed: tuple[str, ...]
    errors: Mapping[str, str]  # file -> message, for files whose last-good policy stays in force


class PolicyRegistry:
    def __init__(
        self, directory: str | Path, *, on_error: Callable[[ConfigError], None] | None = None
    ) -> None:
        self.directory = Path(directory)
        self._on_error = on_error
        self._engines: dict[str, PolicyEngine] = {}
        self._stamps: dict[Path, tuple[float, int]] = {}
        self._errors: dict[str, str] = {}
        self._lock = threading.Lock()  # one reload at a time; readers never take it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        result = self.reload()
        if result.errors and not self._engines:
            raise ConfigError(next(iter(result.errors.values())))

    @classmethod
    def shipped_default(cls) -> PolicyEngine:
        """The engine of the default policy that ships with verdict (`verdict/governance/policy/default.yaml`)."""
        return PolicyEngine(load_policy(SHIPPED_DEFAULT), fallback=True)

    @property
    def tenants(self) -> tuple[str, ...]:
        return tuple(sorted(self._engines))

    @property
    def errors(self) -> Mapping[str, str]:
        return dict(self._errors)

    def policies(self) -> Mapping[str, CompiledPolicy]:
        return {t: e.policy for t, e in self._engines.items()}

    def engine_for(self, tenant: str) -> PolicyEngine:
        """The tenant's own engine; the default policy only if the tenant has none and it allows that."""
        engines = self._engines  # one read of the reference: a reload swaps the whole dict
        engine = engines.get(tenant)
        if engine is not None:
            return engine
        fallback = engines.get(DEFAULT_TENANT)
        if fallback is not None and fallback.policy.allow_default_tenant:
            return PolicyEngine(fallback.policy, fallback=True)
        raise PermissionDeniedError(
            f"no policy for tenant {tenant!r} and the default policy does not admit unknown tenants"
        )

    def reload(self) -> ReloadResult:
        with self._lock:
            files = sorted(p for p in self.directory.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
            engines = dict(self._engines)
            loaded: list[str] = []
            seen: dict[str, Path] = {}
            for path in files:
                tenant = path.stem
                if tenant in seen:
                    self._fail(
                        path, ConfigError(f"tenant {tenant!r} also has {seen[tenant].name}", file=str(path))
                    )
                    continue
                seen[tenant] = path
                stamp = _stamp(path)
                if stamp is None or (self._stamps.get(path) == stamp and str(path) not in self._errors):
                    continue
                try:
                    policy = load_policy(path)
                except ConfigError as exc:
                    self._fail(path, exc)
                    self._stamps[path] = stamp  # do not re-report until the file changes again
                    continue
                old = engines.get(tenant)
                if old is None or old.policy.content_sha256 != policy.content_sha256:
                    loaded.append(tenant)
                    log.info("policy loaded: tenant=%s version=%s file=%s", tenant, policy.version, path)
                engines[tenant] = PolicyEngine(policy)
                self._stamps[path] = stamp
                self._errors.pop(str(path), None)
            removed = tuple(sorted(t for t in engines if t not in seen))
            for tenant in removed:
                del engines[tenant]
                log.warning("policy removed: tenant=%s (its file is gone)", tenant)
            for path in [p for p in self._stamps if p.stem not in seen]:
                del self._stamps[path]
                self._errors.pop(str(path), None)
            self._engines = engines
            return ReloadResult(tuple(loaded), removed, dict(self._errors))

    def _fail(self, path: Path, error: ConfigError) -> None:
        if self._errors.get(str(path)) == str(error):
            return
        self._errors[str(path)] = str(error)
        log.error("policy not loaded, last good version stays in force: %s", error)
        if self._on_error:
            self._on_error(error)

    def start_polling(self, interval: float = 2.0) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._poll, args=(interval,), name="policy-reload", daemon=True
        )
        self._thread.start()

    def stop_polling(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _poll(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.reload()
            except Exception:  # a reload bug must not kill the poller; the last good policies keep serving
                log.exception("policy reload failed")


def _stamp(path: Path) -> tuple[float, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size
