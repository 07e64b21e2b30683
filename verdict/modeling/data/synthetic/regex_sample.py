"""Random strings matching a gitleaks rule: Go RE2 patterns sampled through Python's regex parser.

gitleaks rules put the secret in capture group 1 behind a keyword-and-assignment prefix; we sample
only that group (the surrounding code context is ours to write), or the whole pattern when the rule
has no group. RE2 constructs Python rejects (mid-pattern `(?i)`, `(?-i:`, `\\z`) are rewritten first;
case-insensitivity does not matter when generating.
"""

from __future__ import annotations

import random
import re
import string
import warnings
from re import _constants as C
from re import _parser as sre_parse

_WORD = string.ascii_letters + string.digits + "_"
_PRINTABLE = string.ascii_letters + string.digits + "+/=_-.~"
_CATEGORY = {
    C.CATEGORY_DIGIT: string.digits,
    C.CATEGORY_WORD: _WORD,
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_DIGIT: string.ascii_letters,
    C.CATEGORY_NOT_WORD: "-.",
    C.CATEGORY_NOT_SPACE: _WORD,
}
_EXTRA_REPEAT = 12  # open-ended repeats ({n,}, +, *) stop a little past their minimum, like real keys


def python_pattern(pattern: str) -> str:
    """The RE2 pattern in a form Python's `re` accepts (compile it with re.IGNORECASE)."""
    return pattern.replace("(?i)", "").replace("(?-i:", "(?:").replace("(?s:", "(?:").replace("\\z", "$")


def compile_rule(pattern: str) -> re.Pattern:
    with warnings.catch_warnings():
        # RE2 classes like `[[:alpha:]]`-looking `[\w[` trip Python's future-syntax warning; the meaning is unchanged.
        warnings.simplefilter("ignore", FutureWarning)
        return re.compile(python_pattern(pattern), re.IGNORECASE)


def parse(pattern: str) -> sre_parse.SubPattern:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return sre_parse.parse(python_pattern(pattern))


def _find_group(tree, group: int):
    for op, av in tree:
        if op is C.SUBPATTERN:
            if av[0] == group:
                return av[3]
            found = _find_group(av[3], group)
            if found is not None:
                return found
        elif op is C.BRANCH:
            for branch in av[1]:
                found = _find_group(branch, group)
                if found is not None:
                    return found
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            found = _find_group(av[2], group)
            if found is not None:
                return found
    return None


def _class(rng: random.Random, items) -> str:
    chars: list[str] = []
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1) if chr(c).isprintable())
        elif op is C.CATEGORY:
            chars.extend(_CATEGORY.get(av, _WORD))
    if negate:
        pool = [c for c in _PRINTABLE if c not in chars]
        return rng.choice(pool)
    return rng.choice(chars or _WORD)


def _emit(rng: random.Random, tree, out: list[str]) -> None:
    for op, av in tree:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append(rng.choice([c for c in _WORD if ord(c) != av]))
        elif op is C.ANY:
            out.append(rng.choice(_WORD))
        elif op is C.IN:
            out.append(_class(rng, av))
        elif op is C.CATEGORY:
            out.append(rng.choice(_CATEGORY.get(av, _WORD)))
        elif op is C.SUBPATTERN:
            _emit(rng, av[3], out)
        elif op is C.BRANCH:
            _emit(rng, rng.choice(av[1]), out)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high = av[0], av[1]
            high = low + _EXTRA_REPEAT if high is C.MAXREPEAT else high
            for _ in range(rng.randint(low, max(low, high))):
                _emit(rng, av[2], out)
        # AT (anchors, \b), lookarounds and group references emit nothing.


def sample(rng: random.Random, pattern: str) -> str:
    """A string for the pattern's capture group 1 if it has one, else for the whole pattern."""
    tree = parse(pattern)
    target = _find_group(tree, 1) if tree.state.groups > 1 else None
    out: list[str] = []
    _emit(rng, target if target is not None else tree, out)
    return "".join(out)


def compiles(pattern: str) -> bool:
    try:
        parse(pattern)
    except re.error:
        return False
    return True
