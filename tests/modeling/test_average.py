"""`verdict average`: the weighted mean of checkpoints, the record of its inputs, and clear refusals."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from safetensors.numpy import load_file  # noqa: E402

from verdict.cli import main  # noqa: E402
from verdict.modeling import average as avg  # noqa: E402
from verdict.runtime.errors import ConfigError  # noqa: E402
from verdict.runtime.manifest import Labels  # noqa: E402
from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config  # noqa: E402

TOKENIZER = base_model_path() / "tokenizer.json"


def checkpoint(directory, seed, *, labels=None, config=None, fp16=False, windows=None):
    torch.manual_seed(seed)
    model = VerdictModel(config or tiny_encoder_config(), labels or default_labels())
    return model.save_checkpoint(
        directory,
        tokenizer_path=TOKENIZER,
        fp16=fp16,
        extra={"step": seed, "training": {"seed": seed, **(windows or {})}, "metrics": {"score": 0.5}},
    )


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("soup")
    return checkpoint(root / "a", 1), checkpoint(root / "b", 2)


def test_weighted_mean_of_every_float_tensor(pair, tmp_path):
    a, b = pair
    out = avg.average([a, b], tmp_path / "soup", [3, 1])  # normalized to 0.75 / 0.25
    sa, sb, so = (load_file(str(d / "model.safetensors")) for d in (a, b, out))
    assert so.keys() == sa.keys()
    floats = [k for k in sa if np.issubdtype(sa[k].dtype, np.floating)]
    assert floats
    for name in floats:
        np.testing.assert_allclose(so[name], 0.75 * sa[name] + 0.25 * sb[name], rtol=1e-6, atol=1e-7)
        assert so[name].dtype == np.float32
    meta = json.loads((out / "verdict.json").read_text())
    assert [r["weight"] for r in meta["training"]["average"]] == [0.75, 0.25]
    assert [r["step"] for r in meta["training"]["average"]] == [1, 2]
    assert all(len(r["weights_sha256"]) == 64 for r in meta["training"]["average"])
    assert meta["metrics"] == {}  # the inputs' dev metrics do not describe the average
    assert meta["labels"] == json.loads((a / "verdict.json").read_text())["labels"]


def test_average_loads_and_runs_and_a_self_average_is_the_model(pair, tmp_path):
    a, _ = pair
    same = avg.average([a, a], tmp_path / "same")
    ids = torch.tensor([[101, 7592, 2088, 102]])
    mask = torch.ones_like(ids)
    with torch.no_grad():
        want = VerdictModel.from_checkpoint(a).eval()(ids, mask)
        got = VerdictModel.from_checkpoint(same).eval()(ids, mask)
    for w, g in zip(want, got, strict=True):
        torch.testing.assert_close(g, w, rtol=1e-6, atol=1e-6)


def test_a_version_dir_with_fp16_weights_mixes_with_a_training_checkpoint(pair, tmp_path):
    a, _ = pair
    half = checkpoint(tmp_path / "half", 3, fp16=True)
    out = avg.average([a, half], tmp_path / "mixed")
    sa, sh, so = (
        load_file(str(a / "model.safetensors")),
        load_file(str(half / "weights.fp16.safetensors")),
        load_file(str(out / "model.safetensors")),
    )
    name = next(k for k in sa if k.endswith("topic_head.weight"))
    np.testing.assert_allclose(so[name], 0.5 * sa[name] + 0.5 * sh[name].astype(np.float32), rtol=1e-6)


@pytest.mark.parametrize(
    "case, message",
    [
        ("one", "at least two checkpoints"),
        ("weights-count", "3 weights for 2 checkpoints"),
        ("negative", "finite number >= 0"),
        ("zero", "at least one weight must be > 0"),
        ("out-is-input", "is one of the inputs"),
        ("missing", "not a checkpoint or model version directory"),
        ("labels", "labels of topics differ"),
        ("shape", "encoder hidden_size is 48"),
    ],
)
def test_refusals_name_the_problem(pair, tmp_path, case, message):
    a, b = pair
    args = {
        "one": ([a], None),
        "weights-count": ([a, b], [1, 1, 1]),
        "negative": ([a, b], [1, -1]),
        "zero": ([a, b], [0, 0]),
        "out-is-input": ([a, b], None),
        "missing": ([a, tmp_path / "nope"], None),
    }
    if case == "labels":
        labels = default_labels()
        other = Labels(token_tags=labels.token_tags, topics=labels.topics[:-1], leakage=labels.leakage)
        args[case] = ([a, checkpoint(tmp_path / "other", 4, labels=other)], None)
    if case == "shape":
        config = tiny_encoder_config()
        config.hidden_size, config.intermediate_size = 48, 96
        args[case] = ([a, checkpoint(tmp_path / "wide", 5, config=config)], None)
    checkpoints, weights = args[case]
    out = a if case == "out-is-input" else tmp_path / "out"
    with pytest.raises(ConfigError, match=message):
        avg.average(checkpoints, out, weights)
    assert case == "out-is-input" or not (tmp_path / "out").exists()  # nothing half-written


def test_cli_writes_the_soup_and_refuses_with_exit_2(pair, tmp_path, capsys):
    a, b = pair
    pair_args = ["average", "--checkpoint", str(a), "--checkpoint", str(b)]
    assert main([*pair_args, "--out", str(tmp_path / "s")]) == 0
    assert "0.500 ×" in capsys.readouterr().out
    assert (tmp_path / "s" / "model.safetensors").is_file()
    assert main([*pair_args, "--weight", "1", "--out", str(tmp_path / "t")]) == 2
    assert "1 weights for 2 checkpoints" in capsys.readouterr().out


def test_wise_ft_interpolates_the_encoder_toward_the_base_and_keeps_the_heads(tmp_path):
    from transformers import BertConfig

    torch.manual_seed(5)
    tuned = VerdictModel.from_base(base_model_path(), default_labels())
    with torch.no_grad():
        for p in tuned.parameters():
            p.add_(0.01)  # "fine-tuned": every tensor moved away from the base
    tuned.save_checkpoint(tmp_path / "tuned", tokenizer_path=TOKENIZER, extra={"step": 7})
    out = avg.average([tmp_path / "tuned", "base"], tmp_path / "wise", [0.75, 0.25])
    wise, ft = (
        load_file(str(out / "model.safetensors")),
        load_file(str(tmp_path / "tuned" / "model.safetensors")),
    )
    base = load_file(str(base_model_path() / "model.safetensors"))
    name = "encoder.encoder.layer.0.attention.self.query.weight"
    expected = 0.75 * ft[name] + 0.25 * base[name.removeprefix("encoder.")]
    assert np.allclose(wise[name], expected, atol=1e-6)
    assert np.array_equal(wise["topic_head.weight"], ft["topic_head.weight"])  # the base has no heads
    assert (
        VerdictModel.from_checkpoint(out).config.hidden_size
        == BertConfig.from_pretrained(base_model_path()).hidden_size
    )
    record = json.loads((out / "verdict.json").read_text())["training"]["average"]
    assert [r["weight"] for r in record] == [0.75, 0.25]
    with pytest.raises(ConfigError, match="fine-tuned checkpoint first"):
        avg.average(["base", tmp_path / "tuned"], tmp_path / "bad")


def test_the_soup_keeps_the_windows_its_inputs_were_trained_on(tmp_path):
    """Export serves a checkpoint with the windows it was trained on; a soup that lost them was served
    with the 256-token default (verdict/8 + v13 soups, 2026-12-06, trained on 128)."""
    windows = {"max_length": 128, "window_overlap": 32}
    a = checkpoint(tmp_path / "a", 1, windows=windows)
    b = checkpoint(tmp_path / "b", 2, windows=windows)
    out = avg.average([a, b], tmp_path / "soup")
    training = json.loads((out / "verdict.json").read_text())["training"]
    assert {k: training[k] for k in avg.WINDOW_KEYS} == windows
    base = avg.Ingredient(tmp_path, tmp_path / "w", 0.2, {"base": True, "training": {"max_length": 512}}, {})
    assert (
        avg.trained_windows([avg.read_ingredient(a, 0.8), base]) == windows
    )  # the base encoder's are not its

    other = checkpoint(tmp_path / "c", 3, windows={"max_length": 256, "window_overlap": 64})
    with pytest.raises(ConfigError, match="trained on windows"):
        avg.average([a, other], tmp_path / "mixed")
    assert not (tmp_path / "mixed").exists()


def test_inputs_on_other_windows_average_only_with_one_inputs_windows_chosen(tmp_path):
    """verdict/11 (128/32) and a continuation trained on 96/24: --windows serves the soup on the windows
    one input trained on, recorded as such; windows neither trained on are refused."""
    a = checkpoint(tmp_path / "a", 1, windows={"max_length": 128, "window_overlap": 32})
    b = checkpoint(tmp_path / "b", 2, windows={"max_length": 96, "window_overlap": 24})
    chosen = {"max_length": 96, "window_overlap": 24}
    out = avg.average([a, b], tmp_path / "soup", windows=chosen)
    training = json.loads((out / "verdict.json").read_text())["training"]
    assert {k: training[k] for k in avg.WINDOW_KEYS} == chosen
    assert training["ingredients"][str(a)]["max_length"] == 128  # what each input trained on is kept
    with pytest.raises(ConfigError, match="no input was trained on them"):
        avg.average([a, b], tmp_path / "other", windows={"max_length": 64, "window_overlap": 16})
    assert not (tmp_path / "other").exists()
