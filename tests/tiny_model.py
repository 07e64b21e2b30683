"""A real, tiny model version for tests and development benchmarks: random weights, the real tokenizer,
fp32 + int8 ONNX and a manifest, written by the real export path (`verdict.modeling.export`)."""

from __future__ import annotations

from pathlib import Path


def build_tiny_model_dir(out_dir: str | Path) -> Path:
    import torch

    from verdict.modeling.export import PARITY_TEXTS, export_version
    from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config

    out_dir = Path(out_dir)
    torch.manual_seed(0)
    model = VerdictModel(tiny_encoder_config(), default_labels())
    export_version(
        model,
        out_dir,
        tokenizer_path=base_model_path() / "tokenizer.json",
        base_model="tiny-random-bert",
        meta={"training": {"tiny": True}, "metrics": {}, "step": 0},
        parity_texts=PARITY_TEXTS[:4],
        fp16=False,
        save_weights=False,
        log=lambda _line: None,
        int8="static",
    )
    return out_dir
