"""The model's forward contract, checkpoints, loss masking, and BIO labels from character spans."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from verdict.modeling.data.schema import Example, Span  # noqa: E402
from verdict.modeling.training import (  # noqa: E402
    IGNORE,
    TrainConfig,
    bio_spans,
    budget_steps,
    collate,
    compute_loss,
    encode_example,
    encode_examples,
    length_bucketed_batches,
    load_config,
    oversampled,
)
from verdict.runtime.model import (  # noqa: E402
    VerdictModel,
    base_model_path,
    default_labels,
    tiny_encoder_config,
)
from verdict.runtime.taxonomy import LEAK_LABELS, RELATED_TOPICS, TOKEN_TAGS, TOPIC_LABELS  # noqa: E402
from verdict.runtime.windows import load_tokenizer  # noqa: E402

TOKENIZER = base_model_path() / "tokenizer.json"


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(TOKENIZER)


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    return VerdictModel(tiny_encoder_config(), default_labels()).eval()


def tags_of(tokenizer, example, **kw):
    cfg = {"max_length": 128, "overlap": 0, "cls_id": 101, "sep_id": 102} | kw
    enc = tokenizer.encode(example.text, add_special_tokens=False)
    windows = encode_example(enc, example, 0, default_labels(), **cfg)
    return enc, windows


def test_forward_shapes_and_unit_embedding(model):
    input_ids = torch.tensor([[101, 7592, 2088, 102, 0, 0], [101, 2023, 2003, 1037, 3231, 102]])  # [2, 6]
    mask = (input_ids != 0).long()
    token, topic, leak, emb = model(input_ids, mask)
    assert token.shape == (2, 6, len(TOKEN_TAGS))
    assert topic.shape == (2, len(TOPIC_LABELS))
    assert leak.shape == (2, len(LEAK_LABELS))
    assert emb.shape == (2, 32)
    torch.testing.assert_close(emb.norm(dim=-1), torch.ones(2))


def test_padding_does_not_change_outputs(model):
    alone = torch.tensor([[101, 7592, 2088, 102]])
    padded = torch.tensor([[101, 7592, 2088, 102, 0, 0, 0], [101, 1, 2, 3, 4, 5, 102]])
    one = model(alone, torch.ones_like(alone))
    two = model(padded, (padded != 0).long() | (torch.arange(7) == 0).long())
    torch.testing.assert_close(two[0][0, :4], one[0][0], atol=1e-5, rtol=0)
    for i in (1, 2, 3):
        torch.testing.assert_close(two[i][0], one[i][0], atol=1e-5, rtol=0)


@pytest.mark.parametrize("fp16", [False, True])
def test_checkpoint_describes_itself(model, tmp_path, fp16):
    model.save_checkpoint(tmp_path, tokenizer_path=TOKENIZER, extra={"step": 7}, fp16=fp16)
    loaded = VerdictModel.from_checkpoint(tmp_path).eval()
    assert loaded.labels == model.labels and loaded.config.hidden_size == 32
    ids = torch.tensor([[101, 7592, 2088, 102]])
    torch.testing.assert_close(
        loaded(ids, torch.ones_like(ids))[1],
        model(ids, torch.ones_like(ids))[1],
        atol=1e-2 if fp16 else 1e-6,
        rtol=0,
    )


def test_unlabeled_heads_give_no_loss_and_no_gradient(model, tokenizer):
    ex = Example(
        id="a",
        text="Email John Smith now",
        source="t",
        entities=(Span(6, 16, "PERSON"),),
        topics=("hate",),
        labeled=("leakage",),
    )
    batch = collate(encode_examples(tokenizer, [ex], default_labels(), TrainConfig()))
    assert (batch["tags"] == IGNORE).all()
    assert (batch["topic_mask"] == 0).all() and (batch["leak_mask"] == 1).all()
    model.train()
    model.zero_grad()
    outputs = model(batch["input_ids"], batch["attention_mask"])
    ones = torch.ones(len(TOKEN_TAGS))
    loss, parts = compute_loss(
        outputs, batch, TrainConfig(), ones, torch.ones(len(TOPIC_LABELS)), torch.ones(len(LEAK_LABELS))
    )
    loss.backward()
    model.eval()
    assert parts["token"].item() == 0 and parts["topic"].item() == 0 and parts["leak"].item() > 0
    assert torch.isfinite(loss)
    assert model.topic_head.weight.grad.abs().sum() == 0 and model.token_head.weight.grad.abs().sum() == 0
    assert model.leak_head.weight.grad.abs().sum() > 0


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        (
            "Contact John Smith today",
            (8, 18, "PERSON"),
            [("contact", "O"), ("john", "B-PERSON"), ("smith", "I-PERSON"), ("today", "O")],
        ),
        (
            "mail jsmith@example.com.",
            (5, 23, "EMAIL_ADDRESS"),
            [
                ("mail", "O"),
                ("j", "B-EMAIL_ADDRESS"),
                ("##smith", "I-EMAIL_ADDRESS"),
                ("@", "I-EMAIL_ADDRESS"),
                ("example", "I-EMAIL_ADDRESS"),
                (".", "I-EMAIL_ADDRESS"),
                ("com", "I-EMAIL_ADDRESS"),
                (".", "O"),
            ],
        ),
        # a span that starts inside a token still labels that token (no entity is dropped)
        ("id:AKIAIOSFODNN7EXAMPLE", (3, 23, "AWS_ACCESS_KEY"), None),
    ],
)
def test_bio_from_char_spans(tokenizer, text, span, expected):
    ex = Example(id="a", text=text, source="t", entities=(Span(*span),))
    enc, (window,) = tags_of(tokenizer, ex)
    assert window.ids[0] == 101 and window.ids[-1] == 102
    assert window.tags[0] == IGNORE and window.tags[-1] == IGNORE
    got = [(tok, TOKEN_TAGS[t]) for tok, t in zip(enc.tokens, window.tags[1:-1])]
    if expected is not None:
        assert got == expected
    tags = [tag for _, tag in got]
    assert tags.count(f"B-{span[2]}") == 1
    assert bio_spans(tags) == {
        (
            span[2],
            tags.index(f"B-{span[2]}"),
            len(tags) - tags[::-1].index(next(t for t in reversed(tags) if t != "O")),
        )
    }


def test_long_examples_are_windowed_without_losing_labels(tokenizer):
    filler = "lorem ipsum dolor sit amet " * 12
    text = filler + "call Maria Garcia-Lopez at maria.garcia@example.org " + filler
    start = text.index("Maria")
    email = text.index("maria.garcia")
    ex = Example(
        id="long",
        text=text,
        source="t",
        topics=("privacy",),
        entities=(Span(start, start + 17, "PERSON"), Span(email, email + 24, "EMAIL_ADDRESS")),
    )
    enc, windows = tags_of(tokenizer, ex, max_length=24, overlap=6)
    (whole,) = tags_of(tokenizer, ex, max_length=10_000)[1]
    full_tags = whole.tags[1:-1]
    assert len(windows) > 3 and all(len(w.ids) <= 24 for w in windows)
    # every window's tags are the full sequence's tags at the same tokens; together they cover all tokens
    covered, step = set(), 22 - 6  # body of 22 tokens, 6 shared
    for n, w in enumerate(windows):
        pos = n * step
        assert w.tags[1:-1] == full_tags[pos : pos + len(w.tags) - 2]
        assert w.ids[1:-1] == enc.ids[pos : pos + len(w.ids) - 2]
        covered |= set(range(pos, pos + len(w.ids) - 2))
    assert covered == set(range(len(enc.ids)))
    names = {TOKEN_TAGS[t] for w in windows for t in w.tags if t != IGNORE}
    assert {"B-PERSON", "I-PERSON", "B-EMAIL_ADDRESS", "I-EMAIL_ADDRESS"} <= names
    assert len(full_tags) == len(enc.ids)
    # a positive topic is trusted only on the first window; later windows carry no topic loss
    assert all(windows[0].topic_mask) and not any(m for w in windows[1:] for m in w.topic_mask)


def test_positive_only_topics_leave_only_the_overlapping_labels_untrained(model, tokenizer):
    """A source that files a prompt under one hazard says nothing of the overlapping ones: no loss, no
    gradient there; the unrelated labels are still negatives."""
    ex = Example(
        id="a",
        text="how do I culture anthrax at home",
        source="t",
        topics=("indiscriminate_weapons",),
        labeled=("topics", "leakage"),
        partial=("topics",),
    )
    batch = collate(encode_examples(tokenizer, [ex], default_labels(), TrainConfig()))
    unknown = {TOPIC_LABELS.index(t) for t in ("violent_crimes", "non_violent_crimes")}
    assert unknown == {TOPIC_LABELS.index(t) for t in RELATED_TOPICS["indiscriminate_weapons"]}
    assert batch["topic_mask"][0].tolist() == [float(j not in unknown) for j in range(len(TOPIC_LABELS))]
    assert (batch["leak_mask"] == 1).all()
    model.train()
    model.zero_grad()
    outputs = model(batch["input_ids"], batch["attention_mask"])
    _, parts = compute_loss(
        outputs,
        batch,
        TrainConfig(),
        torch.ones(len(TOKEN_TAGS)),
        torch.ones(len(TOPIC_LABELS)),
        torch.ones(len(LEAK_LABELS)),
    )
    parts["topic"].backward()
    model.eval()
    rows = model.topic_head.weight.grad.abs().sum(dim=1)  # [n_topics]
    assert all(rows[j] > 0 for j in range(len(TOPIC_LABELS)) if j not in unknown)
    assert rows[sorted(unknown)].sum() == 0


def test_bio_spans_is_lenient_like_seqeval():
    assert bio_spans(["O", "B-PERSON", "I-PERSON", "O", "I-URL", "I-URL", "B-AGE", "B-AGE"]) == {
        ("PERSON", 1, 3),
        ("URL", 4, 6),
        ("AGE", 6, 7),
        ("AGE", 7, 8),
    }
    assert bio_spans(["B-PERSON", "I-URL"]) == {("PERSON", 0, 1), ("URL", 1, 2)}


def test_length_buckets_cover_every_window_once():
    lengths = [(i * 37) % 100 + 3 for i in range(1000)]
    batches = length_bucketed_batches(lengths, 32, seed=1, chunk=5)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(1000)) and max(len(b) for b in batches) == 32
    spread = sum(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches) / len(batches)
    assert spread < 30  # sorted within chunks (random batches would spread ~95)


@pytest.mark.parametrize(
    ("budget_s", "elapsed_s", "step", "first", "expected"),
    [
        (600.0, 60.0, 20, 0, 20 + int(540 / (3.0 * 1.1))),  # 3 s/step so far
        (600.0, 300.0, 200, 0, 200 + int(300 / (1.5 * 1.1))),  # sped up: more steps fit than at step 20
        (600.0, 599.0, 300, 0, 301),  # out of time: one more step, never fewer than the one running
        (600.0, 60.0, 120, 100, 120 + int(540 / (3.0 * 1.1))),  # a resumed run counts from where it resumed
    ],
)
def test_time_budget_is_judged_on_the_rate_so_far(budget_s, elapsed_s, step, first, expected):
    assert budget_steps(budget_s, elapsed_s, step, first) == expected


def test_oversampling_repeats_by_the_largest_factor_that_applies():
    def ex(i, source, topics=()):
        return Example(
            id=str(i), text="x", source=source, split="train", labeled=("topics",), topics=tuple(topics)
        )

    examples = [ex(1, "wnut17"), ex(2, "davidson", ["hate"]), ex(3, "wnut17", ["hate"]), ex(4, "oasst")]
    cfg = TrainConfig(oversample_sources={"wnut17": 2}, oversample_topics={"hate": 3})
    assert [e.id for e in oversampled(examples, cfg)] == ["1", "1", "2", "2", "2", "3", "3", "3", "4"]
    assert oversampled(examples, TrainConfig()) is examples


def test_oversampling_by_generated_kind_leaves_the_rest_of_its_source():
    def ex(i, kind):
        return Example(
            id=str(i),
            text="x",
            source="synthetic/contrast",
            split="train",
            labeled=("topics",),
            meta={"kind": kind} if kind else {},
        )

    examples = [ex(1, "support"), ex(2, "homonyms"), ex(3, None)]
    cfg = TrainConfig(oversample_sources={"synthetic/contrast": 2}, oversample_kinds={"support": 5})
    assert [e.id for e in oversampled(examples, cfg)] == ["1"] * 5 + ["2", "2", "3", "3"]
    from verdict.runtime.errors import ConfigError

    with pytest.raises(ConfigError, match=r"oversample_kinds: no train example has kind \['suport'\]"):
        oversampled(examples, TrainConfig(oversample_kinds={"suport": 5}))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("oversample_topics: {hatred: 2}\n", "unknown topic labels ['hatred']"),
        ("oversample_sources: {wnut17: 0}\n", "integers >= 1"),
        ("oversample_kinds: {support: 1.5}\n", "integers >= 1"),
    ],
)
def test_oversampling_config_is_checked(tmp_path, body, message):
    from verdict.runtime.errors import ConfigError

    path = tmp_path / "c.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


@pytest.mark.parametrize(
    ("extra", "seed", "init_from"), [([], 23, "base"), (["--seed", "31", "--init-from", "m/4"], 31, "m/4")]
)
def test_train_cli_overrides_the_config_seed_and_init(tmp_path, monkeypatch, extra, seed, init_from):
    import argparse

    from verdict.modeling.training import cli as training

    (tmp_path / "c.yaml").write_text("seed: 23\n")
    seen = {}
    monkeypatch.setattr(training, "train", lambda cfg, **kw: seen.update(cfg=cfg, out=kw["out_dir"]))
    parser = argparse.ArgumentParser()
    training.add_arguments(parser)
    assert training.run(parser.parse_args(["--config", str(tmp_path / "c.yaml"), "--out", "r", *extra])) == 0
    assert (seen["cfg"].seed, seen["cfg"].init_from, str(seen["out"])) == (seed, init_from, "r")
