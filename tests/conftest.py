"""Fixtures shared across the suite. The tiny model is real (random weights, real tokenizer, real ONNX)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    """A model version directory (manifest, tokenizer, int8 + fp32 ONNX) of a tiny random model.

    Built once per test session by the real export path; needs the `train` extra (torch).
    """
    pytest.importorskip("torch")
    from tests.tiny_model import build_tiny_model_dir

    return build_tiny_model_dir(tmp_path_factory.mktemp("models") / "verdict" / "1")
