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


def test_decisions_beside_the_manifest_are_merged_and_the_manifest_is_never_rewritten(version_dir):
    import json

    written = (version_dir / "manifest.json").read_bytes()
    exported = Manifest.load(version_dir)
    topic = exported.labels.topics[0]
    (version_dir / "eval").mkdir(exist_ok=True)
    (version_dir / "eval" / "thresholds.json").write_text(
        json.dumps(
            {"thresholds": {"topics": {topic: 0.77}}, "calibration": {topic: 2.0}, "eval": {"split": "dev"}}
        )
    )
    (version_dir / "gate.json").write_text(json.dumps({"passed": True}))
    merged = Manifest.load(version_dir)
    assert merged.thresholds.topics[topic] == 0.77
    assert merged.thresholds.entities == exported.thresholds.entities  # families not chosen stay
    assert merged.calibration == {topic: 2.0}
    assert merged.metrics["eval"] == {"split": "dev"} and merged.metrics["gate"] == {"passed": True}
    assert merged.calibrator().score(topic, 0.77) == pytest.approx(0.5)
    assert (version_dir / "manifest.json").read_bytes() == written
    (version_dir / "gate.json").write_text("{not json")
    with pytest.raises(ConfigError, match="gate.json"):
        Manifest.load(version_dir)
