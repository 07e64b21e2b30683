"""Install anywhere (issue 17 item 6), for real.

One wheel is built from this tree and installed, not editable, into a fresh venv. From a directory that is
not the checkout, `verdict scan` and `verdict serve` find the shipped model the wheel installed. Each
extra is then added to a copy of that venv (a fresh venv with the base install, so nothing another extra
brought can hide a missing dependency), and the commands it exists for are run there. The tests marked
`slow` take minutes: a 70 MB wheel and a venv per extra, from the package index pip is configured with.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import (
    INSTALLED_REPOSITORY,
    REPOSITORY_ENV,
    Manifest,
    default_repository,
    resolve_model_dir,
)

REPO = Path(__file__).resolve().parents[1]
SHIPPED = resolve_model_dir(REPO / "models")  # the version a wheel of this tree must serve
INSTALL_TIMEOUT_S = 900  # one venv; a busy two-core machine
START_TIMEOUT_S = 300  # `verdict serve` loading the shipped model on a busy CPU
# What the tree copy for the build leaves out: git's and tools' state, local builds, the tests.
_NOT_BUILT = shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", ".venv*", "__pycache__", ".pytest_cache", ".hypothesis",
    "runs", "test-artifacts", "tests", "*.sqlite*", "*-key",
)  # fmt: skip

CARD = {"id": "card", "text": "Your card 4539 1488 0343 6467 was charged $40 today."}
PLAIN = {"id": "plain", "text": "The library opens at nine on weekdays and at ten on Saturdays."}


# -- where the repository is found: fast, no install ------------------------------------------------


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A working directory that is not the checkout, with no repository configured."""
    monkeypatch.delenv(REPOSITORY_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _repository(root: Path, name: str = "verdict") -> Path:
    (root / name / "1").mkdir(parents=True)
    (root / name / "1" / "manifest.json").write_text("{}", encoding="utf-8")
    return root


def test_the_environment_variable_comes_first(elsewhere, monkeypatch):
    _repository(elsewhere / "models")
    monkeypatch.setenv(REPOSITORY_ENV, str(elsewhere / "configured"))
    assert default_repository() == elsewhere / "configured"


def test_models_in_the_working_directory_when_it_holds_the_model(elsewhere):
    _repository(elsewhere / "models")
    assert default_repository() == Path("models")
    assert resolve_model_dir(default_repository()) == Path("models/verdict/1")


def test_a_models_directory_without_the_model_is_passed_over(elsewhere):
    _repository(elsewhere / "models", name="other")
    assert default_repository() == REPO / "models"  # this checkout's (the tests run from a source tree)
    assert default_repository("other") == Path("models")


def test_the_checkout_is_found_from_any_directory(elsewhere):
    assert resolve_model_dir(default_repository()) == SHIPPED


def test_settings_find_the_repository_for_the_model_they_name(elsewhere, monkeypatch):
    from verdict.serving.settings import Settings

    _repository(elsewhere / "models", name="other")
    assert Settings.load().repository == REPO / "models"
    assert Settings.load(model="other").repository == Path("models")
    assert Settings.load(repository=elsewhere / "given").repository == elsewhere / "given"
    monkeypatch.setenv(REPOSITORY_ENV, str(elsewhere / "configured"))
    assert Settings.load().repository == elsewhere / "configured"


@pytest.mark.parametrize("layout", ["missing", "empty"])
def test_no_model_names_the_flag_and_the_variable(tmp_path, layout):
    if layout == "empty":
        (tmp_path / "verdict").mkdir()
    with pytest.raises(ConfigError) as raised:
        resolve_model_dir(tmp_path)
    assert "--repository" in str(raised.value) and REPOSITORY_ENV in str(raised.value)


def test_a_command_whose_dependency_is_missing_names_it_whatever_its_arguments(monkeypatch, capsys):
    from verdict import cli

    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, ("ghost", "verdict.no_such_module", "needs more")))
    assert cli.main(["ghost", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "needs an optional dependency" in err and "verdict.no_such_module" in err, err


# -- the wheel ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Venv:
    root: Path

    @property
    def python(self) -> str:
        return str(self.root / "bin" / "python")

    def env(self) -> dict[str, str]:
        """This process's environment without what would point the venv back at the checkout."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("VERDICT_")}
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            env.pop(name, None)
        env["PATH"] = f"{self.root / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def run(self, *argv: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
        """`python ARGV...` in the venv (never its console scripts: a copied venv's point at the original)."""
        return subprocess.run(
            [self.python, *argv], cwd=cwd, env=self.env(), capture_output=True, text=True, timeout=timeout
        )

    def pip_install(self, requirement: str) -> None:
        done = self.run(
            "-m", "pip", "install", "--no-compile", "--no-input", requirement, cwd=self.root, timeout=INSTALL_TIMEOUT_S
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def _build_wheel(out: Path) -> Path:
    """A wheel of this tree, built from a copy so that no earlier build/ directory leaks into it."""
    source = out / "source"

    def link(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(REPO, source, ignore=_NOT_BUILT, copy_function=link)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-input",
            "-w",
            str(out / "dist"),
            str(source),
        ]
        + (["--no-build-isolation"] if _has_setuptools() else []),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    (wheel,) = (out / "dist").glob("verdict-*.whl")
    return wheel


def _has_setuptools() -> bool:
    """Build with this interpreter's setuptools when it has one (no index needed for the build itself)."""
    import importlib.util

    return importlib.util.find_spec("setuptools") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def base(wheel, tmp_path_factory) -> Venv:
    venv = Venv(tmp_path_factory.mktemp("venvs") / "base")
    subprocess.run([sys.executable, "-m", "venv", str(venv.root)], check=True, timeout=300)
    venv.pip_install(str(wheel))
    return venv


def _with_extra(base: Venv, wheel: Path, extra: str) -> Venv:
    venv = Venv(base.root.parent / extra)
    shutil.copytree(base.root, venv.root, symlinks=True)
    venv.pip_install(f"{wheel}[{extra}]")
    return venv


def _version_dir() -> str:
    return f"{Path(*INSTALLED_REPOSITORY).as_posix()}/{SHIPPED.parent.name}/{SHIPPED.name}"


@pytest.mark.slow
def test_the_wheel_ships_what_serving_loads_and_no_training_checkpoint(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    data = [n.split(".data/data/", 1)[1] for n in names if ".data/data/" in n]
    version = _version_dir()
    manifest = Manifest.load(SHIPPED)
    wanted = {"manifest.json", manifest.tokenizer, "eval/thresholds.json", *manifest.files.values()}
    assert {f"{version}/{name}" for name in wanted} <= set(data)
    assert f"{Path(*INSTALLED_REPOSITORY).as_posix()}/{SHIPPED.parent.name}/config.pbtxt" in data
    assert not [n for n in data if n.endswith(".safetensors") or n.endswith(".png")]


@pytest.mark.slow
def test_the_installed_package_is_not_the_checkout(base, tmp_path):
    done = base.run("-c", "import verdict; print(verdict.__file__)", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(base.root), done.stdout


@pytest.mark.slow
def test_scan_from_any_directory_finds_the_installed_model(base, tmp_path):
    (tmp_path / "in.jsonl").write_text(f"{json.dumps(CARD)}\n{json.dumps(PLAIN)}\n", encoding="utf-8")
    done = base.run("-m", "verdict.cli", "scan", "in.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    results = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["card", "plain"]
    assert {r["model_version"] for r in results} == {f"{SHIPPED.parent.name}/{SHIPPED.name}"}
    assert "CREDIT_CARD" in {f["type"] for f in results[0]["findings"]}
    assert results[0]["action"] in ("REDACT", "BLOCK") and results[1]["action"] == "ALLOW"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["scan", "serve"])
def test_no_model_anywhere_names_the_flag_and_the_variable(base, tmp_path, command):
    (tmp_path / "in.jsonl").write_text(json.dumps(CARD) + "\n", encoding="utf-8")
    args = ["in.jsonl", "-o", "out.jsonl"] if command == "scan" else ["--port", "0", "--metrics-port", "0"]
    done = base.run("-m", "verdict.cli", command, *args, "--repository", "nowhere", cwd=tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in out, out
    assert "--repository" in out and REPOSITORY_ENV in out, out


class Served:
    """`verdict serve` in a venv, on loopback and free ports; its banner lines as they are printed."""

    def __init__(self, venv: Venv, cwd: Path, *flags: str) -> None:
        argv = [venv.python, "-m", "verdict.cli", "serve", "--host", "127.0.0.1", "--port", "0"]
        argv += ["--metrics-port", "0", "--audit-path", str(cwd / "audit.sqlite"), *flags]
        self.process = subprocess.Popen(
            argv, cwd=cwd, env=venv.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait_for(r"verdict listening on 127\.0\.0\.1:(\d+)").group(1))
        self.model = self.wait_for(r"^\s+model\s+(\S+)").group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no {pattern!r} from verdict serve:\n{''.join(self.lines)}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.mark.slow
def test_serve_from_any_directory_answers_on_the_installed_model(base, tmp_path):
    from verdict.serving.client import VerdictClient

    served = Served(base, tmp_path, "--device", "cpu")
    try:
        assert served.model == f"{SHIPPED.parent.name}/{SHIPPED.name}"
        with VerdictClient(f"127.0.0.1:{served.port}", timeout=60) as client:
            result = client.classify(CARD["text"], tenant="default")
        assert result.model_version == served.model
        assert result.action.name in ("REDACT", "BLOCK")
        assert "CREDIT_CARD" in {f.type for f in result.findings}
    finally:
        assert served.stop() == 0, "".join(served.lines)


# -- every extra installs what its commands need ---------------------------------------------------

_ON_UVLOOP = """
from verdict.serving import event_loop
async def name():
    return event_loop.running_loop_name()
print(event_loop.run(name(), "uvloop"))
"""
_TRITON_UNREACHABLE = """
from verdict.runtime.backends.triton import TritonBackend
from verdict.runtime.errors import ModelError
try:
    TritonBackend("127.0.0.1:1", timeout_s=5).load()
except ModelError as exc:
    print("refused:", exc)
"""
_GUARDRAIL_ON_LITELLM = """
import importlib.util, sys
from litellm.integrations.custom_guardrail import CustomGuardrail
spec = importlib.util.spec_from_file_location("verdict_guardrail", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print("litellm guardrail:", issubclass(module.VerdictGuardrail, CustomGuardrail))
"""
# The tiny model is built by the tests' own helper (tests/tiny_model.py, the real export path), run from
# its source so the installed package, not this checkout, is what it imports.
_TINY_EXPORT = """
import sys
helper = {}
exec(open(sys.argv[2], encoding="utf-8").read(), helper)
from verdict.modeling.data.synthetic import pii
print("exported", helper["build_tiny_model_dir"](sys.argv[1]))
print("faker", pii.__name__)
"""


def _check_fast(venv: Venv, cwd: Path) -> None:
    done = venv.run("-c", _ON_UVLOOP, cwd=cwd)
    assert done.returncode == 0 and done.stdout.strip() == "uvloop", done.stdout + done.stderr


def _check_postgres(venv: Venv, cwd: Path) -> None:
    # psycopg with a libpq to talk to the server (the binary wheel), and the store's own import path
    done = venv.run("-c", "import psycopg; from verdict.governance.audit import postgres; print(psycopg.pq.__impl__)", cwd=cwd)  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() in ("binary", "c"), done.stdout + done.stderr


def _check_triton(venv: Venv, cwd: Path) -> None:
    done = venv.run("-c", _TRITON_UNREACHABLE, cwd=cwd)
    assert done.returncode == 0 and "refused: triton at 127.0.0.1:1" in done.stdout, done.stdout + done.stderr


def _check_bench(venv: Venv, cwd: Path) -> None:
    """The README's locust run, short, against a server of the same install (fake device: the load path)."""
    where = venv.run(
        "-c", "import benchmarks, pathlib; print(pathlib.Path(benchmarks.__file__).parent)", cwd=cwd
    )
    assert where.returncode == 0, where.stderr
    locustfile = Path(where.stdout.strip()) / "locustfile.py"
    served = Served(venv, cwd, "--device", "fake")
    try:
        done = subprocess.run(
            [str(venv.root / "bin" / "locust"), "-f", str(locustfile), "--headless", "-u", "2", "-r", "2"]
            + ["-t", "5s", "--host", f"grpc://127.0.0.1:{served.port}", "--verdict-max-error-rate", "0"],
            cwd=cwd,
            env=venv.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        assert served.stop() == 0, "".join(served.lines)
    out = done.stdout + done.stderr
    assert done.returncode == 0 and "Classify" in out, out[-4000:]


def _check_litellm(venv: Venv, cwd: Path) -> None:
    done = venv.run("-c", _GUARDRAIL_ON_LITELLM, str(REPO / "deploy/litellm/verdict_guardrail.py"), cwd=cwd)
    assert done.returncode == 0 and "litellm guardrail: True" in done.stdout, done.stdout + done.stderr


def _check_ext_proc(venv: Venv, cwd: Path) -> None:
    done = venv.run("-m", "verdict.cli", "ext-proc", "--help", cwd=cwd)
    assert done.returncode == 0 and "--verdict-address" in done.stdout, done.stdout + done.stderr


def _check_engines(venv: Venv, cwd: Path) -> None:
    _check_ext_proc(venv, cwd)  # the Envoy tests' processor, in their own process
    done = venv.run("-m", "pytest", "--version", "-p", "asyncio", "-p", "timeout", cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr


def _check_train(venv: Venv, cwd: Path) -> None:
    helper = Path(__file__).with_name("tiny_model.py")
    done = venv.run(
        "-c", _TINY_EXPORT, str(cwd / "tiny" / "verdict" / "1"), str(helper), cwd=cwd, timeout=600
    )
    assert done.returncode == 0 and "exported" in done.stdout, done.stdout[-4000:] + done.stderr[-4000:]
    (cwd / "in.jsonl").write_text(json.dumps(CARD) + "\n", encoding="utf-8")
    scan = venv.run(
        "-m", "verdict.cli", "scan", "in.jsonl", "-o", "out.jsonl", "--repository", "tiny", cwd=cwd
    )
    assert scan.returncode == 0, scan.stdout + scan.stderr


def _check_dev(venv: Venv, cwd: Path) -> None:
    for argv in (["-m", "ruff", "--version"], ["-m", "grpc_tools.protoc", "--version"]):
        done = venv.run(*argv, cwd=cwd)
        assert done.returncode == 0, done.stdout + done.stderr
    imports = "import hypothesis, locust, faker, onnx, psycopg, tritonclient.grpc, cryptography, uvloop, envoy.service.ext_proc.v3.external_processor_pb2"  # fmt: skip
    done = venv.run("-c", imports, cwd=cwd)
    assert done.returncode == 0, done.stderr
    _check_engines(venv, cwd)


CHECKS: dict[str, Callable[[Venv, Path], None]] = {
    "fast": _check_fast,
    "postgres": _check_postgres,
    "triton": _check_triton,
    "bench": _check_bench,
    "litellm": _check_litellm,
    "envoy": _check_ext_proc,
    "engines": _check_engines,
    "train": _check_train,
    "dev": _check_dev,
}


def test_every_extra_has_a_check():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert sorted(CHECKS) == sorted(extras["optional-dependencies"])


@pytest.mark.slow
@pytest.mark.parametrize("extra", sorted(CHECKS))
def test_each_extra_installs_what_its_commands_need(base, wheel, tmp_path, extra):
    venv = _with_extra(base, wheel, extra)
    try:
        CHECKS[extra](venv, tmp_path)
    finally:
        shutil.rmtree(venv.root, ignore_errors=True)  # ~0.5 GB each
