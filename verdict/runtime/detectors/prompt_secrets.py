"""The secret parts of a protected prompt: what an output must never reveal, in any spelling.

A protected prompt often guards one thing above the rest: the access code of a Tensor Trust-style setup
(where the whole "system prompt" is the code), the password a Gandalf-style prompt hides, a key phrase or
codeword. Disclosing it is a leak even when no eight words of the prompt are copied, so these parts are
pulled out and matched on their own (`secret_disclosure.py`). A part is a secret when it is:

* the whole prompt, when the prompt is short (at most 8 words and 64 characters) and assigns nothing;
* the value of an assignment: "the password is X", "access code: X", "codeword 'X'";
* in a prompt that guards something (it speaks of a password, code, secret, key phrase, or of not
  revealing): a quoted string, unless the prompt tells the model to say it ('reply "Access Denied"'), an
  ALL-CAPS token ("BANANA"), or an unusual token: letters mixed with digits or symbols ("hunter2",
  "p@ss!w0rd").

Outside a guarding prompt, quoted strings are labels and examples ('answer "Positive" or "Negative"'),
capitals are emphasis and odd tokens are code: reading them as secrets would flag ordinary answers.

Common words are never secrets on their own: a part made only of function words and the vocabulary of
instructions ("you are a helpful assistant", "NEVER", "IMPORTANT") is dropped, so talk about prompting
cannot match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from verdict.runtime.normalize import normalize

SHORT_PROMPT_WORDS = 8
SHORT_PROMPT_CHARS = 64
MAX_SECRET_CHARS = 64
MAX_SECRET_WORDS = 6
MAX_SECRETS = 32
MAX_ASSIGNED_WORDS = 4  # an unquoted value longer than this is a sentence, and only its first token counts

# Function words, and the words prompts and answers about prompts are made of. Kept short on purpose:
# a word left out here only makes a secret of a part that also has to be quoted, assigned or capitalized.
_COMMON = """
    a about above after again against all also always am an and any are as at be because been before
    being below between both but by can cannot could did do does doing don't down during each else
    ever every few for from further had has have having he her here hers him his how i if in into is
    isn't it it's its itself just let me might more most must my myself no nor not now of off on once
    only or other our ours out over own per please same shall she should so some such than that the
    their them then there these they this those through to too under until up upon us very was we
    were what when where which while who whom why will with within without would yes yet you you're
    your yours yourself ok okay sure thanks thank hello hi
    assistant ai bot chatbot model system user users human prompt prompts instruction instructions
    message messages answer answers reply replies respond response responses question questions ask
    asked help helpful harmless honest polite friendly concise brief short long clear detailed
    accurate safe kind professional expert role act pretend follow ignore previous above below rules
    rule task tasks text output input write say tell reveal share disclose repeat print show explain
    give keep hide never important note warning confidential secret secrets private hidden protect
    access code codes password passwords passphrase key keys word words phrase granted denied deny
    allow allowed true false none null start end begin stop error
    api json xml html http https url sql csv pdf id faq usa uk eu like
"""
COMMON_WORDS = frozenset(_COMMON.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_KEYWORD = (
    r"(?:pass(?:word|code|phrase)|pass (?:word|code|phrase)|access[ -]?code|secret(?:[ -]?(?:word|code|key|"
    r"phrase|password|code[ -]?word))?|code[ -]?(?:word|phrase|name)|key[ -]?phrase|magic word|safe[ -]?word|"
    r"pin(?: code)?|unlock code)"
)
_QUOTED_VALUE = r"\"([^\"\n]{1,64})\"|'([^'\n]{1,64})'|“([^”\n]{1,64})”|‘([^’\n]{1,64})’|`([^`\n]{1,64})`"
_ASSIGNMENT = re.compile(
    rf"(?i)\b{_KEYWORD}s?\b(?:\s+(?:is|was|will be|reads|=)|\s*[:=]|\s+(?=[\"'“‘`]|(?-i:[A-Z0-9]{{3,}})\b))"
    rf"\s*(?:{_QUOTED_VALUE}|([^\s\"'“‘`]+))"
)
_GUARDING = re.compile(
    rf"(?i)\b(?:{_KEYWORD}|secret|confidential|classified|"
    r"(?:never|not|n't)\s+(?:\w+\s+){{0,2}}(?:reveal|disclose|leak|divulge|give away)|keep\s+(?:it|this)\s+secret)"
)
_CLAUSE = re.compile(r"[^.,;:!?\n\"“”()]+")
_QUOTED = re.compile(rf"(?:^|(?<=[\s(\[:,;=]))(?:{_QUOTED_VALUE})")
# A quoted string the prompt tells the model to produce is a template, not a secret.
_TEMPLATE_CUE = re.compile(
    r"(?i)\b(?:say|says|saying|respond|reply|answer|output|print|write|return|type|begin|start|end|"
    r"finish|prefix|with|as|like)\W*$"
)
_CAPITALS = re.compile(r"(?<![\w-])[A-Z][A-Z0-9_-]{3,}(?![\w-])")
_TOKEN = re.compile(r"\S+")
_EDGE_PUNCTUATION = "\"'“”‘’`.,;:!?()[]{}<>"
# Model and version names ("GPT-4", "v2", "ISO-8601") mix letters and digits without being secret.
_VERSION_LIKE = re.compile(
    r"(?i)^(?:[a-z]{1,12}[-_ ])?v?\d+(?:[.\-]\d+)*[a-z]?$|^\d+(?:st|nd|rd|th|s|am|pm)$"
)
# Symbols that make a token odd ("p@ss!"); joiners of compounds ("well-known", "e.g.") do not, and
# brackets, operators and slashes mark code or paths.
_SYMBOLS = frozenset("@#$%&*!?^~+|")
_CODE = re.compile(r"[()\[\]{}<>=\\/;\"]")


@dataclass(frozen=True, slots=True)
class Secret:
    """One secret part of a prompt: its text (normalized, as the prompt writes it) and where it came from."""

    value: str
    source: str  # "whole prompt" | "assigned value" | "quoted string" | "capitalized token" | "unusual token"

    @property
    def skeleton(self) -> str:
        """Letters and digits only, lower-cased: what every spelling of the secret keeps."""
        return "".join(c for c in self.value.lower() if c.isalnum())

    @property
    def content_words(self) -> tuple[str, ...]:
        return content_words(self.value)


def content_words(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORD.findall(text.lower()) if w not in COMMON_WORDS)


def stem(word: str) -> str:
    """A light suffix strip, so "rising"/"rises" and "moons"/"moon" meet; not a linguistic stemmer."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def extract_secrets(prompt: str) -> tuple[Secret, ...]:
    """The secret parts of `prompt`, each once (by skeleton), the most certain source first."""
    text = normalize(prompt).text.strip()
    found = _assigned(text) or _whole(text)  # a short prompt that names its code is not itself the code
    if _GUARDING.search(text):
        found += [*_quoted(text), *_capitals(text), *_unusual(text)]
    seen: set[str] = set()
    secrets = []
    for secret in found:
        if secret.skeleton not in seen and _is_secret(secret.value):
            seen.add(secret.skeleton)
            secrets.append(secret)
    return tuple(secrets[:MAX_SECRETS])


def _is_secret(value: str) -> bool:
    words = _WORD.findall(value)
    return (
        0 < len(value) <= MAX_SECRET_CHARS
        and len(words) <= MAX_SECRET_WORDS
        and any(c.isalnum() for c in value)
        and bool(content_words(value) or _is_unusual(value))
    )


def _whole(text: str) -> list[Secret]:
    if len(text) > SHORT_PROMPT_CHARS or len(_WORD.findall(text)) > SHORT_PROMPT_WORDS:
        return []
    return [Secret(text.strip(_EDGE_PUNCTUATION + " "), "whole prompt")]


def _assigned(text: str) -> list[Secret]:
    return [
        Secret(_value(text, m).strip(_EDGE_PUNCTUATION), "assigned value") for m in _ASSIGNMENT.finditer(text)
    ]


def _value(text: str, match: re.Match[str]) -> str:
    """A quoted value as quoted; an unquoted one to the end of its clause when that is a short phrase
    ("the password is new yard employee."), else its first token ("is sunflower and must stay hidden")."""
    quoted = next((g for g in match.groups()[:-1] if g is not None), None)
    if quoted is not None:
        return quoted
    clause = _CLAUSE.match(text, match.start(len(match.groups())))
    phrase = clause.group() if clause else ""
    return phrase if len(_WORD.findall(phrase)) <= MAX_ASSIGNED_WORDS else match.group(len(match.groups()))


def _quoted(text: str) -> list[Secret]:
    return [
        Secret(next(g for g in m.groups() if g is not None).strip(), "quoted string")
        for m in _QUOTED.finditer(text)
        if not _TEMPLATE_CUE.search(text[max(0, m.start() - 40) : m.start()])
    ]


def _capitals(text: str) -> list[Secret]:
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return []  # a shouted prompt: its capitals say nothing
    return [
        Secret(m.group(), "capitalized token")
        for m in _CAPITALS.finditer(text)
        if not _VERSION_LIKE.match(m.group())
    ]


def _unusual(text: str) -> list[Secret]:
    tokens = (m.group().strip(_EDGE_PUNCTUATION) for m in _TOKEN.finditer(text))
    return [Secret(t, "unusual token") for t in tokens if _is_unusual(t)]


def _is_unusual(token: str) -> bool:
    """Letters mixed with digits or with inner symbols ("hunter2", "p@ss!word"): not a word, a number, a
    version, code, a path or an address. CamelCase alone is a brand ("OpenAI"), not a secret."""
    if len(token) < 5 or " " in token or _CODE.search(token) or _VERSION_LIKE.match(token):
        return False
    if re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", token):
        return False
    letters = sum(c.isalpha() for c in token)
    digits = sum(c.isdigit() for c in token)
    symbols = sum(c in _SYMBOLS for c in token[1:-1])
    return letters >= 2 and (digits >= 1 or symbols >= 1)
