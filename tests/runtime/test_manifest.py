"""The manifest is the only way into a model version: what it loads, and what it refuses."""

from __future__ import annotations

import shutil

import pytest

from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Manifest, resolve_model_dir


@pytest.fixture
def version_dir(tiny_model_dir, tmp_path):
    return shutil.copytree(tiny_model_dir, tmp_path / "verdict" / "1")


def test_a_missing_optional_variant_is_left_out(version_dir):
    assert {"int8", "fp32"} <= set(Manifest.load(version_dir).files)
    (version_dir / Manifest.load(version_dir).files["fp32"]).unlink()  # as in a git checkout
    manifest = Manifest.load(version_dir)
    assert "fp32" not in manifest.files and manifest.path_of("int8").is_file()
    with pytest.raises(ConfigError, match="fp32"):
        manifest.path_of("fp32")


def test_no_model_file_at_all_is_an_error(version_dir):
    for name in Manifest.load(version_dir).files.values():
        (version_dir / name).unlink()
    with pytest.raises(ConfigError, match="none of the model files"):
        Manifest.load(version_dir)


def test_missing_manifest_and_highest_version(version_dir):
    assert resolve_model_dir(version_dir.parent.parent) == version_dir
    (version_dir / "manifest.json").unlink()
    with pytest.raises(ConfigError, match="manifest"):
        Manifest.load(version_dir)
