"""Whole values (issue 15 item 3): a redaction never leaves part of an identifier in clear."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from verdict.runtime.detectors import DetectContext, combine, default_detectors, run_detectors
from verdict.runtime.findings import Finding
from verdict.runtime.normalize import normalize

DETECTORS = default_detectors(report_documentation=True)


def _redacted(text: str) -> str:
    """`text` with every finding the rule detectors make on its normalized form blanked, on the original."""
    normalized = normalize(text)
    spans = [
        normalized.to_original(f.start, f.end)
        for f in run_detectors(normalized.text, DetectContext(), DETECTORS)
    ]
    out = list(text)
    for start, end in spans:
        out[start:end] = ["#"] * (end - start)
    return "".join(out)


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in text if unicodedata.digit(c, None) is not None)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("connect from ::ffff:203.0.113.9 now", "::ffff:203.0.113.9"),
        ("host 2400:c401::5054:ff:fe1b:b031 is up", "2400:c401::5054:ff:fe1b:b031"),
    ],
)
def test_ip_address_is_one_whole_span(text, value):
    normalized = normalize(text)
    found = [
        text[slice(*normalized.to_original(f.start, f.end))]
        for f in combine([], run_detectors(normalized.text, DetectContext(), DETECTORS), normalized.text)
        if f.type == "IP_ADDRESS"
    ]
    assert found == [value]  # the IPv4 tail's own hit merges into the address (combine rule 2)


@pytest.mark.parametrize(
    ("text", "cut", "whole"),
    [
        ("connect from ::ffff:127.0.0.1 now", "::ffff:127", "::ffff:127.0.0.1"),
        (
            "host 2400:c401::5054:ff:fe1b:b031 is up",
            "c401::5054:ff:fe1b:b031",
            "2400:c401::5054:ff:fe1b:b031",
        ),
        ("seen from 203.0.113.9.", "203.0.113", "203.0.113.9"),
    ],
)
def test_model_ip_span_grows_to_the_whole_address(text, cut, whole):
    start = text.index(cut)
    model = Finding("pii", "IP_ADDRESS", 0.9, start, start + len(cut), "model")
    (finding,) = [f for f in combine([model], [], text) if f.detector.startswith("model")]
    assert text[finding.start : finding.end] == whole


@pytest.mark.parametrize(
    ("text", "type_", "cut", "whole"),
    [
        ("Log in with password Tr0ub4dor&3 to continue.", "PASSWORD", "0ub4dor&3", "Tr0ub4dor&3"),
        ("password: `hunter2!x9Q`, then press enter", "PASSWORD", "hunter2", "hunter2!x9Q"),
        ("the password is Zq8#rT2m.", "PASSWORD", "Zq8#rT2", "Zq8#rT2m"),
        ("Log in with user kate_w and the password", "USERNAME", "kate", "kate_w"),
        ("your handle is j.doe-1987, as before", "USERNAME", "doe-1987", "j.doe-1987"),
    ],
)
def test_model_password_and_username_spans_grow_to_the_whole_value(text, type_, cut, whole):
    # (each cut has its type's form already: a span without it stays as it is, see below)
    start = text.index(cut)
    model = Finding("pii", type_, 0.9, start, start + len(cut), "model")
    found = [f for f in combine([model], [], text) if f.detector.startswith("model") and f.type == type_]
    assert [text[f.start : f.end] for f in found] == [whole]


def test_a_span_without_the_form_does_not_grow_into_one():
    text = "Yep: `bcrypt.checkpw(candidate.encode(), stored_hash)` takes care of the salt."
    start = text.index("candidate")
    model = Finding("pii", "PASSWORD", 0.83, start, start + len("candidate"), "model")
    (finding,) = combine([model], [], text)
    assert (text[finding.start : finding.end], finding.score < 0.5) == ("candidate", True)


def test_the_label_mrn_is_no_record_number():
    text = "Patient: Maria Lopez, MRN 00456789, admitted 2023-03-14."
    label, value = text.index("MRN"), text.index("00456789")
    model = [
        Finding("pii", "MEDICAL_RECORD_NUMBER", 0.9, label, label + 3, "model"),
        Finding("pii", "MEDICAL_RECORD_NUMBER", 0.99, value, value + 8, "model"),
    ]
    kept = [text[f.start : f.end] for f in combine(model, [], text) if f.score >= 0.5]
    assert kept == ["00456789"]


_ZEROS = (0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10)  # ASCII, Arabic-Indic, Persian, Devanagari, ...
_SEPARATORS = ("", " ", "-", "\x01", "\u200b", "\u2061", "\x00")


def _in_script(digits: str, zero: int) -> str:
    return "".join(chr(zero + int(d)) for d in digits)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(("4", "51", "37", "6011")),
    st.integers(0, 10**14),
    st.sampled_from(_ZEROS),
    st.lists(st.sampled_from(_SEPARATORS), min_size=4, max_size=4),
)
def test_card_number_never_survives_redaction(prefix, body, zero, separators):
    length = 15 if prefix == "37" else 16
    number = (prefix + str(body).zfill(length))[: length - 1]
    number += luhn.calc_check_digit(number)
    groups = [number[i : i + 4] for i in range(0, length, 4)]
    value = "".join(_in_script(g, zero) + sep for g, sep in zip(groups, separators)).rstrip(
        "".join(_SEPARATORS)
    )
    text = f"Please charge {value} today."
    assert number not in _digits(_redacted(text))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 0xFFFF), min_size=6, max_size=6), st.sampled_from(("::ffff:", "")))
def test_ipv6_address_never_survives_in_part(groups, mapped):
    if mapped:
        value = mapped + ".".join(str(g % 223 + 1) for g in groups[:4])
    else:
        value = "2400:" + ":".join(f"{g:x}" for g in groups) + ":1"
    redacted = _redacted(f"client {value} connected")
    assert redacted == f"client {'#' * len(value)} connected"
