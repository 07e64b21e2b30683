"""Secrets by rule: the gitleaks default rules (converted once, shipped as `gitleaks_rules.json`) plus
verdict's own rules for connection strings and session tokens.

A rule runs its regex only when one of its keywords occurs in the lower-cased text, as gitleaks does;
most texts hold no keyword of most rules, which is what keeps 200 rules cheap. All keywords are found in
one pass of a single trie-shaped regex rather than one substring search per keyword. A hit is dropped when its
secret is below the rule's Shannon-entropy threshold, is allowlisted (gitleaks' global and per-rule
regexes and stopwords; allowlists on file paths cannot apply to text and are left out at conversion), or
fails the structure of its type (`secret_forms.failed_form`, for every rule: a placeholder people write
where a secret would go, which gitleaks' own rules catch as `AKIAIOSFODNN7EXAMPLE` only in the AWS rule,
not in `curl -H "X-Api-Key: ..."`; a "JWT" whose header does not decode; a wallet address).

A finding spans the secret (the rule's secret group), except for a connection string, which is the
secret as a whole: it spans the string, up to its last character proper (no sentence punctuation after
a URL, never past the line).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import tomllib

from verdict.runtime.detectors.base import DetectContext, entity_finding
from verdict.runtime.detectors.re2 import to_python
from verdict.runtime.detectors.secret_forms import failed_form
from verdict.runtime.findings import Finding

RULES_RESOURCE = "gitleaks_rules.json"
SCORE = 0.9

# Rule-id prefix -> taxonomy secret type, first match wins; anything else is a GENERIC_API_KEY.
_TYPE_BY_PREFIX: tuple[tuple[str, str], ...] = (
    ("aws", "AWS_ACCESS_KEY"),
    ("gcp", "GCP_API_KEY"),
    ("google", "GCP_API_KEY"),
    ("azure", "AZURE_KEY"),
    ("github", "GITHUB_TOKEN"),
    ("gitlab", "GITLAB_TOKEN"),
    ("slack", "SLACK_TOKEN"),
    ("stripe", "STRIPE_KEY"),
    ("openai", "OPENAI_KEY"),
    ("anthropic", "OPENAI_KEY"),
    ("private-key", "PRIVATE_KEY"),
    ("jwt", "JWT"),
)


def entity_type_of(rule_id: str) -> str:
    for prefix, entity_type in _TYPE_BY_PREFIX:
        if rule_id.startswith(prefix):
            return entity_type
    return "GENERIC_API_KEY"


def shannon_entropy(value: str) -> float:
    """Bits per character, as gitleaks computes it."""
    n = len(value)
    return -sum(k / n * math.log2(k / n) for k in Counter(value).values()) if n else 0.0


@dataclass(frozen=True, slots=True)
class Allowlist:
    """Per gitleaks: OR (default) allows a hit when any regex or stopword matches; AND when all kinds do."""

    regexes: tuple[re.Pattern[str], ...] = ()
    stopwords: tuple[str, ...] = ()
    target: str = "secret"  # "secret" | "match" | "line"
    all_kinds: bool = False
    # generic-api-key has ~1500 stopwords: one trie search instead of a substring search for each.
    _stopword: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stopword", _keyword_regex(self.stopwords) if self.stopwords else None)

    def allows(self, secret: str, match: str, line: str, *, stopwords: bool = True) -> bool:
        subject = {"secret": secret, "match": match, "line": line}[self.target]
        checks = []
        if self.regexes:
            checks.append(any(r.search(subject) for r in self.regexes))
        if stopwords and self._stopword is not None:
            checks.append(self._stopword.search(secret.lower()) is not None)
        return bool(checks) and (all(checks) if self.all_kinds else any(checks))


@dataclass(frozen=True, slots=True)
class SecretRule:
    id: str
    detector: str
    entity_type: str
    regex: re.Pattern[str]
    keywords: tuple[str, ...] = ()
    secret_group: int = 0  # 0: the first non-empty group, else the whole match (gitleaks' choice)
    entropy: float = 0.0
    allowlists: tuple[Allowlist, ...] = ()
    spans_match: bool = False  # the finding spans the whole match, not the secret group
    # `regex` without its leading lazy `[\w.-]{0,reach}?` (see `_lead_anchor`), or None.
    anchor: re.Pattern[str] | None = None
    reach: int = 0

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        r"""Exactly `regex.finditer(text)`; with an anchor, without trying every start position.

        A match of `(?i)[\w.-]{0,N}?REST` starts at most N word characters before a place where REST
        matches. So the next match after `pos` starts at the first such place q, moved back over the word
        characters before it (at most N, not before `pos`): no earlier start can reach REST at q or later
        without crossing a non-word character or exceeding N, and an earlier REST would contradict q.
        """
        if self.anchor is None:
            yield from self.regex.finditer(text)
            return
        pos = 0
        while (hit := self.anchor.search(text, pos)) is not None:
            start = _WORD_TAIL.search(text, max(pos, hit.start() - self.reach), hit.start()).start()
            m = self.regex.match(text, start)
            assert m is not None, f"{self.id}: anchor hit at {hit.start()} without a match from {start}"
            yield m
            pos = m.end()  # never empty: REST holds a keyword


# The lazy `[\w.-]{0,50}?` that ~90 gitleaks rules start with makes sre try the whole rule at every
# position (~100 us per 300 chars for generic-api-key); the rest of the rule starts with its keywords
# and is searched ~20x faster.
_LAZY_LEAD = re.compile(r"\(\?i\)\[\\w\.-\]\{0,(\d+)\}\?")
_WORD_TAIL = re.compile(r"[\w.-]*\Z")


def _lead_anchor(pattern: str) -> tuple[re.Pattern[str] | None, int]:
    lead = _LAZY_LEAD.match(pattern)
    if lead is None:
        return None, 0
    return re.compile("(?i)" + pattern[lead.end() :]), int(lead.group(1))


def _keyword_regex(keywords: Iterable[str]) -> re.Pattern[str]:
    """One regex that, at each position, matches the longest keyword starting there (a trie, so sre
    compares one character per branch instead of trying every keyword)."""
    trie: dict = {}
    for keyword in keywords:
        node = trie
        for c in keyword:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A keyword ending here may be extended: the greedy `?` prefers the longer one.
        return f"(?:{body})?" if "" in node else body

    return re.compile(emit(trie))


# A URL with credentials ends on a character that is not sentence punctuation; an ADO.NET string is
# `key=value;` pairs on one line (its closing ";" belongs to it), values without whitespace after the
# password (after it, prose may follow: "...;Database=orders, then restart").
_URL_TAIL = r"[^\s'\"`]*[^\s'\"`.,;:!?)\]}>]"
_ADO_PAIR = r"[a-z][a-z _]*="
OWN_RULES: tuple[SecretRule, ...] = (
    SecretRule(
        "connection-string",
        "regex:connection-string",
        "CONNECTION_STRING",
        re.compile(rf"\b[a-z][a-z0-9+.-]{{1,20}}://[^\s:/@'\"`]*:([^\s@/'\"`]+)@{_URL_TAIL}", re.IGNORECASE),
        keywords=("://",),
        spans_match=True,
    ),
    SecretRule(
        "ado-connection-string",
        "regex:connection-string",
        "CONNECTION_STRING",
        re.compile(
            rf"(?i)\b(?:server|data source|host|address)\s*=[^;\n'\"]*;(?:[ \t]*{_ADO_PAIR}[^;\n'\"]*;)*?[ \t]*"
            rf"(?:password|pwd)\s*=\s*([^;\s'\"`]+)(?:;[ \t]*{_ADO_PAIR}[^;\s'\"`]*[^;\s'\"`.,])*;?"
        ),
        keywords=("password=", "pwd=", "password =", "pwd ="),
        spans_match=True,
    ),
    # Hugging Face user and organization tokens: a fixed prefix and 34 letters. gitleaks' rules want a
    # quote, space or ";" after them and miss the token inside a JSON string's escaped quotes (\"hf_...\"),
    # a list (",api_org_...,") or markup ("<foo>api_org_...</foo>"); the prefix and the letters are the
    # structure, and a letter, digit or "_" after them means a longer identifier.
    SecretRule(
        "huggingface-token",
        "regex:huggingface-token",
        "GENERIC_API_KEY",
        re.compile(r"(?<![A-Za-z0-9_])((?:hf_|api_org_)[A-Za-z]{34})(?![A-Za-z0-9_])"),
        keywords=("hf_", "api_org_"),
        entropy=3.0,
    ),
    # Square's OAuth application secret: "sq0csp-" and 43 characters of base64url. The converted gitleaks
    # rules know Square's access tokens only (EAAA, sq0atp-), while its test strings hold the secret.
    SecretRule(
        "square-oauth-secret",
        "regex:square-oauth-secret",
        "GENERIC_API_KEY",
        re.compile(r"(?<![\w-])(sq0csp-[0-9A-Za-z_-]{43})(?![\w-])"),
        keywords=("sq0csp-",),
        entropy=3.0,
    ),
    # RFC 6265 cookie values hold no whitespace, quote, comma, semicolon or backslash; a backtick closes
    # the Markdown code span the header is quoted in.
    SecretRule(
        "session-cookie",
        "regex:session-cookie",
        "SESSION_COOKIE",
        re.compile(
            r"(?i)\bcookie:[^\n]*?\b(?:session(?:id)?|sid|phpsessid|jsessionid|connect\.sid|_session|sessid)"
            r"=([^;\s\"',\\`]{8,})"
        ),
        keywords=("cookie:",),
        entropy=2.5,
    ),
    # RFC 6750's token characters, and "%": tokens are pasted URL-encoded (a signed cookie "s%3A...").
    SecretRule(
        "bearer-token",
        "regex:bearer-token",
        "SESSION_COOKIE",
        re.compile(r"(?i)\bauthorization:\s*bearer\s+([a-z0-9\-._~+/%]{16,}=*)"),
        keywords=("authorization:",),
        entropy=3.0,
    ),
)


@dataclass(frozen=True, slots=True)
class SecretDetector:
    rules: tuple[SecretRule, ...]
    global_allowlist: Allowlist = Allowlist()
    name: str = "secrets"
    # The keyword regex reports the longest keyword at each position; every keyword that is a prefix of
    # it occurs there too, so a hit enables the rules of all of them. Rules without keywords always run.
    _keywords: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _by_hit: dict[str, frozenset[int]] = field(init=False, repr=False, compare=False)
    _always: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, set[int]] = {}
        for i, rule in enumerate(self.rules):
            for keyword in rule.keywords:
                index.setdefault(keyword, set()).add(i)
        by_hit = {
            k: frozenset().union(*(rules for p, rules in index.items() if k.startswith(p))) for k in index
        }
        object.__setattr__(self, "_keywords", _keyword_regex(index))
        object.__setattr__(self, "_by_hit", by_hit)
        object.__setattr__(self, "_always", frozenset(i for i, r in enumerate(self.rules) if not r.keywords))

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.entity_type for r in self.rules))

    def active_rules(self, text: str) -> list[int]:
        """Indexes of the rules to run on `text`: those with a keyword in the lower-cased text."""
        lowered = text.lower()
        hits: set[str] = set()
        pos = 0
        # search, not a lookahead findall: sre then skips positions no keyword can start at.
        while (hit := self._keywords.search(lowered, pos)) is not None:
            hits.add(hit.group())
            pos = hit.start() + 1
        return sorted(self._always.union(*(self._by_hit[k] for k in hits)))

    def detect(self, text: str, context: DetectContext) -> list[Finding]:
        findings: list[Finding] = []
        for i in self.active_rules(text):
            rule = self.rules[i]
            for m in rule.finditer(text):
                finding = self._finding(rule, m, text)
                if finding is not None:
                    findings.append(finding)
        return findings

    def allowed(self, rule_id: str, secret: str, match: str, line: str, *, stopwords: bool = True) -> bool:
        """True when the global allowlist or rule `rule_id`'s own lets `secret` (in `match`, on `line`) go;
        `stopwords=False`: by their regexes alone."""
        rules = [r for r in self.rules if r.id == rule_id]
        allowlists = (self.global_allowlist, *(a for r in rules for a in r.allowlists))
        return any(a.allows(secret, match, line, stopwords=stopwords) for a in allowlists)

    def _finding(self, rule: SecretRule, m: re.Match[str], text: str) -> Finding | None:
        group = rule.secret_group or next((g for g in range(1, (m.lastindex or 0) + 1) if m.group(g)), 0)
        secret = m.group(group)
        if not secret or (rule.entropy and shannon_entropy(secret) < rule.entropy):
            return None
        if failed_form(rule.entity_type, secret) is not None:
            return None
        line = text[text.rfind("\n", 0, m.start()) + 1 : _line_end(text, m.end())]
        allowlists = (self.global_allowlist, *rule.allowlists)
        if any(a.allows(secret, m.group(), line) for a in allowlists):
            return None
        start, end = m.span() if rule.spans_match else m.span(group)
        return entity_finding(rule.entity_type, start, end, SCORE, rule.detector)


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


@cache
def default_secret_detector() -> SecretDetector:
    """gitleaks rules from the packaged resource, then verdict's own (compiled once per process)."""
    data = json.loads(resources.files(__package__).joinpath(RULES_RESOURCE).read_text(encoding="utf-8"))
    rules = tuple(_rule_from_json(r) for r in data["rules"])
    return SecretDetector(rules + OWN_RULES, _allowlist_from_json(data["allowlist"]))


def _rule_from_json(r: dict) -> SecretRule:
    anchor, reach = _lead_anchor(r["regex"])
    return SecretRule(
        id=r["id"],
        detector=f"gitleaks:{r['id']}",
        entity_type=entity_type_of(r["id"]),
        regex=re.compile(r["regex"]),
        keywords=tuple(r["keywords"]),
        secret_group=r["secret_group"],
        entropy=r["entropy"],
        allowlists=tuple(_allowlist_from_json(a) for a in r["allowlists"]),
        anchor=anchor,
        reach=reach,
    )


def _allowlist_from_json(a: dict) -> Allowlist:
    return Allowlist(
        regexes=tuple(re.compile(p) for p in a["regexes"]),
        stopwords=tuple(a["stopwords"]),
        target=a["target"],
        all_kinds=a["all_kinds"],
    )


def convert_gitleaks(toml_path: str | Path, out_path: str | Path) -> dict:
    """Convert a gitleaks config into the JSON resource this module loads; returns the summary written.

    Run at development time (the shared data is not installed with verdict). Rules whose regex Python
    cannot compile after translation, and rules on file paths only, are skipped and listed.
    """
    toml_path = Path(toml_path)
    config = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    license_path = toml_path.with_name("LICENSE")
    rules: list[dict] = []
    skipped: list[dict] = []
    for rule in config["rules"]:
        if "regex" not in rule:
            skipped.append({"id": rule["id"], "reason": "matches file paths only"})
            continue
        try:
            converted = _rule_to_json(rule)
        except re.error as e:
            skipped.append({"id": rule["id"], "reason": f"regex: {e}"})
            continue
        rules.append(converted)
    global_allow = config.get("allowlist", {})
    data = {
        "source": f"gitleaks default config ({config.get('title', '')}, minVersion {config.get('minVersion', '?')})",
        "license": license_path.read_text(encoding="utf-8")
        if license_path.exists()
        else "MIT, (c) 2019 Zachary Rice",
        "generated_by": "verdict.runtime.detectors.secrets.convert_gitleaks",
        "compiled": len(rules),
        "skipped": skipped,
        "allowlist": _allowlist_to_json(global_allow),
        "rules": rules,
    }
    Path(out_path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"compiled": len(rules), "skipped": skipped}


def _rule_to_json(rule: dict) -> dict:
    regex = to_python(rule["regex"])
    re.compile(regex)
    return {
        "id": rule["id"],
        "regex": regex,
        "keywords": sorted({k.lower() for k in rule.get("keywords", ())}),
        "secret_group": int(rule.get("secretGroup", 0)),
        "entropy": float(rule.get("entropy", 0.0)),
        "allowlists": [_allowlist_to_json(a) for a in rule.get("allowlists", ()) if _applies_to_text(a)],
    }


def _applies_to_text(allowlist: dict) -> bool:
    has_text_checks = bool(allowlist.get("regexes") or allowlist.get("stopwords"))
    # An AND list that also needs a path match can never be satisfied by text alone.
    return has_text_checks and not (allowlist.get("condition") == "AND" and allowlist.get("paths"))


def _allowlist_to_json(allowlist: dict) -> dict:
    regexes = [to_python(p) for p in allowlist.get("regexes", ())]
    for p in regexes:
        re.compile(p)
    return {
        "regexes": regexes,
        "stopwords": [w.lower() for w in allowlist.get("stopwords", ())],
        "target": allowlist.get("regexTarget", "secret"),
        "all_kinds": allowlist.get("condition") == "AND",
    }
