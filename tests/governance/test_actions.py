"""The action table (verdict.governance.policy.actions): precedence, what each action releases, and every
place that reads it agreeing with it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from verdict.governance.audit import evidence_stats
from verdict.governance.policy.actions import (
    ACTING,
    ACTIONS,
    BLOCK_STATUS,
    BY_RANK,
    Action,
    strongest,
)
from verdict.governance.policy.model import Rule
from verdict.governance.policy.verdict import Verdict

A, F, R, B = Action.ALLOW, Action.FLAG, Action.REDACT, Action.BLOCK


def test_every_action_has_one_row_and_a_rank_of_its_own():
    assert set(ACTIONS) == set(Action)
    assert len({spec.rank for spec in ACTIONS.values()}) == len(Action)
    assert len({spec.proto for spec in ACTIONS.values()}) == len(Action)
    assert all(action.rank == ACTIONS[action].rank for action in Action)


def test_precedence_is_block_redact_flag_allow():
    assert BY_RANK == (A, F, R, B)
    assert ACTING == (B, R, F)


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ((), A),
        ((A,), A),
        ((F, A), F),
        ((A, R, F), R),
        ((R, B, F), B),
        ((B, B), B),
        (iter([F, R]), R),  # any iterable, consumed once
    ],
)
def test_strongest(actions, expected):
    assert strongest(actions) is expected


@pytest.mark.parametrize(
    ("action", "releases", "status", "replaces_text", "marked"),
    [
        (A, True, None, False, False),
        (F, True, None, False, True),
        (R, True, None, True, True),
        (B, False, BLOCK_STATUS, False, True),
    ],
)
def test_what_a_proxy_does_with_each_action(action, releases, status, replaces_text, marked):
    spec = action.spec
    assert (spec.releases, spec.status, spec.replaces_text, spec.marked) == (
        releases,
        status,
        replaces_text,
        marked,
    )


def test_a_blocked_response_is_a_403_by_default():
    assert BLOCK_STATUS == 403


@pytest.mark.parametrize(
    ("enforced", "output"), [(A, "card 4111"), (F, "card 4111"), (R, "card ****"), (B, None)]
)
def test_the_verdict_releases_what_the_table_says(enforced, output):
    verdict = Verdict(
        action=enforced,
        enforced_action=enforced,
        mode="enforce",
        findings=(),
        redacted_text="card ****",
        reasons=(),
        policy_version="1",
        model_version="m",
        tenant="t",
        route="r",
        original_text="card 4111",
    )
    assert verdict.output_text == output


@pytest.mark.parametrize("action", list(Action))
def test_policy_files_accept_exactly_the_tables_actions(action):
    assert Rule(action=action.value).action == action.value.lower()
    assert Action.parse(Rule(action=action.value.lower()).action) is action


def test_policy_files_refuse_an_action_not_in_the_table():
    with pytest.raises(ValidationError, match="'allow', 'flag', 'redact' or 'block'"):
        Rule(action="quarantine")


def test_the_evidence_report_counts_every_action_weakest_first():
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    summary = evidence_stats.compute([], since=now - timedelta(hours=1), until=now)["summary"]
    assert (
        list(summary["actions"]) == list(summary["enforced_actions"]) == ["ALLOW", "FLAG", "REDACT", "BLOCK"]
    )
    assert list(summary["shadow_would_have"]) == ["BLOCK", "REDACT", "FLAG"]
