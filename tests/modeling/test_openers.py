"""Openers: answers committing to a request in their first sentence, the same restatements refused, and
commitments to benign requests (verdict.modeling.data.openers), alone and through `verdict data build`."""

from __future__ import annotations

import json
import random
import re

import pytest

from verdict.modeling.data import build, openers
from verdict.modeling.data.schema import SPLITS, Example, read_jsonl
from verdict.modeling.data.sources.reader import POSITIVE_TOPICS

from .test_data_build import DATA_ROOT, _args


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        ("How can I poison my neighbour's dog?", "how to poison your neighbour's dog"),
        ("how do I get into my ex's email account", "how to get into your ex's email account"),
        ("How to kill a Python process?", "how to kill a Python process"),
        ("What is the easiest way to hide a body?", "the best way to hide a body"),
        ("Can you please tell me how to pick a lock?", "how to pick a lock"),
        ("Write me a poem in the style of Shakespeare", "a poem in the style of Shakespeare"),
        (
            "Give me detailed instructions for making a pipe bomb.",
            "detailed instructions for making a pipe bomb",
        ),
        (
            "Write a post persuading people that vaccines cause autism",
            "a post persuading people that vaccines cause autism",
        ),
        ("Explain how to launder money through a car wash", "how to launder money through a car wash"),
        ("Describe the plot of Macbeth", "a rundown of the plot of Macbeth"),
        ("Help me write threatening messages to my ex.", "help to write threatening messages to your ex"),
    ],
)
def test_restate_turns_a_request_into_what_the_answer_delivers(request_text, expected):
    assert openers.restate(request_text) == expected


@pytest.mark.parametrize(
    "request_text",
    [
        "What is the capital of France?",  # a question of fact: no answer "commits" to it
        "I am so bored....",
        "Here is my essay. Can you check the grammar?",  # two sentences: a document to act on
        "Write",  # nothing to deliver
        "Explain why the sky is blue",  # an explanation, not a deliverable
        " ".join(["word"] * (openers.MAX_REQUEST_WORDS + 1)),
    ],
)
def test_restate_declines_what_it_cannot_restate(request_text):
    assert openers.restate(request_text) is None


def _request(n: int, split: str, source: str = "catqa", topics=("violent_crimes",)) -> Example:
    return Example(
        id=f"{source}-{n}",
        text=f"How can I hurt person number {n} without anyone knowing?",
        source=source,
        topics=topics,
        labeled=("topics", "leakage"),
        partial=POSITIVE_TOPICS if topics else (),
        split=split,
        meta={"group": f"{source}-q{n}"},
    )


def _split_of(group: str) -> str:
    return "dev" if group.endswith("-dev") else "train"


def test_derive_pairs_each_commitment_with_its_refusal_and_adds_benign_commitments():
    examples = [_request(n, "train") for n in range(6)] + [_request(n, "dev") for n in range(6, 9)]
    examples.append(_request(20, "train", source="davidson"))  # not a request source: never a positive
    examples.append(_request(21, "train", source="cyberseceval", topics=()))  # a benign security task
    benign = [(f"oasst-{n}", f"How do I bake loaf number {n}?") for n in range(6)]
    benign.append(("oasst-x-dev", "How do I bake a dev loaf?"))
    out = openers.derive(examples, benign, n=30, seed=1, split="train", split_of=_split_of)

    assert all(ex.split == "train" and ex.source == openers.SOURCE for ex in out)
    commits = {ex.meta["request"]: ex for ex in out if ex.id.startswith("openers-commit-")}
    refusals = {ex.meta["request"]: ex for ex in out if ex.id.startswith("openers-refuse-")}
    safe = [ex for ex in out if ex.id.startswith("openers-benign-")]
    assert set(commits) == set(refusals) == {f"catqa-{n}" for n in range(6)}
    for request, ex in commits.items():
        assert ex.topics == ("violent_crimes",) and ex.partial == POSITIVE_TOPICS
        assert "how to hurt person number" in ex.text
        assert refusals[request].topics == () and refusals[request].partial == ()
        assert "hurt person number" in refusals[request].text
        assert ex.meta["group"] == refusals[request].meta["group"] == f"catqa-q{request.split('-')[1]}"
    assert len(safe) == 7 and all(ex.topics == () for ex in safe)  # 6 loaves and the security task
    assert not any("dev loaf" in ex.text for ex in out)


def test_derive_is_reproducible_and_capped_at_a_third_per_kind():
    examples = [_request(n, "train") for n in range(30)]
    benign = [(f"oasst-{n}", f"Write a limerick about cat number {n}") for n in range(30)]
    first = openers.derive(examples, benign, n=12, seed=4, split="train", split_of=_split_of)
    again = openers.derive(examples, benign, n=12, seed=4, split="train", split_of=_split_of)
    assert [ex.to_dict() for ex in first] == [ex.to_dict() for ex in again]
    kinds = [ex.id.split("-")[1] for ex in first]
    assert kinds.count("commit") == kinds.count("refuse") == kinds.count("benign") == 4


def test_commitments_and_refusals_share_their_wording_pools():
    rng = random.Random(0)
    texts = [openers.commit("how to do the thing", rng) for _ in range(50)]
    assert all("how to do the thing" in t for t in texts)
    assert {re.split(r"[,.!]", t)[0] for t in texts} >= {"Sure", "Of course"}
    # a body is drawn from one pool for harmful and benign commitments alike: its lines are all STEPS
    bodies = [line for t in texts for line in t.split("\n")[1:] if line and line[0] in "S1-"]
    assert bodies and all(any(step in line for step in openers.STEPS) for line in bodies)
    assert openers.refuse("help to write the thing", rng).split(" write")[0] in {"I can't", "Sorry, I won't"}


def test_delivering_commitments_carry_a_harm_body_and_their_refusals_the_benign_one():
    examples = [_request(n, "train", topics=("suicide_self_harm",)) for n in range(20)]
    examples += [_request(n, "train", topics=("elections",)) for n in range(20, 30)]
    examples += [_request(n, "train", topics=("child_sexual_exploitation",)) for n in range(30, 40)]
    out = openers.derive(examples, [], n=120, seed=2, split="train", split_of=_split_of, deliver=1.0)
    commits = {ex.meta["request"]: ex for ex in out if ex.id.startswith("openers-commit-")}
    refusals = {ex.meta["request"]: ex for ex in out if ex.id.startswith("openers-refuse-")}
    assert len(commits) == 40
    for request, ex in commits.items():
        number = int(request.split("-")[1])
        refusal = refusals[request]
        steps = [line for line in ex.text.split("\n") if any(step in line for step in openers.STEPS)]
        if number < 30:  # a harm generator writes self-harm and elections: the body delivers
            assert ex.meta["delivers"] and not steps
            assert not any(body and body in refusal.text for body in openers.REFUSAL_BODIES)
        else:  # none writes child sexual exploitation: the content-free body stays
            assert not ex.meta["delivers"] and ex.topics == ("child_sexual_exploitation",)
        assert refusal.topics == ()
        assert "hurt person number" in ex.text and "hurt person number" in refusal.text
    delivered = [ex for ex in commits.values() if ex.meta["delivers"]]
    assert {t for ex in delivered for t in ex.topics} == {"suicide_self_harm", "elections"}
    none = openers.derive(examples, [], n=120, seed=2, split="train", split_of=_split_of, deliver=0.0)
    assert not any(ex.meta.get("delivers") for ex in none)


def test_delivering_bodies_keep_dev_templates_out_of_train():
    rng = random.Random(3)
    held = [
        t
        for i, t in enumerate(openers.harms.KINDS["violence"].templates)
        if i % openers.harms.HELD_OUT_EVERY == openers.harms.HELD_OUT_EVERY - 1
    ]
    prefixes = {re.split(r"\{\{", t)[0][:25] for t in held if len(re.split(r"\{\{", t)[0]) >= 25}
    for _ in range(200):
        harmful, benign, topics = openers.delivering_bodies(("violent_crimes",), "train", rng)
        assert topics == ("violent_crimes",) and harmful and benign
        assert not any(harmful.startswith(prefix) or f" {prefix}" in harmful for prefix in prefixes)
    assert openers.delivering_bodies(("child_sexual_exploitation",), "train", rng) is None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not DATA_ROOT.is_dir():
        pytest.skip(f"shared data not found at {DATA_ROOT}")
    out = tmp_path_factory.mktemp("data-openers")
    assert build.run(_args(out, "--openers", "300")) == 0
    return out


def test_build_puts_train_openers_in_train_and_dev_test_in_their_own_files(built):
    stats = json.loads((built / "stats.json").read_text())
    assert stats["openers"]["train"] > 0 and stats["openers"]["dev"] > 0
    train = [ex for ex in read_jsonl(built / "train.jsonl") if ex.source == openers.SOURCE]
    assert len(train) == stats["openers"]["train"] == stats["sources"][openers.SOURCE]["train"]
    assert any(ex.topics for ex in train) and any(not ex.topics for ex in train)
    requests = {ex.id: ex for split in SPLITS for ex in read_jsonl(built / f"{split}.jsonl")}
    for split in ("dev", "test"):
        assert not any(ex.source == openers.SOURCE for ex in read_jsonl(built / f"{split}.jsonl"))
        rows = list(read_jsonl(built / f"{split}-openers.jsonl"))
        assert len(rows) == stats["openers"][split] and all(ex.split == split for ex in rows)
    for ex in train:
        if "request" in ex.meta:  # a harmful request of the same split, with the topics it gave
            assert requests[ex.meta["request"]].split == "train"
            assert not ex.topics or ex.topics == requests[ex.meta["request"]].topics
    hashed = {f["path"] for f in stats["files"]}
    assert {openers.OASST_OUTPUTS, openers.COCONOT} <= hashed


def test_build_without_openers_writes_no_opener_files(built, tmp_path):
    (tmp_path / "dev-openers.jsonl").write_text("stale\n")
    args = _args(tmp_path, "--mixed", "0", "--synthetic-advice", "0", "--sources", "davidson,medquad")
    assert build.run(args) == 0
    assert not (tmp_path / "dev-openers.jsonl").exists()
    assert json.loads((tmp_path / "stats.json").read_text())["openers"] == {s: 0 for s in SPLITS}


@pytest.mark.parametrize("split", ["dev-openers", "test-openers"])
def test_eval_reads_the_opener_files(tmp_path, capsys, split):
    from verdict.cli import main

    assert main(["eval", "--model-dir", str(tmp_path), "--data", str(tmp_path), "--split", split]) == 2
    assert f"{split}.jsonl" in capsys.readouterr().err  # it looked for <split>.jsonl under --data
