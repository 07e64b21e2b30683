"""The manifest that travels with every exported model version: serving loads a model only through it.

Layout (Triton-compatible): `models/<name>/config.pbtxt`, `models/<name>/<version>/{model.onnx,
model.fp16.onnx, tokenizer.json, manifest.json, taxonomy.json}`.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, get_args

from verdict.runtime.errors import ConfigError

MANIFEST_FILE = "manifest.json"
# The ONNX files a version may ship; `Manifest.files` maps each one it has to its file name.
Variant = Literal["int8", "fp16", "fp32"]
VARIANTS: tuple[str, ...] = get_args(Variant)
# A version is written once: export writes manifest.json and never touches it again. What later steps
# decide about the version lives beside it and the loader merges it in: the operating points chosen on
# held-out data (`verdict eval --write-thresholds`) and per-label temperatures in
# eval/thresholds.json; the retraining gate's result in gate.json.
THRESHOLDS_FILE = "eval/thresholds.json"
GATE_FILE = "gate.json"
SERVING_POINTER = (
    "serving.json"  # models/<name>/serving.json: the promoted version (verdict.modeling.retraining)
)
# What a training checkpoint holds (verdict.runtime.model), and a version dir beside its ONNX files: here, not in
# verdict.runtime.model, so that tools reading checkpoints without torch (verdict.modeling.average) share the names.
WEIGHTS_FILE = "model.safetensors"
FP16_WEIGHTS_FILE = "weights.fp16.safetensors"
ENCODER_CONFIG_FILE = "config.json"
VERDICT_FILE = "verdict.json"
TOKENIZER_FILE = "tokenizer.json"
# How a checkpoint's topic head pools the window (verdict.json "topic_pool"; the first is the default).
TOPIC_POOLS = ("mean", "attention")

# Where the model repository is when none is given (`default_repository`). The variable is the server
# settings' `repository` field under their VERDICT_ prefix; setup.py installs the shipped repository
# under the install prefix at INSTALLED_REPOSITORY.
REPOSITORY_ENV = "VERDICT_REPOSITORY"
LOCAL_REPOSITORY = Path("models")
INSTALLED_REPOSITORY = ("share", "verdict", "models")
_CHECKOUT = Path(__file__).resolve().parents[2]  # the source tree, when verdict runs from one


@dataclass(frozen=True, slots=True)
class Labels:
    token_tags: tuple[str, ...]
    topics: tuple[str, ...]
    leakage: tuple[str, ...]

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(tag[2:] for tag in self.token_tags if tag.startswith("B-"))


@dataclass(frozen=True, slots=True)
class Thresholds:
    entities: dict[str, float] = field(default_factory=dict)
    topics: dict[str, float] = field(default_factory=dict)
    leakage: dict[str, float] = field(default_factory=dict)

    def for_label(self, family: str, label: str, default: float = 0.5) -> float:
        return getattr(self, family).get(label, default)


@dataclass(frozen=True, slots=True)
class Manifest:
    name: str
    version: str
    labels: Labels
    files: dict[str, str]  # variant ("int8", "fp16", "fp32") -> file name inside the version dir
    tokenizer: str = "tokenizer.json"
    max_length: int = 256
    stride: int = 64
    hidden_size: int = 384
    thresholds: Thresholds = field(default_factory=Thresholds)
    # Per-label temperature of the calibrated score (verdict.runtime.calibration); absent labels: 1.
    calibration: dict[str, float] = field(default_factory=dict)
    base_model: str = "all-MiniLM-L6-v2"
    parent_version: str | None = None
    created: str = ""
    data: tuple[dict, ...] = ()  # [{"path": ..., "sha256": ...}]
    metrics: dict = field(default_factory=dict)
    training: dict = field(default_factory=dict)
    directory: Path | None = field(default=None, compare=False)

    @property
    def model_version(self) -> str:
        """The string every verdict and audit record carries: `<name>/<version>`."""
        return f"{self.name}/{self.version}"

    def calibrator(self):
        """The topic and leakage labels' calibration (verdict.runtime.calibration)."""
        from verdict.runtime.calibration import Calibration

        return Calibration.of({**self.thresholds.topics, **self.thresholds.leakage}, self.calibration)

    def path_of(self, variant: str) -> Path:
        if self.directory is None:
            raise ConfigError("manifest was not loaded from a directory", field="directory")
        if variant not in self.files:
            raise ConfigError(
                f"variant {variant!r} not in this model (has {sorted(self.files)})", field="files"
            )
        return self.directory / self.files[variant]

    @property
    def tokenizer_path(self) -> Path:
        if self.directory is None:
            raise ConfigError("manifest was not loaded from a directory", field="directory")
        return self.directory / self.tokenizer

    def to_dict(self) -> dict:
        out = asdict(self)
        out.pop("directory")
        out["labels"] = {k: list(v) for k, v in out["labels"].items()}
        out["data"] = list(self.data)
        return out

    def save(self, directory: str | Path) -> Path:
        path = Path(directory) / MANIFEST_FILE
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory: str | Path) -> Manifest:
        directory = Path(directory)
        path = directory / MANIFEST_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(
                "no manifest.json: serving loads a model only through its manifest", file=str(path)
            ) from exc
        except json.JSONDecodeError as exc:
            raise ConfigError(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
        raw = _merge_decisions(directory, raw)
        try:
            labels = Labels(**{k: tuple(v) for k, v in raw.pop("labels").items()})
            thresholds = Thresholds(**raw.pop("thresholds", {}))
            data = tuple(raw.pop("data", ()))
            manifest = cls(labels=labels, thresholds=thresholds, data=data, directory=directory, **raw)
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"missing or unknown field: {exc}", file=str(path)) from exc
        # A checkout may leave out a large optional variant (the fp32 file is not shipped in git): the
        # variants present are served; none present is an error. No files at all is a weights-only
        # version (served by the torch backend).
        present = {variant: name for variant, name in manifest.files.items() if (directory / name).is_file()}
        if manifest.files and not present:
            raise ConfigError(
                f"none of the model files {sorted(manifest.files.values())} is present",
                file=str(path),
                field="files",
            )
        manifest = dataclasses.replace(manifest, files=present)
        if not manifest.tokenizer_path.is_file():
            raise ConfigError(
                f"tokenizer {manifest.tokenizer!r} is missing", file=str(path), field="tokenizer"
            )
        return manifest


def _merge_decisions(directory: Path, raw: dict) -> dict:
    """The manifest as export wrote it, with eval/thresholds.json and gate.json merged in."""
    decided = directory / THRESHOLDS_FILE
    if decided.is_file():
        try:
            chosen = json.loads(decided.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"invalid JSON: {exc.msg}", file=str(decided), line=exc.lineno) from exc
        thresholds = dict(raw.get("thresholds") or {})
        for family, values in (chosen.get("thresholds") or {}).items():
            thresholds[family] = {**thresholds.get(family, {}), **values}
        raw["thresholds"] = thresholds
        if chosen.get("calibration"):
            raw["calibration"] = {**(raw.get("calibration") or {}), **chosen["calibration"]}
        if chosen.get("eval"):
            raw["metrics"] = {**(raw.get("metrics") or {}), "eval": chosen["eval"]}
    gate = directory / GATE_FILE
    if gate.is_file():
        try:
            raw["metrics"] = {
                **(raw.get("metrics") or {}),
                "gate": json.loads(gate.read_text(encoding="utf-8")),
            }
        except json.JSONDecodeError as exc:
            raise ConfigError(f"invalid JSON: {exc.msg}", file=str(gate), line=exc.lineno) from exc
    return raw


def default_repository(name: str = "verdict") -> Path:
    """The model repository when none is given, the first of: $VERDICT_REPOSITORY; ./models when it
    holds model `name`; the repository of the source checkout this package runs from (an editable
    install); the one a wheel installed under its prefix (share/verdict/models). With none of them, ./models,
    and `resolve_model_dir` says how to point at a repository."""
    configured = os.environ.get(REPOSITORY_ENV)
    if configured:
        return Path(configured)
    for candidate in (LOCAL_REPOSITORY, _CHECKOUT / LOCAL_REPOSITORY, installed_repository()):
        if candidate is not None and (candidate / name).is_dir():
            return candidate
    return LOCAL_REPOSITORY


def installed_repository() -> Path | None:
    """The shipped repository a wheel installed (under whichever prefix pip used: a venv, --user,
    --prefix), found through the distribution's record of its files; None when not installed so."""
    try:
        files = importlib.metadata.distribution("verdict").files or ()
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in files:
        parts = file.parts
        for at in range(len(parts) - len(INSTALLED_REPOSITORY)):
            if parts[at : at + len(INSTALLED_REPOSITORY)] == INSTALLED_REPOSITORY:
                inside = len(parts) - at - len(INSTALLED_REPOSITORY)  # parts below the repository (>= 1)
                return Path(os.path.normpath(Path(file.locate()).parents[inside - 1]))
    return None


def resolve_model_dir(repository: str | Path, name: str = "verdict", version: str | None = None) -> Path:
    """`models/<name>/<version>`: the named version; else the promoted one (`models/<name>/serving.json`,
    written by `verdict promote` / `verdict rollback`); else, before any promotion, the highest numeric
    version present."""
    base = Path(repository) / name
    where = f"pass --repository DIR or set {REPOSITORY_ENV}=DIR, DIR holding {name}/<version>/manifest.json"
    if not base.is_dir():
        raise ConfigError(f"no model {name!r} in the model repository {repository}: {where}", file=str(base))
    if version is None:
        version = promoted_version(base)
    if version is not None:
        path = base / str(version)
        if not (path / MANIFEST_FILE).is_file():
            raise ConfigError(f"model {name!r} has no version {version!r}", file=str(base))
        return path
    versions = sorted(
        int(p.name) for p in base.glob("*") if p.name.isdigit() and (p / MANIFEST_FILE).is_file()
    )
    if not versions:
        raise ConfigError(f"no model versions under {base}: {where}", file=str(base))
    return base / str(versions[-1])


def promoted_version(model_root: str | Path) -> str | None:
    """The version the promotion pointer names, or None when nothing was promoted yet."""
    path = Path(model_root) / SERVING_POINTER
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
    if not isinstance(raw, dict) or not raw.get("version"):
        raise ConfigError("the promotion pointer names no version", file=str(path), field="version")
    return str(raw["version"])
