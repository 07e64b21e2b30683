"""The soak's judgement: a steady series is flat, a slow climb is caught by its slope or its rise."""

from __future__ import annotations

import pytest

from benchmarks.soak.soak import TOLERANCES, Sample, drift, plot, render, slope_per_min, summarize


def series(rss, fds=27, minutes: float = 10.0, every: float = 10.0) -> list[Sample]:
    """Samples every `every` seconds; rss and fds are functions of elapsed seconds or constants."""

    def at(f, t: float):
        return f(t) if callable(f) else f

    steps = int(minutes * 60 / every) + 1
    return [Sample(k * every, 100 * k, at(rss, k * every), at(fds, k * every), 16) for k in range(steps)]


def test_slope_is_per_minute_and_zero_for_one_time():
    assert slope_per_min([(0.0, 10.0), (60.0, 13.0), (120.0, 16.0)]) == pytest.approx(3.0)
    assert slope_per_min([(5.0, 1.0), (5.0, 9.0)]) == 0.0


def test_warm_up_step_then_steady_is_flat():
    # +10 MiB during the first 50 s (arenas filling), then a saw-tooth of +-1 MiB (allocator jitter)
    samples = series(lambda t: 200.0 + min(t, 50.0) / 5 + (1.0 if int(t) % 20 else -1.0))
    d = drift(samples, "rss_mib")
    assert d.flat
    assert abs(d.last - d.first) < 0.5


@pytest.mark.parametrize("mib_per_min", [0.7, 2.0])
def test_a_slow_rss_climb_is_caught(mib_per_min):
    d = drift(series(lambda t: 200.0 + mib_per_min * t / 60), "rss_mib")
    assert d.slope_per_min == pytest.approx(mib_per_min)
    assert not d.flat


def test_one_fd_leaked_every_two_minutes_is_caught():
    d = drift(series(27, fds=lambda t: 27 + int(t // 120)), "open_fds")
    assert d.last - d.first > TOLERANCES["open_fds"][0]
    assert not d.flat


def test_a_transient_fd_is_not_a_leak():
    d = drift(series(200.0, fds=lambda t: 28 if t == 300 else 27), "open_fds")
    assert d.flat


def test_too_short_a_soak_is_refused():
    with pytest.raises(ValueError, match="soak too short"):
        drift(series(200.0, minutes=1.5), "rss_mib")


OUTCOME = {"calls": {"batch8": 10}, "answered_verdicts": 80, "audit_records": 80, "server_exit": 0,
           "audit_verify": {"exit": 0, "output": "OK: 80 records, chain intact"}}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "passes"),
    [
        ({}, True),
        ({"audit_records": 79}, False),
        ({"audit_verify": {"exit": 1, "output": "TAMPERED: hash mismatch"}}, False),
    ],
)
def test_summary_needs_a_verified_chain_with_a_record_per_answered_verdict(change, passes):
    summary = summarize(series(200.0), {**OUTCOME, **change})
    assert summary["flat_and_verified"] is passes
    assert summary["rss_mib"] == {"start": 200.0, "end": 200.0, "max": 200.0}
    assert "records" in render(summary)


def test_summary_with_a_leak_fails_and_says_which_metric(tmp_path):
    samples = series(200.0, fds=lambda t: 27 + int(t // 60))
    summary = summarize(samples, OUTCOME)
    assert not summary["flat_and_verified"]
    assert "open_fds" in render(summary).split("GROWS")[0].splitlines()[-1]
    plot(samples, tmp_path / "soak.png")
    assert 1_000 < (tmp_path / "soak.png").stat().st_size < 100_000
