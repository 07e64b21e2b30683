"""Retraining loop: review queue from a real audit store, label import, gate, promote / rollback."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from verdict.cli import main as verdict
from verdict.governance.audit import AuditRecord, AuditSink, open_store
from verdict.modeling.data.schema import Example
from verdict.modeling.retraining.registry import PromotionError, promote, read_pointer, rollback
from verdict.modeling.retraining.review import QueueFilter, export_queue, import_labels, split_of
from verdict.runtime.errors import ConfigError
from verdict.runtime.manifest import Manifest, Thresholds, resolve_model_dir

TEXT = "Contact Jane at jane@example.com"


def _record(
    request_id: str, action: str, scores: dict, findings=(), ts="2025-06-02T10:00:00.000000Z"
) -> AuditRecord:
    return AuditRecord(
        tenant="acme",
        route="chat",
        request_id=request_id,
        action=action,
        enforced_action=action,
        mode="enforce",
        model_version="verdict/1",
        policy_version="acme@3",
        text_hmac=f"hmac-{request_id}",
        findings=tuple(findings),
        scores=scores,
        ts=ts,
    )


@pytest.fixture()
def audit_db(tmp_path) -> str:
    path = str(tmp_path / "audit.sqlite")
    sink = AuditSink(open_store(path), instance="test-0")
    email = {
        "type": "EMAIL_ADDRESS",
        "category": "pii",
        "score": 0.97,
        "start": 16,
        "end": 32,
        "detector": "model",
    }
    sink.submit(_record("r-flag-text", "FLAG", {"hate": 0.91}, [email]), text=TEXT, retention_days=30)
    sink.submit(_record("r-block-notext", "BLOCK", {"credentials": 0.99}))
    sink.submit(_record("r-near", "ALLOW", {"harassment": 0.42}))  # 0.08 below the 0.5 cut
    sink.submit(_record("r-clear", "ALLOW", {"hate": 0.02}))
    sink.submit(_record("r-old", "BLOCK", {"hate": 0.99}, ts="2025-05-01T00:00:00.000000Z"))
    assert sink.close(10)
    return path


def test_review_export_selects_actions_and_near_threshold_with_text_only_when_stored(audit_db, tmp_path):
    out = tmp_path / "queue.jsonl"
    assert (
        verdict(
            [
                "review",
                "export",
                "--db",
                audit_db,
                "--since",
                "2025-06-01",
                "--until",
                "2025-07-01",
                "--repository",
                str(tmp_path / "none"),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    lines = {q["request_id"]: q for q in map(json.loads, out.read_text().splitlines())}
    assert sorted(lines) == ["r-block-notext", "r-flag-text", "r-near"]
    flagged, blocked, near = lines["r-flag-text"], lines["r-block-notext"], lines["r-near"]
    assert flagged["text"] == TEXT and flagged["findings"][0]["type"] == "EMAIL_ADDRESS"
    assert blocked["text"] is None and blocked["text_hmac"] == "hmac-r-block-notext"
    assert near["reasons"] == ["near threshold: harassment"]
    for line in lines.values():
        assert (
            line["labels"] == {}
            and line["model_version"] == "verdict/1"
            and line["policy_version"] == "acme@3"
        )
        assert line["tenant"] == "acme" and line["route"] == "chat"


def test_review_export_margin_zero_and_tenant_filter(audit_db):
    store = open_store(audit_db)
    try:
        only_actions = [q["request_id"] for q in export_queue(store, which=QueueFilter(margin=0.0))]
        other_tenant = list(export_queue(store, tenant="globex"))
    finally:
        store.close()
    assert only_actions == ["r-flag-text", "r-block-notext", "r-old"]
    assert other_tenant == []


def _line(labels: dict, text: str | None = TEXT, **extra) -> str:
    return json.dumps(
        {
            "record_id": "rec-1",
            "request_id": "r-1",
            "text": text,
            "text_hmac": "abc",
            "labels": labels,
            **extra,
        }
    )


def test_import_turns_reviews_into_examples():
    email = {"start": 16, "end": 32, "type": "EMAIL_ADDRESS"}
    imported = import_labels(
        [
            _line({"entities": [email], "topics": []}),
            _line({"ok": True}, record_id="rec-2"),
            _line({}, record_id="rec-3"),
            "",
        ]
    )
    assert imported.errors == () and imported.skipped == 1
    examples = {ex.id: ex for ex in (*imported.train, *imported.dev)}
    labeled = examples["review-rec-1"]
    assert labeled.source == "review" and labeled.labeled == ("entities", "topics")
    assert labeled.entities[0].type == "EMAIL_ADDRESS" and labeled.meta["request_id"] == "r-1"
    negative = examples["review-rec-2"]
    assert (
        negative.labeled == ("entities", "topics", "leakage")
        and not negative.topics
        and not negative.entities
    )
    assert {ex.split for ex in examples.values()} <= {"train", "dev"}
    assert labeled.split == split_of("review-rec-1")


def test_review_dev_is_a_deterministic_tenth():
    splits = [split_of(f"review-{i}") for i in range(2000)]
    assert splits == [split_of(f"review-{i}") for i in range(2000)]
    assert 150 < splits.count("dev") < 250


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        (_line({"topics": ["hate"]}, text=None), "paste the text whose HMAC is 'abc'"),
        (_line({"topics": ["no_such_topic"]}), "topic 'no_such_topic' is not in the taxonomy"),
        (_line({"entities": [{"start": 0, "end": 99, "type": "PERSON"}]}), "outside text of length"),
        (_line({"entities": [{"start": 0, "end": 4, "type": "NOPE"}]}), "entity type 'NOPE'"),
        (_line({"entities": [{"start": "x", "end": 4, "type": "PERSON"}]}), "invalid literal"),
        (_line({"ok": True, "topics": ["hate"]}), '"ok" must be true and alone'),
        (_line({"ok": False}), '"ok" must be true and alone'),
        (_line({"topic": ["hate"]}), "unknown label keys ['topic']"),
        (_line({"topics": "hate"}), "labels.topics` must be a list"),
        (json.dumps({"text": TEXT, "labels": {"ok": True}}), "neither record_id nor request_id"),
        (json.dumps({"record_id": "x", "text": TEXT}), "`labels` must be an object"),
    ],
)
def test_import_errors_name_the_line(line, message):
    imported = import_labels(["", line], source_name="queue.jsonl")
    assert len(imported.errors) == 1
    assert imported.errors[0].startswith("queue.jsonl:2: ") and message in imported.errors[0]


def test_review_export_refuses_a_missing_database_and_creates_nothing(tmp_path, capsys):
    typo = tmp_path / "audit.sqlte"
    out = tmp_path / "queue.jsonl"
    assert verdict(["review", "export", "--db", str(typo), "-o", str(out)]) == 2
    assert "no audit database here" in capsys.readouterr().err
    assert not typo.exists() and not out.exists()


def test_import_cli_writes_nothing_on_errors(tmp_path, capsys):
    queue = tmp_path / "queue.jsonl"
    queue.write_text(_line({"ok": True}) + "\n" + _line({"topics": ["nope"]}) + "\n")
    assert verdict(["review", "import", str(queue), "-o", str(tmp_path / "labels.jsonl")]) == 2
    assert "queue.jsonl:2:" in capsys.readouterr().err and not (tmp_path / "labels.jsonl").exists()
    queue.write_text(_line({"ok": True}) + "\n")
    assert verdict(["review", "import", str(queue), "-o", str(tmp_path / "labels.jsonl")]) == 0
    written = (tmp_path / "labels.jsonl").read_text() + (tmp_path / "review-dev.jsonl").read_text()
    assert Example.from_json(written.strip()).id == "review-rec-1"


# -- gate: real evaluate() on two tiny model versions --------------------------------------------


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    pytest.importorskip("torch")
    from tests.tiny_model import build_tiny_model_dir

    return build_tiny_model_dir(tmp_path_factory.mktemp("tiny") / "verdict" / "1")


def _version(tiny_dir: Path, repository: Path, version: str, hate_cut: float) -> Path:
    """A copy of the tiny version whose only difference is the topic threshold of "hate"."""
    out = repository / "verdict" / version
    shutil.copytree(tiny_dir, out)
    manifest = Manifest.load(out)
    replace(manifest, version=version, thresholds=Thresholds(topics={"hate": hate_cut})).save(out)
    return out


def _dev() -> list[Example]:
    hateful = [
        Example(
            id=f"h{i}",
            text=f"they are vermin number {i}",
            source="t",
            topics=("hate",),
            labeled=("topics",),
            split="dev",
        )
        for i in range(6)
    ]
    clean = [
        Example(id=f"c{i}", text=f"bake bread at {i} degrees", source="t", labeled=("topics",), split="dev")
        for i in range(4)
    ]
    return hateful + clean


def test_gate_passes_an_equal_candidate_and_fails_a_regression(tiny_dir, tmp_path):
    from verdict.modeling.retraining.gate import gate, write_gate

    repo = tmp_path / "models"
    baseline = _version(tiny_dir, repo, "1", hate_cut=0.0)  # flags everything: topic F1 0.75
    same = _version(tiny_dir, repo, "2", hate_cut=0.0)
    worse = _version(tiny_dir, repo, "3", hate_cut=1.01)  # flags nothing: topic F1 0

    held = gate(same, baseline, _dev(), review_dev=_dev()[:3])
    assert held.passed and held.review.candidate_errors == held.review.baseline_errors
    topic = next(m for m in held.metrics if m.name == "topic macro-F1")
    assert topic.baseline == pytest.approx(0.75) and topic.delta == 0

    dropped = gate(worse, baseline, _dev(), tolerance=0.01)
    assert not dropped.passed
    assert [m.name for m in dropped.metrics if not m.passed] == ["topic macro-F1"]
    write_gate(worse, dropped)
    assert json.loads((worse / "gate.json").read_text())["passed"] is False
    assert Manifest.load(worse).metrics["gate"]["passed"] is False


def test_gate_cli_exit_status_and_promotion(tiny_dir, tmp_path):
    from verdict.modeling.data.schema import write_jsonl

    repo, data = tmp_path / "models", tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "dev.jsonl", _dev())
    _version(tiny_dir, repo, "1", hate_cut=0.0)
    _version(tiny_dir, repo, "2", hate_cut=1.01)
    args = ["--baseline", str(repo / "verdict" / "1"), "--data", str(data), "--no-transfer"]
    assert verdict(["gate", "--candidate", str(repo / "verdict" / "2"), *args]) == 1
    assert json.loads((repo / "verdict" / "2" / "gate.json").read_text())["transfer"] == []
    assert verdict(["promote", "--repository", str(repo), "--version", "2"]) == 1  # gate FAILED
    assert read_pointer(repo, "verdict") is None


def _cut_every_topic(version: Path, cut: float) -> Path:
    """Every topic and leakage label of the version at one threshold (1.01: the head never acts)."""
    manifest = Manifest.load(version)
    labels = manifest.labels
    cuts = Thresholds(topics=dict.fromkeys(labels.topics, cut), leakage=dict.fromkeys(labels.leakage, cut))
    replace(manifest, thresholds=cuts).save(version)
    return version


def test_gate_runs_the_transfer_benchmark_on_both_versions(tiny_dir, tmp_path):
    """Both versions through the real transfer suite (the hand-written probes): the same model passes;
    one that flags every text fails on false actions."""
    from verdict.modeling.evaluation import transfer
    from verdict.modeling.retraining.gate import gate

    repo = tmp_path / "models"
    baseline = _cut_every_topic(_version(tiny_dir, repo, "1", hate_cut=1.01), 1.01)  # acts on no topic
    same = _cut_every_topic(_version(tiny_dir, repo, "2", hate_cut=1.01), 1.01)
    eager = _cut_every_topic(_version(tiny_dir, repo, "3", hate_cut=0.0), 0.0)  # flags every text

    def probes(model_dir: Path):
        return transfer.run_suite(model_dir, tmp_path, sets=["probes"], limit=40)

    held = gate(same, baseline, _dev(), transfer=probes)
    [check] = held.transfer
    assert check.name == "probes" and check.passed
    assert check.candidate == check.baseline and check.ceiling == 0.10
    assert check.baseline["false_action"] == 0.0
    assert check.auroc_change_ci == (0.0, 0.0)  # the same scores on the same items: no change in any resample

    acted = gate(eager, baseline, _dev(), transfer=probes)
    [check] = acted.transfer
    assert check.candidate["false_action"] == 1.0 and check.candidate["caught"] == 1.0
    assert not check.false_action_passed and not acted.passed
    assert any(line.startswith("  FAIL  transfer probes") for line in acted.lines())
    assert acted.to_dict()["transfer"][0]["false_action_passed"] is False


def test_gate_runs_the_first_use_cases_on_both_versions(tiny_dir, tmp_path):
    """Both versions through the real first-use cases: the same model passes; one that flags every text
    loses the ordinary answers the baseline allowed and fails, naming them."""
    from verdict.modeling.evaluation.first_use import load_cases, run_cases
    from verdict.modeling.retraining.gate import gate

    repo = tmp_path / "models"
    baseline = _cut_every_topic(_version(tiny_dir, repo, "1", hate_cut=1.01), 1.01)
    same = _cut_every_topic(_version(tiny_dir, repo, "2", hate_cut=1.01), 1.01)
    eager = _cut_every_topic(_version(tiny_dir, repo, "3", hate_cut=0.0), 0.0)
    cases = [c for c in load_cases() if c.expect == "ALLOW"][:6]

    def first_use(model_dir: Path):
        return run_cases(model_dir, cases)

    held = gate(same, baseline, _dev(), first_use=first_use)
    assert held.first_use.passed and held.first_use.lost == ()
    met = [o.id for o in held.first_use.baseline if o.met]
    assert met  # the tiny model acting on no topic allows some of them outright

    acted = gate(eager, baseline, _dev(), first_use=first_use)
    assert not acted.passed and acted.first_use.lost == tuple(met)
    assert all(o.action != "ALLOW" for o in acted.first_use.candidate)
    assert any(line.startswith("  FAIL  first-use cases") for line in acted.lines())
    assert acted.to_dict()["first_use"]["lost"] == met


def test_first_use_check_fails_only_on_a_case_the_baseline_meets():
    from verdict.modeling.evaluation.first_use import Outcome
    from verdict.modeling.retraining.gate import FirstUseCheck

    def outcomes(*met: bool) -> tuple[Outcome, ...]:
        return tuple(Outcome(f"c{i}", "BLOCK", "BLOCK" if m else "ALLOW", (), m) for i, m in enumerate(met))

    assert FirstUseCheck(outcomes(True, False), outcomes(True, True)).passed  # gained one
    assert FirstUseCheck(outcomes(True, False), outcomes(True, False)).passed  # both miss c1: listed only
    lost = FirstUseCheck(outcomes(True, False), outcomes(False, True))
    assert not lost.passed and lost.lost == ("c0",)
    assert lost.lines()[0] == "  FAIL  first-use cases: met 1 -> 1 of 2; lost ['c0']"


def test_transfer_check_lets_a_candidate_act_more_only_under_the_ceiling():
    from verdict.modeling.retraining.gate import TransferCheck

    def check(base: tuple[float, float], cand: tuple[float, float], ceiling: float = 0.02) -> TransferCheck:
        values = [{"auroc": a, "caught": 0.5, "false_action": f} for a, f in (base, cand)]
        return TransferCheck("everyday", *values, tolerance=0.02, ceiling=ceiling)

    assert check((0.90, 0.004), (0.95, 0.016)).passed  # more actions, still under 2%
    assert not check((0.90, 0.004), (0.95, 0.030)).false_action_passed  # over 2% and over 0.4% + 2 points
    assert check((0.90, 0.05), (0.95, 0.06)).false_action_passed  # already over: within the tolerance
    assert not check((0.90, 0.05), (0.95, 0.08)).false_action_passed  # already over, and by more
    # a ceiling the baseline keeps is not crossed, however close the baseline was (v19 soup: 1.1% -> 2.3%)
    assert not check((0.95, 0.011), (0.95, 0.023)).false_action_passed
    assert check((0.95, 0.011), (0.95, 0.020)).false_action_passed
    assert not check((0.95, 0.004), (0.92, 0.004)).auroc_passed  # dropped by more than 0.02
    assert check((0.95, 0.004), (0.935, 0.004)).auroc_passed
    assert check((None, None), (0.5, 0.5)).passed  # nothing measurable on the baseline


def test_gate_cli_refuses_transfer_sets_it_cannot_run(tiny_dir, tmp_path, capsys):
    from verdict.modeling.data.schema import write_jsonl

    repo, data = tmp_path / "models", tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "dev.jsonl", _dev())
    _cut_every_topic(_version(tiny_dir, repo, "1", hate_cut=1.01), 1.01)
    _cut_every_topic(_version(tiny_dir, repo, "2", hate_cut=1.01), 1.01)
    args = ["--candidate", str(repo / "verdict" / "2"), "--baseline", str(repo / "verdict" / "1")]
    args += ["--data", str(data), "--shared", str(tmp_path / "no-shared")]
    assert verdict(["gate", *args, "--transfer-sets", "everyday", "nonesuch"]) == 2
    assert "unknown ['nonesuch']" in capsys.readouterr().err
    assert verdict(["gate", *args, "--transfer-sets", "dices"]) == 2
    assert "['dices'] need the shared data" in capsys.readouterr().err
    assert not (repo / "verdict" / "2" / "gate.json").exists()
    assert verdict(["gate", *args, "--transfer-sets", "probes", "--limit", "12"]) == 0
    assert "PASS  transfer probes" in capsys.readouterr().out
    assert json.loads((repo / "verdict" / "2" / "gate.json").read_text())["transfer"][0]["name"] == "probes"


# -- promote / rollback ---------------------------------------------------------------------------


def _bare_versions(repo: Path, *gates: bool | None) -> None:
    for number, passed in enumerate(gates, 1):
        version = repo / "verdict" / str(number)
        version.mkdir(parents=True)
        (version / "manifest.json").write_text("{}")
        if passed is not None:
            (version / "gate.json").write_text(json.dumps({"passed": passed}))


def test_promote_moves_the_pointer_and_rollback_walks_it_back(tmp_path):
    repo = tmp_path / "models"
    _bare_versions(repo, None, True, True)
    assert resolve_model_dir(repo).name == "3"  # no pointer: the highest version
    pointer = promote(repo, "verdict", "2", by="alice")
    assert pointer["version"] == "2" and [h["version"] for h in pointer["history"]] == ["1", "2"]
    assert pointer["history"][-1]["by"] == "alice" and pointer["history"][-1]["gate"] == "PASS"
    assert resolve_model_dir(repo).name == "2"  # the pointer wins over the higher version 3
    assert resolve_model_dir(repo, version="3").name == "3"  # an explicit version still wins
    promote(repo, "verdict", "3", by="alice")
    assert resolve_model_dir(repo).name == "3"
    assert rollback(repo, "verdict", by="bob")["version"] == "2"
    assert rollback(repo, "verdict", by="bob")["version"] == "1"  # the version served before any promotion
    assert resolve_model_dir(repo).name == "1"
    with pytest.raises(PromotionError, match="nothing to roll back to"):
        rollback(repo, "verdict", by="bob")
    assert [r["version"] for r in read_pointer(repo, "verdict")["rolled_back"]] == ["3", "2"]


def test_promote_refused_without_a_passing_gate(tmp_path):
    repo = tmp_path / "models"
    _bare_versions(repo, None, False)
    with pytest.raises(PromotionError, match="run `verdict gate` on it first"):
        promote(repo, "verdict", "1", by="alice")
    with pytest.raises(PromotionError, match="gate FAILED"):
        promote(repo, "verdict", "2", by="alice")
    with pytest.raises(PromotionError, match="no version '7'"):
        promote(repo, "verdict", "7", by="alice", force=True)
    assert read_pointer(repo, "verdict") is None
    pointer = promote(repo, "verdict", "1", by="alice", force=True)
    assert pointer["history"][-1]["gate"] == "missing (forced)"


def test_resolve_model_dir_rejects_a_pointer_to_a_missing_version(tmp_path):
    repo = tmp_path / "models"
    _bare_versions(repo, True)
    (repo / "verdict" / "serving.json").write_text(json.dumps({"version": "9", "history": []}))
    with pytest.raises(ConfigError, match="no version '9'"):
        resolve_model_dir(repo)


# -- fine-tuning from a version dir with extra data ----------------------------------------------


def test_train_inits_from_a_version_dir_with_extra_data(tmp_path, capsys):
    torch = pytest.importorskip("torch")
    from verdict.modeling.data.schema import write_jsonl
    from verdict.modeling.training import TrainConfig, train
    from verdict.runtime.model import VerdictModel, base_model_path, default_labels, tiny_encoder_config

    torch.manual_seed(0)
    version = tmp_path / "models" / "verdict" / "1"
    VerdictModel(tiny_encoder_config(), default_labels()).save_checkpoint(
        version, tokenizer_path=base_model_path() / "tokenizer.json", fp16=True
    )  # as `verdict export` leaves it
    data = tmp_path / "data"
    data.mkdir()
    write_jsonl(data / "train.jsonl", _dev()[:4])
    write_jsonl(data / "dev.jsonl", _dev())
    labels = tmp_path / "labels.jsonl"
    write_jsonl(
        labels,
        [
            Example(id="review-x", text=TEXT, source="review", split="train"),
            Example(id="review-y", text=TEXT, source="review", split="dev"),
        ],
    )
    cfg = TrainConfig(
        init_from=str(version),
        extra_repeat=3,
        max_length=32,
        window_overlap=8,
        batch_size=4,
        eval_every=2,
        checkpoint_every=2,
        threads=1,
    )
    summary = train(
        cfg,
        data_dir=data,
        out_dir=tmp_path / "run",
        max_steps=2,
        device_name="cpu",
        progress=False,
        extra_data=(labels,),
    )
    out = capsys.readouterr().out
    assert summary["step"] == 2 and "1 extra examples x3" in out and "train: 7 examples" in out
    assert (tmp_path / "run" / "best" / "verdict.json").is_file()
