"""Real engines on loopback: a verdict server on the shipped model, the ext_proc processor, Envoy, a LiteLLM
proxy and a mock OpenAI upstream, each its own process.

The engines are installed by tests/engines/provision.py into venvs of their own. Where that fails the
tests skip on a developer's machine, and fail in CI (CI=true), where they must run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.engines import envoy_setup
from tests.engines.processes import REPO, Processes
from tests.engines.provision import Engines, ProvisionError, provision

SHIPPED_POLICY = REPO / "verdict" / "governance" / "policy" / "default.yaml"
CHILD_ENV = {"PYTHONPATH": str(REPO), "VERDICT_EXT_PROC_LOG_LEVEL": "INFO"}


@pytest.fixture(scope="session")
def engines() -> Engines:
    try:
        return provision()
    except ProvisionError as exc:
        if os.environ.get("CI", "").lower() in ("1", "true"):
            pytest.fail(f"CI must run the engine tests, but an engine could not be installed: {exc}")
        pytest.skip(f"engines not installed ({exc}); run `python -m tests.engines.provision`")


@pytest.fixture(scope="session")
def processes(tmp_path_factory):
    started = Processes(tmp_path_factory.mktemp("engines"))
    yield started
    started.stop_all()


@pytest.fixture(scope="session")
def policy_dir(tmp_path_factory) -> Path:
    """The shipped policy for `default`; `acme` blocks cards on its `strict` route; `globex` blocks them."""
    shipped = yaml.safe_load(SHIPPED_POLICY.read_text())
    tenant = {k: v for k, v in shipped.items() if k != "allow_default_tenant"}  # the default's alone
    acme = {**tenant, "routes": {"strict": {"labels": {"CREDIT_CARD": {"action": "block"}}}}}
    globex = {**tenant, "labels": {**tenant["labels"], "CREDIT_CARD": {"action": "block"}}}
    path = tmp_path_factory.mktemp("policies")
    for tenant, policy in (("default", shipped), ("acme", acme), ("globex", globex)):
        (path / f"{tenant}.yaml").write_text(yaml.safe_dump(policy, sort_keys=False))
    return path


@pytest.fixture(scope="session")
def start_verdict(processes, policy_dir) -> Callable[[str], str]:
    """`start_verdict(name)` -> the address of a new `verdict serve` on the shipped model (CPU)."""

    def start(name: str) -> str:
        process = processes.python(
            name,
            *("-m", "verdict.cli", "serve", "--repository", str(REPO / "models"), "--device", "cpu"),
            *("--host", "127.0.0.1", "--port", "0", "--metrics-port", "0", "--policy-dir", str(policy_dir)),
            *("--audit-path", str(processes.log_dir / f"{name}-audit.sqlite")),
            env=CHILD_ENV,
        )
        return process.wait_for(r"verdict listening on (127\.0\.0\.1:\d+)", timeout=120).group(1)

    return start


@pytest.fixture(scope="session")
def verdict_address(start_verdict) -> str:
    return start_verdict("verdict")


@pytest.fixture(scope="session")
def upstream_port(processes) -> int:
    process = processes.python("upstream", "-m", "tests.engines.upstream", "--port", "0", env=CHILD_ENV)
    return int(process.wait_for(r"upstream listening on 127\.0\.0\.1:(\d+)").group(1))


@pytest.fixture(scope="session")
def start_ext_proc(processes) -> Callable[..., int]:
    """`start_ext_proc(name, verdict_address, *flags)` -> the port of a new `python -m verdict.serving.ext_proc`."""

    def start(name: str, verdict_address: str, *flags: str) -> int:
        process = processes.python(
            name,
            *("-m", "verdict.serving.ext_proc", "--verdict-address", verdict_address),
            *("--host", "127.0.0.1", "--port", "0", *flags),
            env=CHILD_ENV,
        )
        return int(process.wait_for(r"ext_proc listening on 127\.0\.0\.1:(\d+)").group(1))

    return start


@pytest.fixture(scope="session")
def start_envoy(engines, processes) -> Callable[..., envoy_setup.Envoy]:
    """`start_envoy(name, **config)` -> a ready Envoy on the shipped config (see envoy_setup.config)."""

    def start(name: str, **addresses) -> envoy_setup.Envoy:
        return envoy_setup.start(processes, engines.envoy, name, envoy_setup.config(**addresses))

    return start
