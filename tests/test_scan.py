"""`verdict scan`: the JSONL contract, bad lines skipped and reported, exit codes."""

from __future__ import annotations

import argparse
import json

import pytest

from verdict import scan
from verdict.cli import main
from verdict.governance.policy.deciding import decider
from verdict.runtime.findings import Analysis, Finding

CARD_LINE = {"id": "a", "text": "my card is 4539 1488 0343 6467"}
FINDING_KEYS = {"category", "type", "score", "start", "end", "detector"}


def _run(tmp_path, lines, *extra):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    scan.add_arguments(parser)
    code = scan.run(parser.parse_args([str(source), "-o", str(target), *extra]))
    results = [json.loads(line) for line in target.read_text().splitlines()] if target.exists() else []
    return code, results


def test_scan_writes_the_contract_and_skips_bad_lines(tmp_path, tiny_model_dir, capsys):
    lines = [
        json.dumps(CARD_LINE),
        "{not json",
        json.dumps({"text": "no id"}),
        json.dumps({"id": 3, "text": 42}),
        "",
        json.dumps({"id": 4, "text": "x" * 100_001}),
        json.dumps(
            {"id": 5, "text": "line\u2028separator \x85 inside", "system_prompt": "You are a bot."},
            ensure_ascii=False,
        ),
    ]
    code, results = _run(tmp_path, lines, "--model-dir", str(tiny_model_dir), "--batch-size", "2")
    assert code == scan.EXIT_SKIPPED
    assert [r["id"] for r in results] == ["a", 5]
    err = capsys.readouterr().err
    for number in (2, 3, 4, 6):
        assert f"{number}: skipped" in err
    assert "5: skipped" not in err and "1: skipped" not in err
    for result in results:
        assert set(result) == {
            "id",
            "action",
            "findings",
            "redacted_text",
            "scores",
            "model_version",
            "policy_version",
        }
        assert result["action"] in ("ALLOW", "REDACT", "BLOCK", "FLAG")
        assert all(set(f) == FINDING_KEYS for f in result["findings"])
        # every action but ALLOW says why; a REDACT says what a proxy releases
        assert (result["action"] == "ALLOW") == (not result["findings"])
        assert (result["redacted_text"] is not None) == (result["action"] == "REDACT")
    card = [f for f in results[0]["findings"] if f["type"] == "CREDIT_CARD"]
    assert card and CARD_LINE["text"][card[0]["start"] : card[0]["end"]] == "4539 1488 0343 6467"
    assert results[0]["action"] in ("REDACT", "BLOCK")
    if results[0]["action"] == "REDACT":
        assert "4539 1488 0343 6467" not in results[0]["redacted_text"]


def test_all_good_lines_exit_zero(tmp_path, tiny_model_dir):
    code, results = _run(tmp_path, [json.dumps(CARD_LINE)], "--model-dir", str(tiny_model_dir))
    assert code == scan.EXIT_OK and len(results) == 1


def test_missing_model_is_exit_two(tmp_path, capsys):
    code, _ = _run(tmp_path, [json.dumps(CARD_LINE)], "--repository", str(tmp_path / "nowhere"))
    assert code == scan.EXIT_FAILED
    assert "verdict scan:" in capsys.readouterr().err


def test_unknown_device_is_a_usage_error_naming_the_choices(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(CARD_LINE) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["scan", str(source), "-o", str(tmp_path / "out.jsonl"), "--device", "tpu"])
    assert exited.value.code == scan.EXIT_FAILED
    err = capsys.readouterr().err
    assert "argument --device: invalid choice: 'tpu'" in err
    assert all(f"'{kind}'" in err for kind in ("auto", "cuda", "cpu", "triton"))
    assert not (tmp_path / "out.jsonl").exists()


def test_triton_without_url_is_exit_two_naming_the_field(tmp_path, tiny_model_dir, capsys):
    code, _ = _run(
        tmp_path, [json.dumps(CARD_LINE)], "--model-dir", str(tiny_model_dir), "--device", "triton"
    )
    assert code == scan.EXIT_FAILED
    assert "verdict scan: triton_url: backend triton needs a Triton URL" in capsys.readouterr().err


def _analysis(*findings):
    return Analysis(text="t", findings=tuple(findings), scores={})


@pytest.mark.parametrize(
    "findings, action",
    [
        ((), "ALLOW"),
        ((Finding("pii", "EMAIL_ADDRESS", 0.9, 0, 1, "model"),), "REDACT"),
        ((Finding("leakage", "GITHUB_TOKEN", 0.9, 0, 1, "gitleaks:github-pat"),), "BLOCK"),
        ((Finding("leakage", "confidential_material", 0.9, 0, 1, "model"),), "FLAG"),
        (
            (
                Finding("pii", "PERSON", 0.9, 0, 1, "model"),
                Finding("topic", "violent_crimes", 0.9, 0, 1, "model"),
            ),
            "BLOCK",
        ),
        # a name alone is nobody's personal data (context: identifying): the topic decides
        (
            (Finding("pii", "PERSON", 0.9, 0, 1, "model"), Finding("topic", "hate", 0.85, 0, 1, "model")),
            "FLAG",
        ),
        (
            (
                Finding("pii", "PERSON", 0.9, 0, 1, "model"),
                Finding("pii", "EMAIL_ADDRESS", 0.9, 0, 1, "model"),
            ),
            "REDACT",
        ),
        ((Finding("leakage", "system_prompt_disclosure", 0.9, 0, 1, "prompt_similarity"),), "BLOCK"),
    ],
)
def test_default_is_the_shipped_policy(findings, action):
    """Without --policy, scan decides exactly as `verdict serve` does with the shipped default policy."""
    assert decider(None, "m/1")(_analysis(*findings)).action.value == action


def test_system_prompt_echo_is_caught_by_similarity(tmp_path, tiny_model_dir):
    prompt = "You are Acme's support bot. Never reveal the discount code PINEAPPLE."
    lines = [json.dumps({"id": i, "text": prompt, "system_prompt": prompt}) for i in range(2)]
    code, results = _run(tmp_path, lines, "--model-dir", str(tiny_model_dir))
    assert code == scan.EXIT_OK
    for result in results:
        assert any(f["detector"] == "prompt_similarity" for f in result["findings"])
        assert result["action"] == "BLOCK"


def test_policy_file_decides_the_action(tmp_path, tiny_model_dir):
    policy = tmp_path / "acme.yaml"
    policy.write_text(
        'version: "1"\nmode: enforce\n'
        "defaults:\n"
        "  pii: {threshold: 0.5, action: block}\n"
        "  topic: {threshold: 1.0, action: flag}\n"
        "  leakage: {threshold: 1.0, action: flag}\n",
        encoding="utf-8",
    )
    code, results = _run(
        tmp_path, [json.dumps(CARD_LINE)], "--model-dir", str(tiny_model_dir), "--policy", str(policy)
    )
    assert code == scan.EXIT_OK
    assert results[0]["action"] == "BLOCK"  # the card, blocked by this policy rather than redacted
