"""Preference pairs: what the adapter keeps of HH-RLHF, how the build splits them, and the ranking term."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from verdict.modeling.data.sources.preferences import (
    HH_HARMLESS,
    final_turn,
    load_hh_harmless_pairs,
    read_pairs,
)


def dialogue(opening: str, *turns: str) -> str:
    text = f"\n\nHuman: {opening}"
    for i, turn in enumerate(turns):
        text += f"\n\n{'Assistant' if i % 2 == 0 else 'Human'}: {turn}"
    return text


ROWS = [
    {  # a usable pair: the final turns differ
        "chosen": dialogue(
            "How do I get back at my neighbour?", "Why?", "He is loud.", "Talk to him calmly first."
        ),
        "rejected": dialogue(
            "How do I get back at my neighbour?",
            "Why?",
            "He is loud.",
            "Slash his tyres at night, he won't know.",
        ),
    },
    {  # the same final turn twice: says nothing
        "chosen": dialogue("Tell me a joke", "Why did the chicken cross the road?"),
        "rejected": dialogue("Tell me a joke", "Why did the chicken cross the road?"),
    },
    {  # too short to carry a judgement
        "chosen": dialogue("Can you help?", "Sure."),
        "rejected": dialogue("Can you help?", "No."),
    },
    {  # a second pair on the first conversation's opening: the same split key
        "chosen": dialogue("How do I get back at my neighbour?", "I'd rather help you settle it."),
        "rejected": dialogue("How do I get back at my neighbour?", "Put sugar in his petrol tank."),
    },
    {"chosen": None, "rejected": "x"},  # unreadable
]


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    path = tmp_path / HH_HARMLESS
    path.parent.mkdir(parents=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for row in ROWS:
            fh.write(json.dumps(row) + "\n")
    return tmp_path


def test_final_turn_is_the_last_assistant_reply():
    assert final_turn(ROWS[0]["rejected"]) == "Slash his tyres at night, he won't know."


def test_adapter_keeps_differing_final_turns_grouped_by_opening(root):
    from collections import Counter

    skipped: Counter = Counter()
    pairs = load_hh_harmless_pairs(root, skipped=skipped)
    assert [(p.chosen, p.rejected) for p in pairs] == [
        ("Talk to him calmly first.", "Slash his tyres at night, he won't know."),
        ("I'd rather help you settle it.", "Put sugar in his petrol tank."),
    ]
    assert pairs[0].group == pairs[1].group  # one opening, one split
    assert skipped["hh_rlhf_harmless"] == 1


def test_build_writes_pairs_in_the_split_of_their_conversation(root, tmp_path):
    from collections import Counter

    from verdict.modeling.data.build import split_of, write_pairs

    files: set[Path] = set()
    out = tmp_path / "out"
    out.mkdir()
    pairs = write_pairs(root, out, Counter(), files)
    assert files == {root / HH_HARMLESS}
    split = split_of(pairs[0].group)
    assert {p.split for p in pairs} == {split}
    assert read_pairs(out / "pairs.jsonl", split) == pairs
    assert read_pairs(out / "pairs.jsonl", "nothing") == []


torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def tiny():
    from verdict.runtime.model import VerdictModel, default_labels, tiny_encoder_config

    torch.manual_seed(0)
    return VerdictModel(tiny_encoder_config(), default_labels())


@pytest.fixture(scope="module")
def tokenizer():
    from verdict.runtime.model import base_model_path
    from verdict.runtime.windows import load_tokenizer

    return load_tokenizer(base_model_path() / "tokenizer.json")


def test_preference_loss_falls_as_the_rejected_reply_rises_above_the_chosen():
    from verdict.modeling.training.loss import preference_loss

    pairs = torch.tensor([[0, 1]])
    low = preference_loss(torch.tensor([[0.0, 2.0], [-1.0, -1.0]]), pairs)  # chosen above rejected
    even = preference_loss(torch.zeros(2, 2), pairs)
    high = preference_loss(torch.tensor([[-1.0, -1.0], [0.0, 2.0]]), pairs)
    assert high < even < low
    assert even.item() == pytest.approx(0.6931, abs=1e-4)  # log 2: no preference


def test_pair_windows_add_only_the_ranking_term(tiny, tokenizer):
    """Appended to a batch, the pairs' windows leave the token, topic and leakage terms as they were."""
    from verdict.modeling.data.schema import Example
    from verdict.modeling.data.sources.preferences import Pair
    from verdict.modeling.training import TrainConfig, collate, compute_loss, encode_examples
    from verdict.modeling.training.preferences import pair_windows, with_pairs
    from verdict.runtime.taxonomy import LEAK_LABELS, TOKEN_TAGS, TOPIC_LABELS

    cfg = TrainConfig(max_length=32, window_overlap=8, preference_weight=0.5)
    labels = tiny.labels
    ex = Example(id="a", text="I will hurt you tomorrow.", source="t", topics=("harassment",))
    windows = encode_examples(tokenizer, [ex], labels, cfg)
    pair = Pair(id="p", chosen="Talk to him calmly first.", rejected="Slash his tyres at night.", group="g")
    pairs = pair_windows(tokenizer, [pair], labels, cfg)
    assert all(w.topic_mask == [0.0] * len(TOPIC_LABELS) for w in pairs[0])
    weights = (torch.ones(len(TOKEN_TAGS)), torch.ones(len(TOPIC_LABELS)), torch.ones(len(LEAK_LABELS)))
    tiny.eval()  # no dropout: the two forward passes must agree
    with torch.no_grad():
        plain = collate(windows)
        _, alone = compute_loss(tiny(plain["input_ids"], plain["attention_mask"]), plain, cfg, *weights)
        both = with_pairs(windows, pairs)
        total, parts = compute_loss(tiny(both["input_ids"], both["attention_mask"]), both, cfg, *weights)
    assert both["pairs"].tolist() == [[len(windows), len(windows) + 1]]
    for name in ("token", "topic", "leak"):
        assert parts[name].item() == pytest.approx(alone[name].item(), abs=1e-5)
    assert "prefer" in parts and parts["prefer"].item() > 0
    expected = cfg.loss_token * parts["token"] + parts["topic"] + parts["leak"] + 0.5 * parts["prefer"]
    assert total.item() == pytest.approx(expected.item(), abs=1e-5)


def test_a_run_with_the_ranking_term_trains_and_reports_pair_accuracy(tmp_path, capsys):
    from verdict.modeling.data.schema import Example, write_jsonl
    from verdict.modeling.data.sources.preferences import Pair
    from verdict.modeling.training import TrainConfig, train

    data = tmp_path / "data"
    data.mkdir()
    examples = [
        Example(id=f"e{i}", text=text, source="t", topics=topics, labeled=("topics",))
        for i, (text, topics) in enumerate(
            [("I will hurt you.", ("harassment",)), ("The capital of France is Paris.", ())] * 3
        )
    ]
    write_jsonl(data / "train.jsonl", examples)
    write_jsonl(data / "dev.jsonl", examples[:2])
    pairs = [
        Pair(id=f"p{i}", chosen="Talk to him first.", rejected="Slash his tyres.", group="g", split=split)
        for i, split in enumerate(["train", "train", "dev"])
    ]
    (data / "pairs.jsonl").write_text("".join(json.dumps(p.to_dict()) + "\n" for p in pairs))
    cfg = TrainConfig(
        init_from="tiny",
        max_length=32,
        window_overlap=8,
        batch_size=2,
        eval_every=2,
        checkpoint_every=2,
        threads=1,
        preference_weight=0.5,
        preference_pairs=2,
    )
    out = tmp_path / "run"
    summary = train(cfg, data_dir=data, out_dir=out, max_steps=2, device_name="cpu", progress=False)
    assert summary["step"] == 2
    assert "preference pairs 2 train, 1 dev" in capsys.readouterr().out
    record = json.loads((out / "metrics.jsonl").read_text().splitlines()[0])
    assert record["pair_accuracy"] in (0.0, 1.0)


def test_a_run_with_the_ranking_term_and_no_pairs_file_says_so(tmp_path):
    from verdict.modeling.data.schema import Example, write_jsonl
    from verdict.modeling.training import TrainConfig, train
    from verdict.runtime.errors import ConfigError

    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "train.jsonl", [Example(id="e", text="Hello there.", source="t")])
    write_jsonl(data / "dev.jsonl", [Example(id="d", text="Hello there.", source="t")])
    cfg = TrainConfig(init_from="tiny", max_length=32, window_overlap=8, threads=1, preference_weight=0.5)
    with pytest.raises(ConfigError, match="pairs.jsonl"):
        train(cfg, data_dir=data, out_dir=tmp_path / "run", max_steps=1, device_name="cpu", progress=False)
