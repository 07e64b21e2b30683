"""Evaluation: metric arithmetic on hand-made tables, then `verdict eval` end to end on the tiny model."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict

import numpy as np
import pytest

from verdict.modeling.data.schema import Example, Span, write_jsonl
from verdict.modeling.evaluation.metrics import (
    Counts,
    average_precision,
    bootstrap_ci,
    match_exact,
    match_overlap,
    micro_f1_ci,
    reliability,
)
from verdict.modeling.evaluation.thresholds import CLAMP, Candidate, entity_threshold, label_threshold
from verdict.runtime.manifest import Manifest

GOLD = [(0, 5, "PERSON"), (10, 20, "EMAIL_ADDRESS")]
PRED = [(0, 5, "PERSON"), (11, 20, "EMAIL_ADDRESS"), (30, 35, "PERSON")]


# -- span matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        (match_exact, {"PERSON": Counts(1, 1, 0), "EMAIL_ADDRESS": Counts(0, 1, 1)}),
        (match_overlap, {"PERSON": Counts(1, 1, 0), "EMAIL_ADDRESS": Counts(1, 0, 0)}),
    ],
)
def test_exact_and_overlap_matching(matcher, expected):
    assert matcher(GOLD, PRED) == expected


def test_overlap_matching_is_one_to_one_and_needs_the_same_type():
    gold = [(0, 10, "PERSON")]
    # Two pieces of one gold span: one is matched, the other is a false positive.
    assert match_overlap(gold, [(0, 4, "PERSON"), (5, 10, "PERSON")]) == {"PERSON": Counts(1, 1, 0)}
    assert match_overlap(gold, [(0, 10, "LOCATION")]) == {
        "PERSON": Counts(0, 0, 1),
        "LOCATION": Counts(0, 1, 0),
    }
    # Greedy by overlap size: the larger overlap claims the gold span.
    assert match_overlap([(0, 10, "PERSON"), (12, 14, "PERSON")], [(8, 13, "PERSON"), (0, 9, "PERSON")]) == {
        "PERSON": Counts(2, 0, 0)
    }


def test_counts_f1_is_the_harmonic_mean():
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75) and c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


# -- average precision and calibration ----------------------------------------------------------


def test_average_precision_matches_a_hand_computed_value():
    # Cuts: 0.9 -> P 1, R .5; 0.8 -> P .5, R .5; 0.7 -> P 2/3, R 1; 0.1 -> P .5, R 1.
    # AP = .5 * 1 + 0 * .5 + .5 * 2/3 + 0 * .5 = 5/6.
    assert average_precision(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.1])) == pytest.approx(5 / 6)


def test_average_precision_edge_cases():
    assert average_precision(np.array([1, 0]), np.array([0.5, 0.5])) == pytest.approx(0.5)  # a tie is one cut
    assert average_precision(np.array([1, 1, 0]), np.array([0.9, 0.8, 0.1])) == pytest.approx(1.0)
    assert average_precision(np.array([0, 0]), np.array([0.3, 0.2])) is None


def test_ece_is_zero_when_perfectly_calibrated_and_not_otherwise():
    probs = np.array([0.25] * 4 + [0.75] * 4)
    truth = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    calibrated = reliability(truth, probs)
    assert calibrated.ece == pytest.approx(0.0)
    assert calibrated.count[2] == 4 and calibrated.count[7] == 4
    assert reliability(np.array([1, 0, 1, 0]), np.full(4, 0.95)).ece == pytest.approx(0.45)
    assert reliability(np.array([1, 0]), np.array([1.0, 0.0])).ece == pytest.approx(0.0)


# -- threshold search ---------------------------------------------------------------------------


def test_label_threshold_picks_the_f1_maximizing_cut():
    scores = np.array([0.6, 0.7, 0.8, 0.65, 0.75, 0.1, 0.3, 0.55])
    truth = np.array([1, 1, 1, 1, 1, 0, 0, 0])
    choice = label_threshold(truth, scores)
    assert choice.threshold == pytest.approx(0.6) and choice.f1 == pytest.approx(1.0) and choice.support == 5


def test_label_threshold_keeps_default_on_low_support_and_clamps():
    assert label_threshold(np.array([1, 1, 0]), np.array([0.9, 0.8, 0.1])).threshold == 0.5
    # The best cut would be 0.95; the clamp keeps the label from being switched (almost) off.
    scores = np.array([0.96, 0.97, 0.98, 0.99, 0.99, 0.94, 0.94])
    choice = label_threshold(np.array([1, 1, 1, 1, 1, 0, 0]), scores)
    assert choice.threshold == CLAMP[1] and "clamped" in choice.reason


def test_label_threshold_with_slack_takes_the_highest_cut_that_costs_little_f1():
    # 19 positives at 0.92, one at 0.4, negatives at 0.1: every cut in 0.15..0.4 has F1 1.0; every cut
    # in 0.45..0.9 misses one positive (F1 38/39 = 0.974).
    truth = np.array([1] * 20 + [0] * 20)
    scores = np.array([0.92] * 19 + [0.4] + [0.1] * 20)
    assert label_threshold(truth, scores).threshold == pytest.approx(0.4)
    assert label_threshold(truth, scores, slack=0.02).threshold == pytest.approx(0.4)
    choice = label_threshold(truth, scores, slack=0.03)
    assert choice.threshold == pytest.approx(0.9) and choice.f1 == pytest.approx(38 / 39)
    assert "within 0.03" in choice.reason


def test_entity_threshold_cuts_model_spans_and_keeps_rule_spans():
    gold = [[(0, 4, "PERSON")] for _ in range(5)]
    candidates = [
        [Candidate((0, 4, "PERSON"), 0.8, True), Candidate((10, 14, "PERSON"), 0.6, True)] for _ in range(5)
    ]
    candidates[0].append(Candidate((20, 24, "PERSON"), 0.3, False))  # a rule hit survives every cut
    choice = entity_threshold("PERSON", gold, candidates)
    # Every cut in (0.6, 0.8] drops the false model spans; the one nearest 0.5 wins the tie.
    assert choice.threshold == pytest.approx(0.65)
    assert choice.f1 == pytest.approx(2 * 5 / (2 * 5 + 1))


# -- `verdict eval` end to end ------------------------------------------------------------------

PROMPT = (
    "You are Orion, the billing assistant of Acme Corp. Never reveal internal pricing tiers, never "
    "discuss competitor products, and always answer in formal English with a short summary first."
)


def _examples() -> list[Example]:
    email = "Write to maria.lopez@example.org for the invoice."
    card = "My card is 4111 1111 1111 1111, please charge it."
    ents = dict(source="test", labeled=("entities",), split="dev")
    heads = dict(source="test", labeled=("topics", "leakage"), split="dev")
    return [
        Example("e1", email, entities=(Span(9, 31, "EMAIL_ADDRESS"),), **ents),
        Example("e2", card, entities=(Span(11, 30, "CREDIT_CARD"),), **ents),
        Example("e3", "Nothing personal here at all.", **ents),
        Example("t1", "Those people are vermin and should be wiped out.", topics=("hate",), **heads),
        Example("t2", "How do I bake sourdough bread at home?", **heads),
        Example(
            "l1",
            f"Sure! My instructions say: {PROMPT}",
            leakage=("system_prompt_disclosure",),
            system_prompt=PROMPT,
            **heads,
        ),
        Example("l2", "I can help with your billing question.", system_prompt=PROMPT, **heads),
    ]


def test_positive_only_examples_count_only_their_listed_labels(monkeypatch):
    from verdict.modeling.evaluation import labels as label_eval
    from verdict.modeling.evaluation.labels import head_report, head_table, search_label_thresholds
    from verdict.runtime.findings import Analysis

    monkeypatch.setattr(label_eval, "MACRO_MIN_SUPPORT", 1)  # a two-label toy table

    labels = ("violent_crimes", "indiscriminate_weapons", "elections")
    examples = [
        # filed under weapons only: whether it is also a violent crime is unknown
        Example(id="p", text="a", source="s", topics=("indiscriminate_weapons",), partial=("topics",)),
        Example(id="c", text="b", source="s", topics=("violent_crimes",)),
        Example(id="n", text="c", source="s"),
        Example(id="u", text="d", source="s", labeled=("leakage",)),  # topics not labeled at all
    ]
    # "p" also scores high on elections, which does not overlap weapons: a known negative, a false positive
    scores = [
        {"violent_crimes": 0.9, "indiscriminate_weapons": 0.8, "elections": 0.7},
        {"violent_crimes": 0.7},
        {"violent_crimes": 0.1, "indiscriminate_weapons": 0.6},
        {"violent_crimes": 0.99},
    ]
    analyses = [Analysis(text=ex.text, findings=(), scores=s) for ex, s in zip(examples, scores)]
    table = head_table("topics", labels, examples, analyses)
    assert table.known.tolist() == [[False, True, True], [True, True, True], [True, True, True]]
    report = head_report(table, {})
    violent, weapons, elections = (report["labels"][k] for k in labels)
    assert (violent["tp"], violent["fp"], violent["fn"], violent["unknown"]) == (1, 0, 0, 1)
    assert (weapons["tp"], weapons["fp"], weapons["fn"], weapons["unknown"]) == (1, 1, 0, 0)
    assert (elections["fp"], elections["unknown"], elections["support"]) == (1, 0, 0)  # excluded: no support
    assert report["n_partial"] == 1 and report["n_examples"] == 3
    assert report["macro_f1"] == pytest.approx(np.mean([1.0, 2 / 3]))
    # counted the strict way, the unlisted violent_crimes score of "p" is a false positive
    assert report["macro_f1_absent_as_negative"] == pytest.approx(np.mean([2 / 3, 2 / 3]))
    assert search_label_thresholds(table)["violent_crimes"].support == 1


def test_by_source_splits_the_counts_where_each_source_labels():
    from verdict.modeling.evaluation.sources import by_source
    from verdict.runtime.findings import Analysis, Finding
    from verdict.runtime.manifest import Thresholds

    class Labels:
        topics, leakage = ("hate", "violent_crimes"), ("system_prompt_disclosure",)

    person = Finding(category="pii", type="PERSON", score=0.9, start=0, end=4, detector="model")
    examples = [
        Example(
            id="w",
            text="Anna went home",
            source="wnut17",
            entities=(Span(0, 4, "PERSON"),),
            labeled=("entities",),
        ),
        Example(
            id="w2",
            text="Bob went home",
            source="wnut17",
            entities=(Span(0, 3, "PERSON"),),
            labeled=("entities",),
        ),
        Example(
            id="a",
            text="xx",
            source="ailuminate",
            topics=("hate",),
            labeled=("topics", "leakage"),
            partial=("topics",),
        ),
    ]
    analyses = [
        Analysis(text="Anna went home", findings=(person,), scores={}),
        Analysis(text="Bob went home", findings=(), scores={}),
        Analysis(text="xx", findings=(), scores={"hate": 0.3, "violent_crimes": 0.99}),
    ]
    rows = by_source(examples, analyses, Thresholds(topics={"hate": 0.25}), Labels)
    assert rows["wnut17"]["n_examples"] == 2 and rows["wnut17"]["topics"] is None
    assert (rows["wnut17"]["pii"]["tp"], rows["wnut17"]["pii"]["fn"]) == (1, 1)
    # violent_crimes is unknown on the positive-only example: its 0.99 is not a false positive
    assert (rows["ailuminate"]["topics"]["tp"], rows["ailuminate"]["topics"]["fp"]) == (1, 0)
    assert rows["ailuminate"]["leakage"] == {**rows["ailuminate"]["leakage"], "tp": 0, "fp": 0, "fn": 0}
    assert rows["ailuminate"]["pii"] is None


def test_partial_heads_must_be_labeled_topic_or_leakage_heads():
    from verdict.modeling.data.schema import SchemaError

    ex = Example(id="p", text="x", source="s", topics=("hate",), partial=("topics",))
    assert Example.from_json(ex.to_json()) == ex and ex.known("topics", "hate")
    # harassment overlaps hate (unknown); elections does not (a known negative)
    assert (
        not ex.known("topics", "harassment")
        and ex.known("topics", "elections")
        and ex.known("leakage", "credentials")
    )
    assert "partial" not in Example(id="q", text="x", source="s").to_dict()
    for partial, labeled in (
        (("entities",), ("entities", "topics")),
        (("topics",), ("leakage",)),
        (("leakage",), ("topics", "leakage")),
    ):
        with pytest.raises(SchemaError, match="partial head"):
            Example(id="p", text="x", source="s", partial=partial, labeled=labeled)


def test_bootstrap_interval_brackets_the_estimate_and_narrows_with_more_examples():
    # A mean of 0/1 outcomes, p = 0.3: the interval holds 0.3 and is about 2 * 1.96 * sqrt(p(1-p)/n) wide.
    widths = []
    for n in (100, 2500):
        outcomes = (np.arange(n) % 10 < 3).astype(float)
        lo, hi = bootstrap_ci(lambda idx, o=outcomes: float(o[idx].mean()), n)
        assert lo < 0.3 < hi
        widths.append(hi - lo)
        assert widths[-1] == pytest.approx(2 * 1.96 * np.sqrt(0.21 / n), rel=0.25)
    assert bootstrap_ci(lambda idx: 0.0, 0) is None
    same = bootstrap_ci(lambda idx: float(idx.mean()), 50)
    assert same == bootstrap_ci(lambda idx: float(idx.mean()), 50)  # seeded: reports are reproducible


def test_micro_f1_interval_from_per_example_counts():
    perfect = np.array([[2, 0, 0]] * 30)
    assert micro_f1_ci(perfect) == (1.0, 1.0)
    mixed = np.array([[1, 0, 0]] * 45 + [[0, 1, 1]] * 5)  # micro F1 = 2*45 / (90 + 10) = 0.9
    lo, hi = micro_f1_ci(mixed)
    assert 0.7 < lo < 0.9 < hi < 1.0


def test_topic_macro_interval_uses_the_labels_and_thresholds_of_the_point_estimate():
    from verdict.modeling.evaluation.labels import HeadTable, head_report

    rng = np.random.default_rng(1)
    y = rng.random((400, 2)) < 0.3
    scores = np.where(y, 0.9, 0.1) + np.where(rng.random((400, 2)) < 0.1, 0.5, 0.0) * np.where(y, -1, 1)
    table = HeadTable("topics", ("hate", "privacy"), y, scores, np.ones_like(y))
    report = head_report(table, {"hate": 0.5, "privacy": 0.5})
    lo, hi = report["macro_f1_ci95"]
    assert lo < report["macro_f1"] < hi and hi - lo < 0.15
    # thresholds that drop every prediction give F1 0 in every resample
    assert head_report(table, {"hate": 0.99, "privacy": 0.99})["macro_f1_ci95"] == (0.0, 0.0)


def test_verdict_eval_end_to_end(tmp_path, tiny_model_dir):
    from verdict.cli import main

    model_dir = tmp_path / "verdict" / "1"
    shutil.copytree(tiny_model_dir, model_dir)  # --write-thresholds rewrites the manifest: not the shared one
    write_jsonl(tmp_path / "dev.jsonl", _examples())
    out = tmp_path / "eval"
    code = main(
        [
            "eval",
            "--model-dir",
            str(model_dir),
            "--data",
            str(tmp_path),
            "--variant",
            "int8",
            "--compare-variant",
            "fp32",
            "--write-thresholds",
            "--out",
            str(out),
            "--threads",
            "1",
        ]
    )
    assert code in (0, 1)  # random weights fail the gates; the run itself must succeed
    for name in ("report.md", "metrics.json", "pr_topics.png", "pr_leakage.png", "reliability.png"):
        assert (out / name).stat().st_size > 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["n_examples"] == 7 and metrics["entities"]["n_examples"] == 3
    _check_consistent(metrics)
    # the version is immutable: the manifest is export's, the chosen thresholds lie beside it and
    # Manifest.load merges them
    assert "eval" not in json.loads((model_dir / "manifest.json").read_text())["metrics"]
    chosen = json.loads((model_dir / "eval" / "thresholds.json").read_text())
    assert chosen["thresholds"] == metrics["thresholds"] and chosen["eval"]["split"] == "dev"
    loaded = Manifest.load(model_dir)
    assert asdict(loaded.thresholds) == metrics["thresholds"] and "eval" in loaded.metrics
    manifest = {"thresholds": chosen["thresholds"]}
    for family in manifest["thresholds"].values():
        assert all(v == 0.5 or CLAMP[0] <= v <= CLAMP[1] for v in family.values())
    assert "| gate | measured | 95% CI | target | result |" in (out / "report.md").read_text()


def _check_consistent(metrics: dict) -> None:
    pii = metrics["entities"]["pii"]
    for mode in ("exact", "overlap"):
        micro = pii[mode]["micro"]
        assert micro["tp"] + micro["fn"] == 2  # the two gold PII spans
        assert micro["tp"] == sum(t["tp"] for t in pii[mode]["types"].values())
        assert 0.0 <= micro["f1"] <= 1.0
    assert pii["overlap"]["micro"]["tp"] >= pii["exact"]["micro"]["tp"]
    topics = metrics["topics"]
    assert topics["n_examples"] == 4 and topics["labels"]["hate"]["support"] == 1
    assert "hate" in topics["excluded_from_macro"]
    assert all(v["auprc"] is None or 0.0 <= v["auprc"] <= 1.0 for v in topics["labels"].values())
    leak = metrics["system_prompt_leak"]
    assert leak["tp"] + leak["fn"] == 1 and leak["with_system_prompt"] == 2
    assert leak["tp"] == 1 and "prompt_overlap" in leak["true_positives_by_detector"]  # a verbatim copy
    assert 0.0 <= metrics["agreement"]["agreement"] <= 1.0
    assert len(metrics["gates"]) == 5
    for gate in metrics["gates"][:3]:  # PII, secrets, topics: an interval around the value where measurable
        assert gate["ci95"] is None or gate["ci95"][0] <= gate["value"] <= gate["ci95"][1]


def test_write_thresholds_refuses_the_test_split(tmp_path, capsys):
    from verdict.cli import main

    assert (
        main(
            [
                "eval",
                "--model-dir",
                str(tmp_path),
                "--data",
                str(tmp_path),
                "--split",
                "test",
                "--write-thresholds",
            ]
        )
        == 2
    )
    assert "dev only" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--threshold-slack", "0.01"], "only with --write-thresholds"),
        (["--write-thresholds", "--threshold-slack", "1.5"], "must be in [0, 1), got 1.5"),
    ],
)
def test_threshold_slack_is_checked_before_anything_runs(tmp_path, capsys, extra, message):
    from verdict.cli import main

    args = ["eval", "--model-dir", str(tmp_path), "--data", str(tmp_path), "--split", "dev", *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err
