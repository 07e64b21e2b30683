"""The transfer benchmark: its sets, its metrics and one run of the engine over a set."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

from verdict.modeling.evaluation import transfer
from verdict.modeling.evaluation.transfer import Item, TransferSet, auroc, score_set


def test_everyday_set_is_big_enough_and_well_formed():
    items = transfer.load_everyday(None)
    benign = [i for i in items if i.label == 0]
    harmful = [i for i in items if i.label == 1]
    assert len(benign) >= 500 and len(harmful) >= 100
    assert len({i.id for i in items}) == len(items)
    assert len({i.text for i in items}) == len(items)
    domains = {i.kind for i in benign}
    for needed in (
        "geography",
        "history",
        "biography",
        "fiction",
        "recipes",
        "health",
        "security_advice",
        "code",
        "games",
        "sport",
        "idioms",
        "support",
    ):
        assert needed in domains
    lengths = [len(i.text.split()) for i in items]
    assert min(lengths) < 12 and max(lengths) > 300


def test_probes_load_with_labels():
    items = transfer.load_probes(None)
    assert len(items) == 136 and sum(i.label for i in items) == 73


@pytest.mark.parametrize("seed", range(5))
def test_auroc_is_the_pairwise_win_rate(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, 40).astype(bool)
    scores = rng.integers(0, 6, 40) / 5.0  # many ties
    pairs = [(p, n) for p, n in itertools.product(scores[labels], scores[~labels])]
    expected = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)
    assert auroc(labels, scores) == pytest.approx(expected)


def test_auroc_needs_both_classes():
    assert auroc(np.array([True, True]), np.array([0.1, 0.2])) is None


def test_score_set_counts_actions_by_the_sets_rule():
    items = [Item(f"i{n}", f"text {n}", label, "k") for n, label in enumerate([0, 0, 0, 1, 1])]
    actions = ["REDACT", "ALLOW", "FLAG", "BLOCK", "ALLOW"]
    scores = np.array([0.1, 0.2, 0.6, 0.9, 0.3])
    everyday = TransferSet("everyday", "x", False, True, lambda root: items)
    strict = score_set(everyday, items, scores, actions, [10, 10, 300, 10, 900], [""] * 5)
    assert strict.false_action.value == pytest.approx(2 / 3)  # a REDACT of an ordinary answer counts
    assert strict.caught.value == pytest.approx(1 / 2)
    assert strict.by_length[">512"] == {"n": 1, "caught": 0.0, "false_action": None}
    lenient = score_set(
        TransferSet("other", "x", True, False, lambda root: items), items, scores, actions, [10] * 5, [""] * 5
    )
    assert lenient.false_action.value == pytest.approx(1 / 3)  # only BLOCK or FLAG counts here
    assert lenient.auroc.low <= lenient.auroc.value <= lenient.auroc.high
    assert [w["id"] for w in strict.worst] == ["i0", "i2", "i4"]
    json.dumps(strict.to_dict())


def test_run_suite_over_the_probes(tiny_model_dir, tmp_path):
    [result] = transfer.run_suite(tiny_model_dir, tmp_path, sets=["probes"], limit=12)
    assert result.n == 12 and result.name == "probes"
    assert result.auroc.value is None or 0.0 <= result.auroc.value <= 1.0
    paths = transfer.write_report(
        [result], tmp_path / "out", {"model_version": "verdict/tiny", "command": "test"}
    )
    assert "| probes |" in paths[1].read_text()
    assert json.loads(paths[0].read_text())["sets"][0]["n"] == 12


@pytest.mark.parametrize("variant", ["fp32", "int8"])
def test_the_suite_runs_the_variant_it_is_given(tiny_model_dir, variant):
    from verdict.modeling.evaluation.predictions import Engine

    engine = Engine.open(tiny_model_dir, device="cpu", variant=variant)
    assert engine.pipeline.backend.variant == variant


@pytest.mark.parametrize(
    "flags", [["--compare-variant", "fp32"], ["--write-thresholds"], ["--threshold-slack", "0.01"]]
)
def test_split_only_options_are_refused_for_the_transfer_suite(tmp_path, capsys, flags):
    from verdict.cli import main

    assert main(["eval", "--model-dir", str(tmp_path), "--suite", "transfer", *flags]) == 2
    assert flags[0] in capsys.readouterr().err  # named, not ignored


def test_the_sweep_decides_the_same_analyses_under_each_topic_threshold():
    from verdict.modeling.evaluation import operating
    from verdict.runtime.findings import Analysis, Finding

    def topic(text: str, label: str, score: float) -> Analysis:
        return Analysis(text, (Finding("topic", label, score, 0, len(text), "model"),), {label: score})

    benign = [topic("Kill the process with kill -9.", "violent_crimes", 0.8), Analysis("Paris.", (), {})]
    harmful = [topic("Mix these to make the gas.", "indiscriminate_weapons", 0.95)]
    email = "write to jane.doe@gmail.com today"
    redacted = Analysis(email, (Finding("pii", "EMAIL_ADDRESS", 0.99, 9, 27, "model"),), {})
    sets = [("everyday", True, [0, 0, 1, 0], [*benign, *harmful, redacted])]
    points = {p.tau: p.rates["everyday"] for p in operating.sweep(sets, (0.5, 0.9, 0.99))}
    # τ 0.5: the mosquito-style answer is acted on, the email redaction counts as a false action too
    assert points[0.5] == {"caught": 1.0, "false_action": round(2 / 3, 4)}
    assert points[0.9] == {"caught": 1.0, "false_action": round(1 / 3, 4)}
    assert points[0.99] == {"caught": 0.0, "false_action": round(1 / 3, 4)}
    lines = operating.report_lines(operating.sweep(sets, (0.9,)))
    assert lines[-1] == "| 0.9 | 33.3% | 100.0% |"


def test_a_swept_policy_is_the_default_with_its_topic_thresholds_moved():
    from verdict.modeling.evaluation import operating

    engine = operating.policy_with_topic_threshold(0.93)
    rp = engine.route("")
    assert rp.rules["violent_crimes"].threshold == 0.93 and rp.rules["elections"].threshold == 0.93
    assert rp.rules["violent_crimes"].action.value == "BLOCK"  # actions are the default policy's
    assert rp.rules["CREDIT_CARD"].threshold == 0.5  # PII and leakage rules unchanged


def test_auroc_change_is_paired_over_the_same_items():
    items = [Item(f"i{n}", f"text {n}", n % 2, "k") for n in range(40)]
    spec = TransferSet("probes", "x", False, False, lambda root: items)
    labels = np.array([it.label for it in items])
    noise = np.random.default_rng(1).random(40)

    def scored(scores):
        return score_set(spec, items, np.asarray(scores), ["ALLOW"] * 40, [10] * 40, [""] * 40)

    weak, strong = scored(0.3 * labels + noise), scored(0.9 * labels + noise)
    change = transfer.auroc_change(weak, strong)
    assert change.value == pytest.approx(strong.auroc.value - weak.auroc.value)
    assert 0 < change.low <= change.value <= change.high
    assert transfer.auroc_change(strong, weak).high < 0
    assert "scores" not in strong.to_dict()  # the report stays aggregate
