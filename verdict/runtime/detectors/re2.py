"""Go RE2 regex syntax -> Python `re` syntax, for the gitleaks rules.

Differences that matter in gitleaks' patterns:
* inline flags mid-pattern ("foo(?i)bar") apply to the rest of the enclosing group in RE2; Python only
  accepts global flags at the start, so they become a scoped group "(?i:bar)" closed with that group;
* `\\z` (end of text) is `\\Z` in Python;
* POSIX classes inside brackets ("[[:alnum:]]") are spelled out;
* a literal "[" or a doubled "&&", "--", "||", "~~" inside a class is escaped, since Python reserves them
  for set operations and warns.
Anything else unsupported (\\p{..} classes, \\C, ...) is left alone: `re.compile` rejects it and the rule
is skipped and counted.
"""

from __future__ import annotations

import re

_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_INLINE_FLAGS = re.compile(r"\(\?([a-zA-Z]*-?[a-zA-Z]*)\)")


def to_python(pattern: str) -> str:
    out: list[str] = []
    pending: list[int] = [0]  # scoped-flag groups to close, per open group (index 0: top level)
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append("\\Z" if pattern[i + 1] == "z" else pattern[i : i + 2])
            i += 2
        elif c == "[":
            i = _char_class(pattern, i, out)
        elif c == "(":
            flags = _INLINE_FLAGS.match(pattern, i)
            if flags is not None and (out or len(pending) > 1):
                out.append(f"(?{flags.group(1)}:")
                pending[-1] += 1
                i = flags.end()
            else:
                out.append(c)
                pending.append(0)
                i += 1
        elif c == ")":
            out.append(")" * pending.pop() + ")")
            if not pending:
                pending.append(0)
            i += 1
        else:
            out.append(c)
            i += 1
    out.append(")" * pending[0])
    return "".join(out)


def _char_class(pattern: str, i: int, out: list[str]) -> int:
    """Copy the class starting at pattern[i] == "[" into `out`; return the index after it."""
    n = len(pattern)
    out.append("[")
    i += 1
    if i < n and pattern[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < n:
        c = pattern[i]
        if c == "]" and not first:
            out.append("]")
            return i + 1
        first = False
        if c == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
        elif pattern.startswith("[:", i):
            end = pattern.find(":]", i + 2)
            name = pattern[i + 2 : end] if end > 0 else ""
            if name in _POSIX:
                out.append(_POSIX[name])
                i = end + 2
            else:
                out.append("\\[")
                i += 1
        elif c == "[":
            out.append("\\[")
            i += 1
        elif c in "&-|~" and i + 1 < n and pattern[i + 1] == c:
            out.append(c + "\\" + c)
            i += 2
        elif c == "]":
            out.append("\\]")
            i += 1
        else:
            out.append(c)
            i += 1
    return i
