"""The shipped model repository travels in the wheel as data files (everything else is in pyproject.toml).

A wheel installs them under its prefix, at `share/verdict/models/<name>/<version>/`, which is where
`verdict.runtime.manifest.default_repository` looks when no repository is configured. Only what serving
loads is shipped: per version, the manifest, the ONNX files and tokenizer it names, and the decisions
merged into it (eval/thresholds.json, gate.json); per model, Triton's config.pbtxt and the promotion
pointer. The training checkpoint (weights.fp16.safetensors, read only by the torch-cuda backend) and
the evaluation reports stay in the repository. setuptools adds data files to the sdist as well.
"""

from __future__ import annotations

import json
from pathlib import Path

from setuptools import setup

REPOSITORY = Path("models")
INSTALLED = Path("share/verdict/models")  # verdict.runtime.manifest.INSTALLED_REPOSITORY
MODEL_FILES = ("config.pbtxt", "serving.json")
VERSION_FILES = ("manifest.json", "taxonomy.json", "eval/thresholds.json", "gate.json")


def shipped_model_files() -> list[tuple[str, list[str]]]:
    """(install dir, [repository files]) for every model version in the repository, as data_files wants."""
    files: dict[Path, list[str]] = {}
    for manifest in sorted(REPOSITORY.glob("*/*/manifest.json")):
        version = manifest.parent
        named = json.loads(manifest.read_text(encoding="utf-8"))
        wanted = [*VERSION_FILES, named.get("tokenizer", "tokenizer.json"), *named["files"].values()]
        model_level = [version.parent / name for name in MODEL_FILES]
        for path in [*model_level, *(version / name for name in wanted)]:
            if path.is_file():
                target = INSTALLED / path.parent.relative_to(REPOSITORY)
                files.setdefault(target, [])
                if path.as_posix() not in files[target]:
                    files[target].append(path.as_posix())
    return [(target.as_posix(), paths) for target, paths in files.items()]


setup(data_files=shipped_model_files())
