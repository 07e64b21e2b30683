"""Topics pooled by attention: a mean-pool checkpoint continues from the same scores, the pool looks at
the tokens its scorer picks, padding changes nothing, and the graph exports with fp32 parity."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
ort = pytest.importorskip("onnxruntime")

import numpy as np  # noqa: E402

from verdict.modeling import export  # noqa: E402
from verdict.modeling.training import TrainConfig  # noqa: E402
from verdict.runtime.model import (  # noqa: E402
    VerdictModel,
    attention_pool,
    base_model_path,
    default_labels,
    tiny_encoder_config,
)

TOKENIZER = base_model_path() / "tokenizer.json"
RAGGED = [[101, 7592, 102], [101, *range(2000, 2040), 102], [101, 2023, 2003, 1037, 3231, 102]]


def _batch(rows):
    width = max(map(len, rows))
    ids = torch.tensor([r + [0] * (width - len(r)) for r in rows])
    return ids, (ids != 0).long()


@pytest.fixture(scope="module")
def mean_checkpoint(tmp_path_factory):
    torch.manual_seed(3)
    model = VerdictModel(tiny_encoder_config(), default_labels()).eval()
    out = tmp_path_factory.mktemp("mean")
    model.save_checkpoint(out, tokenizer_path=TOKENIZER, extra={"step": 1})
    return model, out


def test_a_mean_checkpoint_continues_under_attention_with_the_same_scores(mean_checkpoint, tmp_path):
    mean, directory = mean_checkpoint
    attention = VerdictModel.from_checkpoint(directory, topic_pool="attention").eval()
    assert attention.topic_pool == "attention"
    ids, mask = _batch(RAGGED)
    with torch.no_grad():
        for a, b in zip(mean(ids, mask), attention(ids, mask)):
            torch.testing.assert_close(a, b, atol=1e-5, rtol=0)
    attention.save_checkpoint(tmp_path, tokenizer_path=TOKENIZER)
    assert VerdictModel.from_checkpoint(tmp_path).topic_pool == "attention"  # the checkpoint says so
    with pytest.raises(ValueError, match="pools topics by attention"):
        VerdictModel.from_checkpoint(tmp_path, topic_pool="mean")


def test_the_pool_reads_the_tokens_its_scorer_picks():
    hidden = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [5.0, 5.0]]])  # [1, 3, 2]; token 2 is padding
    mask = torch.tensor([[1, 1, 0]])
    uniform = attention_pool(hidden, mask, torch.zeros(1, 3, 2))
    torch.testing.assert_close(uniform, torch.tensor([[[0.5, 0.5], [0.5, 0.5]]]))  # the mean; pad unread
    picks = torch.tensor([[[20.0, -20.0], [-20.0, 20.0], [99.0, 99.0]]])  # topic 0 -> token 0, 1 -> token 1
    torch.testing.assert_close(
        attention_pool(hidden, mask, picks), torch.tensor([[[1.0, 0.0], [0.0, 1.0]]]), atol=1e-6, rtol=0
    )


def test_padding_does_not_change_attention_scores():
    torch.manual_seed(5)
    model = VerdictModel(tiny_encoder_config(), default_labels(), topic_pool="attention").eval()
    torch.nn.init.normal_(model.topic_attention_head.weight, std=0.5)  # a trained-looking scorer
    ids, mask = _batch(RAGGED)
    with torch.no_grad():
        batched = model(ids, mask)[1]
        for i, row in enumerate(RAGGED):
            alone = torch.tensor([row])
            torch.testing.assert_close(
                batched[i], model(alone, torch.ones_like(alone))[1][0], atol=1e-5, rtol=0
            )


def test_attention_pool_exports_with_fp32_parity(tmp_path):
    torch.manual_seed(7)
    model = VerdictModel(tiny_encoder_config(), default_labels(), topic_pool="attention").eval()
    torch.nn.init.normal_(model.topic_attention_head.weight, std=0.5)
    manifest = export.export_version(
        model,
        tmp_path / "verdict" / "1",
        tokenizer_path=TOKENIZER,
        base_model="tiny-random-bert",
        meta={"training": {}, "metrics": {}, "step": 0},
        parity_texts=export.PARITY_TEXTS[:4],
        fp16=False,
        save_weights=True,
        log=lambda _line: None,
        int8="static",
    )
    session = ort.InferenceSession(str(manifest.path_of("fp32")), providers=["CPUExecutionProvider"])
    ids, mask = _batch(RAGGED)
    topics = session.run(["topic_logits"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    with torch.no_grad():
        np.testing.assert_allclose(topics, model(ids, mask)[1].numpy(), atol=1e-4, rtol=0)
    assert VerdictModel.from_checkpoint(manifest.directory).topic_pool == "attention"


def test_config_names_a_known_pool():
    assert TrainConfig(topic_pool="attention").topic_pool == "attention"
    with pytest.raises(ValueError, match="topic_pool"):
        TrainConfig(topic_pool="max")
