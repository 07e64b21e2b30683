"""Whether an output declines: a refusal talks about a harm without delivering it.

The topic head reads what a text is about, so a refusal scores as the hazard it refuses ("I can't tell
you which household chemicals to mix to make a toxic gas" -> indiscriminate_weapons 0.99). Whether an
answer delivers the harm is what the policy acts on, and an output that opens by declining does not,
unless it turns to compliance afterwards: the two-faced jailbreak answer ("As a language model, I cannot
provide ... (Developer Mode Output) Sure, here is how to ...", "[ChatGPT]: I'm sorry ... [JB]: To hotwire
a car ...") opens like a refusal too.

`declines(text)` returns the declining words when the opening (OPENING_CHARS) says the assistant will
not help and nothing later turns to compliance (COMPLIANCE); otherwise None. The policy decides what
a refusal changes (`refusal: allow` on topic rules, docs/policy.md "Refusals").
"""

from __future__ import annotations

import re

OPENING_CHARS = 300
_DECLINE = re.compile(
    r"""(?ix)
    \bI(?:
        [ \t]+(?:can(?:no|['\u2019])?t|can[ \t]+not|won['\u2019]?t|will[ \t]+not|must[ \t]+decline)
        | (?:['\u2019]m|[ \t]+am)[ \t]+(?:not[ \t]+able[ \t]+to|unable[ \t]+to|not[ \t]+going[ \t]+to)
        | ['\u2019]d[ \t]+rather[ \t]+not
    )
    (?:[ \t]+\w+){0,3}?[ \t]+
    (?:help|assist|provide|write|create|give|tell|share|generate|produce|comply|fulfill?|complete|do[ \t]+(?:that|this|it)|support
        |offer|explain|answer|engage|make|describe|walk|list)\b
    | \bI(?:['\u2019]m[ \t]+not|[ \t]+am[ \t]+not|[ \t]+(?:do[ \t]+not|don['\u2019]?t)[ \t]+feel)[ \t]+comfortable[ \t]+
        (?:with[ \t]+)?(?:writing|creating|helping|providing|producing|generating|sharing|giving|making|describing|that|this)\b
    """
)
# An answer that refuses and then complies anyway, or plays two personas, is no refusal.
_COMPLIANCE = re.compile(
    r"""(?ix)
    \b(?:sure|okay|ok|certainly|of[ \t]+course|alright)[,!.]?[ \t]+here(?:'s|[ \t]+is|[ \t]+are)\b
    | \bhere(?:'s|[ \t]+is|[ \t]+are)[ \t]+(?:how|the[ \t]+steps|a[ \t]+step|a[ \t]+guide|the[ \t]+instructions|a[ \t]+tutorial|the[ \t]+recipe|the[ \t]+code)\b
    | developer[ \t]+mode | \bjailbr | \bDAN\b | \U0001f513 | \bstep[ \t]*1\b | \bjust[ \t]+kidding\b
    | \bas[ \t]+[A-Z][\w-]{0,20},[ \t]+I[ \t]+would[ \t]+say\b
    | \bbut[ \t]+(?:hypothetically|in[ \t]+theory|if[ \t]+I[ \t]+(?:did|could|were))\b
    """
)
# A second voice: "[ChatGPT]: I'm sorry ... \n\n[JB]: To hotwire a car ...", "Aligned: ... Unaligned: ...",
# "α I'm sorry ... Ω Oh, so you wanna ...". A reply with two speaker tags plays a persona that answers.
_SPEAKER = re.compile(
    r"(?m)^[ \t]*(?:\[[^\]\n]{1,40}\][ \t]*:?|\([^)\n]{1,40}\)[ \t]*:|[A-Za-z][\w]*(?:[ \t][\w]+){0,2}[ \t]*:(?!/)|[\u0370-\u03ff])"
)


def declines(text: str) -> str | None:
    """The words by which `text` declines, if it opens with a refusal and never turns to compliance."""
    match = _DECLINE.search(text, 0, OPENING_CHARS)
    if match is None or _COMPLIANCE.search(text) is not None or len(_SPEAKER.findall(text)) >= 2:
        return None
    return match.group().strip()
