"""`verdict average`: a weighted average of the weights of fine-tuned checkpoints (a "model soup").

Checkpoints fine-tuned from one parent lie in one basin of the loss, so a point on the line between
them is a working model too, and often better than either end (Wortsman et al., "Robust fine-tuning of
zero-shot models" and "Model soups", 2022). verdict uses it where a continued run improves one head at
the cost of another: averaging the continuation with its parent keeps most of the gain and gives back
most of the loss, without another training run. Pick the weights on dev, as any other setting.

    verdict average --checkpoint runs/v4/best --checkpoint models/verdict/3 --weight 0.5 0.5 --out runs/soup

The inputs are training checkpoints (`model.safetensors`) or exported versions
(`weights.fp16.safetensors`); they must have the same labels, encoder config and tensor shapes. The
word `base` names the pretrained encoder itself (all-MiniLM-L6-v2, which has no heads): averaging a
fine-tune with it interpolates the encoder toward what it knew before fine-tuning and keeps the heads of
the other inputs (WiSE-FT, Wortsman et al. 2022: robustness to text unlike the training data for a small
cost on it).

    verdict average --checkpoint runs/v7/best --checkpoint base --weight 0.8 0.2 --out runs/wise The
output is a training checkpoint that `verdict export` reads; its `verdict.json` records every input,
its weight and the sha256 of its weights file. Needs numpy and safetensors only, not torch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import (
    ENCODER_CONFIG_FILE,
    FP16_WEIGHTS_FILE,
    TOKENIZER_FILE,
    VERDICT_FILE,
    WEIGHTS_FILE,
)

WEIGHTS_FILES = (WEIGHTS_FILE, FP16_WEIGHTS_FILE)  # the order verdict.runtime.model.from_checkpoint looks in
# Encoder settings that change the meaning of a tensor; the rest of config.json (dropout, ids) may differ.
SHAPE_KEYS = (
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "vocab_size",
    "max_position_embeddings",
    "type_vocab_size",
    "hidden_act",
    "layer_norm_eps",
)


@dataclass(frozen=True, slots=True)
class Ingredient:
    directory: Path
    weights_file: Path
    weight: float
    meta: dict
    encoder: dict

    def record(self) -> dict:
        return {
            "checkpoint": str(self.directory),
            "weight": self.weight,
            "step": self.meta.get("step"),
            "weights_sha256": sha256(self.weights_file),
        }


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalized(weights: list[float] | None, n: int) -> list[float]:
    """Weights summing to 1: uniform when none are given; each must be >= 0 and one of them > 0."""
    if not weights:
        return [1.0 / n] * n
    if len(weights) != n:
        raise ConfigError(
            f"{len(weights)} weights for {n} checkpoints; give one per --checkpoint", field="--weight"
        )
    if any(not np.isfinite(w) or w < 0 for w in weights):
        raise ConfigError(f"every weight must be a finite number >= 0, got {weights}", field="--weight")
    total = sum(weights)
    if total <= 0:
        raise ConfigError("at least one weight must be > 0", field="--weight")
    return [w / total for w in weights]


# The windows a checkpoint was trained on (its verdict.json "training"); `verdict export` serves the same,
# and falls back to the serving default only where a checkpoint records none.
WINDOW_KEYS = ("max_length", "window_overlap")


def trained_windows(ingredients: list[Ingredient], chosen: dict[str, int] | None = None) -> dict[str, int]:
    """The training windows the fine-tuned inputs share, for the average's own training record (without
    them an exported soup would be served with 256-token windows whatever its inputs learned on); {}
    when none records them. Inputs trained on other windows cannot be averaged into one model unless
    `chosen` (`--windows`) names the windows the soup is served with, which one of them must have
    trained on: the soup then serves what at least that input learned, and the transfer benchmark has
    to show the others hold up on it."""
    if chosen is not None:
        trained = [
            {key: (i.meta.get("training") or {}).get(key) for key in WINDOW_KEYS}
            for i in ingredients
            if not i.meta.get("base")
        ]
        if chosen not in trained:
            raise ConfigError(
                f"--windows {chosen}: no input was trained on them (inputs: {trained})", field="--windows"
            )
        return dict(chosen)
    shared: dict[str, int] = {}
    source: Path | None = None
    for ingredient in ingredients:
        if ingredient.meta.get("base"):
            continue
        training = ingredient.meta.get("training") or {}
        windows = {key: training[key] for key in WINDOW_KEYS if key in training}
        if not windows:
            continue
        if source is not None and windows != shared:
            raise ConfigError(
                f"{ingredient.directory}: trained on windows {windows}, {source} on {shared}; "
                "average checkpoints trained on the same windows, or choose one input's with --windows"
            )
        shared, source = windows, ingredient.directory
    return shared


BASE = "base"  # --checkpoint base: the pretrained encoder (verdict.runtime.model.base_model_path)
BASE_PREFIX = "encoder."  # the base checkpoint's tensors are the encoder's, without this prefix


def read_base(weight: float, like: Ingredient) -> Ingredient:
    """The pretrained encoder as an ingredient: its own config, the labels of `like` (it has no heads)."""
    from verdict.runtime.model import base_model_path

    directory = base_model_path()
    encoder = json.loads((directory / ENCODER_CONFIG_FILE).read_text(encoding="utf-8"))
    return Ingredient(
        directory, directory / WEIGHTS_FILE, weight, {"labels": like.meta.get("labels")}, encoder
    )


def read_ingredient(directory: str | Path, weight: float) -> Ingredient:
    directory = Path(directory)
    found = [directory / name for name in WEIGHTS_FILES if (directory / name).is_file()]
    needed = (ENCODER_CONFIG_FILE, VERDICT_FILE, TOKENIZER_FILE)
    missing = [name for name in needed if not (directory / name).is_file()]
    if not found or missing:
        what = ", ".join(missing + ([] if found else [" or ".join(WEIGHTS_FILES)]))
        raise ConfigError(f"{directory}: not a checkpoint or model version directory (missing {what})")
    meta = json.loads((directory / VERDICT_FILE).read_text(encoding="utf-8"))
    encoder = json.loads((directory / ENCODER_CONFIG_FILE).read_text(encoding="utf-8"))
    return Ingredient(directory, found[0], weight, meta, encoder)


def check_compatible(ingredients: list[Ingredient]) -> None:
    """Same labels and encoder shape as the first checkpoint, or an error that names the difference."""
    first = ingredients[0]
    for other in ingredients[1:]:
        if other.meta.get("labels") != first.meta.get("labels"):
            mine, theirs = first.meta.get("labels", {}), other.meta.get("labels") or {}
            heads = [head for head in mine if theirs.get(head) != mine[head]]
            raise ConfigError(
                f"{other.directory}: labels of {', '.join(heads) or 'the heads'} differ from "
                f"{first.directory}; only checkpoints of one label set can be averaged"
            )
        pools = (first.meta.get("topic_pool", "mean"), other.meta.get("topic_pool", "mean"))
        if not other.meta.get("base") and pools[0] != pools[1]:
            raise ConfigError(
                f"{other.directory}: topics pooled by {pools[1]}, {first.directory} by {pools[0]}; "
                "continue the mean-pool checkpoint under attention pooling first (train --init-from)"
            )
        for key in SHAPE_KEYS:
            if other.encoder.get(key) != first.encoder.get(key):
                raise ConfigError(
                    f"{other.directory}: encoder {key} is {other.encoder.get(key)!r}, "
                    f"{first.directory} has {first.encoder.get(key)!r}"
                )


def average_tensors(ingredients: list[Ingredient]) -> dict[str, np.ndarray]:
    """Float tensors: the weighted mean in float32. Integer buffers (position ids) must be equal."""
    from safetensors.numpy import load_file

    states = [_state(i, load_file) for i in ingredients]
    first = states[0]
    # The base encoder has no heads (nor a pooler we use): those tensors are averaged over the inputs
    # that have them, the base's share going to them in proportion.
    bases = [k for k, i in enumerate(ingredients) if i.meta.get("base")]
    for k in bases:
        states[k] = {name: states[k].get(name) for name in first}
    for ingredient, state in zip(ingredients[1:], states[1:], strict=True):
        if ingredient.meta.get("base"):
            continue
        if state.keys() != first.keys():
            odd = sorted(state.keys() ^ first.keys())
            raise ConfigError(
                f"{ingredient.directory}: tensors differ from {ingredients[0].directory}: "
                f"{', '.join(odd[:5])}{' …' if len(odd) > 5 else ''}"
            )
    out: dict[str, np.ndarray] = {}
    for name, tensor in first.items():
        for ingredient, state in zip(ingredients[1:], states[1:], strict=True):
            if state[name] is not None and state[name].shape != tensor.shape:
                raise ConfigError(
                    f"{ingredient.directory}: tensor {name} has shape {state[name].shape}, "
                    f"{ingredients[0].directory} has {tensor.shape}"
                )
        if np.issubdtype(tensor.dtype, np.floating):
            acc = np.zeros(tensor.shape, dtype=np.float64)
            having = [
                (i, st[name]) for i, st in zip(ingredients, states, strict=True) if st[name] is not None
            ]
            total = sum(i.weight for i, _ in having)
            for ingredient, value in having:
                acc += ingredient.weight / total * value.astype(np.float64)
            out[name] = acc.astype(np.float32)
        else:
            for ingredient, state in zip(ingredients[1:], states[1:], strict=True):
                if state[name] is not None and not np.array_equal(state[name], tensor):
                    raise ConfigError(
                        f"{ingredient.directory}: buffer {name} differs from "
                        f"{ingredients[0].directory}; it cannot be averaged"
                    )
            out[name] = tensor
    return out


def _state(ingredient: Ingredient, load_file) -> dict:
    state = load_file(str(ingredient.weights_file))
    if ingredient.meta.get("base"):
        return {BASE_PREFIX + name: value for name, value in state.items()}
    return state


def average(
    checkpoints: list[str | Path],
    out: str | Path,
    weights: list[float] | None = None,
    windows: dict[str, int] | None = None,
) -> Path:
    """Write the weighted average of `checkpoints` to `out` as a training checkpoint; returns `out`.
    `windows` ({"max_length", "window_overlap"}) serves it with one input's windows where they differ."""
    from safetensors.numpy import save_file

    if len(checkpoints) < 2:
        raise ConfigError("give at least two checkpoints to average", field="--checkpoint")
    out = Path(out)
    if out.resolve() in {Path(c).resolve() for c in checkpoints}:
        raise ConfigError(f"{out} is one of the inputs; write the average to a new directory", field="--out")
    shares = normalized(weights, len(checkpoints))
    if str(checkpoints[0]) == BASE:
        raise ConfigError("name a fine-tuned checkpoint first; `base` has no heads", field="--checkpoint")
    ingredients = [read_ingredient(c, w) for c, w in zip(checkpoints, shares, strict=True) if str(c) != BASE]
    for c, w in zip(checkpoints, shares, strict=True):
        if str(c) == BASE:
            base = read_base(w, ingredients[0])
            ingredients.append(
                Ingredient(base.directory, base.weights_file, w, {**base.meta, "base": True}, base.encoder)
            )
    check_compatible(ingredients)
    windows = trained_windows(ingredients, windows)
    tensors = average_tensors(ingredients)
    first = ingredients[0]
    out.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(out / WEIGHTS_FILE))
    shutil.copyfile(first.directory / ENCODER_CONFIG_FILE, out / ENCODER_CONFIG_FILE)
    shutil.copyfile(first.directory / TOKENIZER_FILE, out / TOKENIZER_FILE)
    meta = {
        "labels": first.meta["labels"],
        "head_dropout": first.meta.get("head_dropout", 0.1),
        "topic_pool": first.meta.get("topic_pool", "mean"),
        "hidden_size": first.meta.get("hidden_size", first.encoder.get("hidden_size")),
        "base_model": first.meta.get("base_model", "all-MiniLM-L6-v2"),
        "step": first.meta.get("step"),
        "metrics": {},  # the ingredients' dev metrics do not describe the average; evaluate it
        "training": {
            **windows,
            "average": [i.record() for i in ingredients],
            "ingredients": {str(i.directory): i.meta.get("training", {}) for i in ingredients},
        },
    }
    (out / VERDICT_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--checkpoint",
        action="append",
        required=True,
        metavar="DIR",
        help="a training checkpoint or model version dir, or `base` (the pretrained encoder); two or more",
    )
    parser.add_argument(
        "--weight",
        type=float,
        nargs="+",
        metavar="W",
        help="one weight per --checkpoint, in order (normalized to sum 1; default uniform)",
    )
    parser.add_argument("--out", required=True, help="new checkpoint dir (what `verdict export` reads)")
    parser.add_argument(
        "--windows",
        type=int,
        nargs=2,
        metavar=("MAX_LENGTH", "OVERLAP"),
        help="inputs trained on different windows: serve the average with these, one input's own",
    )


def run(args: argparse.Namespace) -> int:
    try:
        windows = dict(zip(WINDOW_KEYS, args.windows, strict=True)) if args.windows else None
        out = average(args.checkpoint, args.out, args.weight, windows)
    except ConfigError as e:
        print(f"verdict average: {e}")
        return 2
    parts = ", ".join(
        f"{r['weight']:.3f} × {r['checkpoint']}"
        for r in json.loads((out / VERDICT_FILE).read_text(encoding="utf-8"))["training"]["average"]
    )
    print(f"wrote {out}: {parts}")
    return 0
