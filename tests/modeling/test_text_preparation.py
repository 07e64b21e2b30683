"""One text preparation for training and serving: the same normalization and the same windows."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("torch")

from verdict.modeling.data.schema import Example, Span
from verdict.modeling.training import TrainConfig, encode_examples
from verdict.runtime.model import default_labels
from verdict.runtime.normalize import normalize
from verdict.runtime.windows import WindowTokenizer, load_tokenizer

TOKENIZER = next(Path(__file__).resolve().parents[2].glob("models/verdict/*/tokenizer.json"))
# Full-width digits, a zero-width space and a spaced-out card: normalization rewrites all three.
TEXT = (
    "Your order \uff11\uff12\uff13 shipped.\u200b Call Jane at 415 555 0132 or pay with "
    "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1. " + "The weather was fine and the parcel arrived on time. " * 12
)


@pytest.mark.parametrize("max_length, stride", [(32, 8), (128, 32), (256, 64)])
def test_training_windows_are_serving_windows(max_length, stride):
    card = TEXT.index("4 1 1")
    example = Example(id="x", text=TEXT, source="test", entities=(Span(card, card + 31, "CREDIT_CARD"),))
    cfg = TrainConfig(max_length=max_length, window_overlap=stride)
    trained = encode_examples(load_tokenizer(TOKENIZER), [example], default_labels(), cfg)
    served = WindowTokenizer(TOKENIZER, max_length=max_length, stride=stride).encode(normalize(TEXT).text)
    assert [w.ids for w in trained] == [list(w.ids) for w in served]
    assert len(served) > 1 or max_length == 256


def test_training_labels_land_on_the_normalized_text():
    card = TEXT.index("4 1 1")
    example = Example(id="x", text=TEXT, source="test", entities=(Span(card, card + 31, "CREDIT_CARD"),))
    labels = default_labels()
    [window, *_] = encode_examples(load_tokenizer(TOKENIZER), [example], labels, TrainConfig(max_length=128))
    tagged = {labels.token_tags[t] for t in window.tags if t >= 0}
    assert "B-CREDIT_CARD" in tagged and "I-CREDIT_CARD" in tagged
    clean = normalize(TEXT)
    start, end = clean.to_clean(card, card + 31)
    assert clean.text[start:end] == "4111111111111111"
