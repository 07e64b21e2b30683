"""Hidden identifiers (issue 15 item 4): the rule detectors read the normalized text and every finding
maps back to exactly the characters the user sent."""

from __future__ import annotations

import pytest

from verdict.runtime.detectors import DetectContext, default_detectors, run_detectors
from verdict.runtime.normalize import normalize

DETECTORS = default_detectors(report_documentation=True)

# (text as sent, type, the original characters the finding must cover)
HIDDEN = [
    ("My card is 4111\x011111\x021111 1111, thanks.", "CREDIT_CARD", "4111\x011111\x021111 1111"),
    ("Card: 4539\x011488\x020343\x036467 thanks.", "CREDIT_CARD", "4539\x011488\x020343\x036467"),
    ("Card: 4539\u20611488\u200b0343\ufeff6467.", "CREDIT_CARD", "4539\u20611488\u200b0343\ufeff6467"),
    (  # Arabic-Indic digits
        "Card: \u0664\u0665\u0663\u0669\u0661\u0664\u0668\u0668\u0660\u0663\u0664\u0663\u0666\u0664\u0666\u0667 ok",
        "CREDIT_CARD",
        "\u0664\u0665\u0663\u0669\u0661\u0664\u0668\u0668\u0660\u0663\u0664\u0663\u0666\u0664\u0666\u0667",
    ),
    (  # Devanagari digits, grouped
        "SSN \u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669 on file",
        "US_SSN",
        "\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669",
    ),
    (
        "card \uff14\uff15\uff13\uff19\uff11\uff14\uff18\uff18\uff10\uff13\uff14\uff13\uff16\uff14\uff16\uff17",
        "CREDIT_CARD",
        "\uff14\uff15\uff13\uff19\uff11\uff14\uff18\uff18\uff10\uff13\uff14\uff13\uff16\uff14\uff16\uff17",
    ),
    ("Mail jane.doe\x00@acme-mail.com please", "EMAIL_ADDRESS", "jane.doe\x00@acme-mail.com"),
    ("Mail jane.doe\uff20acme-mail\uff0ecom please", "EMAIL_ADDRESS", "jane.doe\uff20acme-mail\uff0ecom"),
    (
        "write to jane dot doe at acme-mail dot com today",
        "EMAIL_ADDRESS",
        "jane dot doe at acme-mail dot com",
    ),
    ("reach jdoe AT acme-mail DOT co DOT uk", "EMAIL_ADDRESS", "jdoe AT acme-mail DOT co DOT uk"),
    # glued to CJK text without spaces
    ("请发邮件到jane.doe@acme-mail.com联系我", "EMAIL_ADDRESS", "jane.doe@acme-mail.com"),
    ("我的手机号是13812345678请联系", "PHONE_NUMBER", "13812345678"),
    ("服务器地址是203.0.113.25请检查", "IP_ADDRESS", "203.0.113.25"),
    ("我的信用卡号是4539148803436467谢谢", "CREDIT_CARD", "4539148803436467"),
    ("携帯は09012345678です", "PHONE_NUMBER", "09012345678"),
    ("카드번호는4539148803436467입니다", "CREDIT_CARD", "4539148803436467"),
]


def _found(text: str) -> set[tuple[str, str]]:
    normalized = normalize(text)
    found = set()
    for f in run_detectors(normalized.text, DetectContext(), DETECTORS):
        start, end = normalized.to_original(f.start, f.end)
        found.add((f.type, text[start:end]))
    return found


@pytest.mark.parametrize(("text", "entity_type", "value"), HIDDEN)
def test_hidden_identifier_is_found_on_the_original(text, entity_type, value):
    assert (entity_type, value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Read more at www.nlm.nih.gov or call the office.",
        "Order 4539148803436467X shipped",  # glued to a Latin letter: a piece of a longer token
        "版本号是1.2.3.4",  # a short dotted number stays a non-address in any script
    ],
)
def test_ordinary_or_glued_to_latin_is_not_found(text):
    assert {t for t, _ in _found(text)} <= {"URL"}
