"""Whether an output says it is disclosing its instructions: the evidence a disclosure needs when no
protected prompt is known.

With a system prompt (or protected context) supplied, the leakage head, prompt overlap and prompt
similarity compare the output with it. Without one, nothing can be compared, and the leakage head alone
reads any instruction-like text as a disclosure: "**Instructions:** Identify the main verbs in the
following sentences." in a grammar exercise, a numbered list of comma rules. Every disclosure the
head was trained on (verdict.modeling.data.synthetic.leaks) had its prompt beside it.

So without a protected prompt, a `system_prompt_disclosure` score is a candidate only where the output
itself announces what it is quoting: "Here is my system prompt:", "My instructions are:", "I was told
...", "the hidden instructions are below", a chat-template role marker, or a prompt's own opening line
("You are a helpful assistant for ..."). Talk about system prompts in general names them too, and then
the head's score (and the policy's threshold) decides, as before.
"""

from __future__ import annotations

import re

_CUE = re.compile(
    r"""(?imx)
    \b(?:system|initial|original|hidden|secret|internal|developer(?:'s)?|pre-?)[ \t]+
        (?:prompt|instructions?|message|rules|configuration)\b
    | \bmy[ \t]+(?:instructions|guidelines|rules|configuration|directives|prompt|setup|system[ \t]+message)\b
    | \bI[ \t]+(?:was|am|have[ \t]+been|'ve[ \t]+been)[ \t]+
        (?:told|instructed|configured|programmed|initiali[sz]ed|given|set[ \t]+up|prompted)\b
    | \b(?:rules|instructions)[ \t]+I[ \t]+(?:follow|was[ \t]+given|operate[ \t]+under)\b
    | \bI[ \t]+operate[ \t]+under\b
    | \bas[ \t]+instructed\b
    | \b(?:repeat|print|reveal|show)(?:ing)?[ \t]+(?:everything|all[ \t]+the[ \t]+text|the[ \t]+text)[ \t]+above\b
    | ^[ \t>*#-]*(?:system[ \t]*:|\[system\]|<<SYS>>|\[INST\]|<\|im_start\|>[ \t]*system)
    | ^[ \t>*"`-]*you[ \t]+are[ \t]+(?:a|an|the)[ \t]+[^\n]{0,60}
        \b(?:assistant|bot|chatbot|agent|ai|model|gpt|tutor|helper|advisor|expert)\b
    """
)


def disclosure_cue(text: str) -> str | None:
    """The words by which `text` announces that it quotes its instructions, or None."""
    match = _CUE.search(text)
    return None if match is None else match.group().strip()
