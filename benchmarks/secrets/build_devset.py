"""Build the secrets dev set (issue 15 item 5) from the shared data; the data itself is never committed.

Units, one JSON line each (`id`, `source`, `text`, `label`: 1 holds a live-looking secret, 0 does not):

* every example of `leakage/gitleaks/gitleaks_rule_examples_literal.jsonl` (the gitleaks rules' own
  true- and false-positive test strings, mostly one line of real code or configuration), labelled as
  gitleaks labels it ("the rule must flag this"), except true positives whose value is a stand-in a
  reader would not take for a live secret (`STAND_INS`, read by hand: counting runs, "abc123xyz",
  a repeated letter, "EXAMPLE" repeated), labelled 0; pieces of gitleaks' test files that hold no value
  (`fragment`: format templates, fixture file names, a lone identifier) are left out;
* lines of GPTeacher's Codegen and Toolformer answers and inputs (GPT-4 code and tool calls, full of
  placeholder `api_key`s and passwords: hard negatives): every line that names a key, token, password
  or auth header or holds a 20+ character token-like run, plus a fixed random sample of the others;
  labelled 0 unless listed in `GPTEACHER_POSITIVES` (read by hand: a value that would work if it were
  real, not a placeholder).

Never train on it. Usage: python benchmarks/secrets/build_devset.py [--data ../shared/data] [-o build/secrets_dev.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GPTEACHER_FILES = ("Codegen/codegen-instruct.json", "Toolformer/toolformer-dedupe-only-dataset.json")
OTHER_LINES = 1500  # random lines without a secret-ish word, for the base rate of ordinary code
SEED = 15
_SECRETISH = re.compile(r"(?i)key|token|secret|passw|pwd|auth|bearer|credential|api[_-]?key|private")
_TOKEN_RUN = re.compile(r"[A-Za-z0-9+/=_\-.~]{20,}")

# Values in gitleaks' true-positive test strings that are documentation stand-ins, not secrets: an
# example holding one is labelled 0 (28 of the 385 true positives, and 3 more since issue 15 item 6: the
# curl and URL examples whose "password" is the word itself or a shell variable; gitleaks' curl and
# URL rules must match their shape, but nothing in them would log anyone in).
STAND_INS = (
    "12345678-ABCD-ABCD-ABCD-1234567890AB",
    "12345678ABCDEFH1234567890ABCDEFH12345678",
    "abc123xyz",
    "abc12fake",
    "QQQQQQQQQQQQQQQQ",
    "511111111-31111111111",
    "EXAMPLEEXAMPLE",
    '"myuserid:mypassword"',
    "Authorization: Basic $BASIC_TOKEN",
    "://admin:password@",
)
# gitleaks' Go test files build many examples with fmt.Sprintf or read them from fixture files, so
# the literal extraction also yields pieces that are no line of code holding a value at all: format
# templates ("xoxb-%s-%s"), regex source, fixture file names ("before-kubernetes.yaml", "cagw_key.P12":
# the rule matches the path, not text), lone words and punctuation ("SessionToken", ", // gitleaks:allow").
# Such a unit is left out of the set, whatever its label: it has no value a detector could flag.
_TEMPLATE = re.compile(r"%s|\\[wd]")
_FILE_NAME = re.compile(r"[\w./-]+\.(?:p12|pfx|ya?ml|config|php|hcl|json|toml)", re.IGNORECASE)
_ALLOW_COMMENT = re.compile(r"//\s*gitleaks:allow")
_LONE_WORD = re.compile(r"[A-Za-z_]{0,20}")  # an identifier ("SessionToken"), or nothing


def fragment(text: str) -> bool:
    """True for a piece of a test file that holds no value: a template, a file name, or nothing but one
    identifier of letters ("SessionToken", "access_token") and punctuation."""
    text = text.strip()
    if _TEMPLATE.search(text) or _FILE_NAME.fullmatch(text):
        return True
    return _LONE_WORD.fullmatch(_ALLOW_COMMENT.sub("", text).strip(" \t\n,;")) is not None


# sha1(line)[:12] of GPTeacher lines that hold a live-looking secret.
GPTEACHER_POSITIVES: frozenset[str] = frozenset()


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def gitleaks_units(data: Path) -> list[dict]:
    units = []
    path = data / "leakage/gitleaks/gitleaks_rule_examples_literal.jsonl"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        text = row["text"].strip("\n")
        if fragment(text):
            continue
        label = int(row["label"] == "true_positive" and not any(v in text for v in STAND_INS))
        units.append(
            {
                "id": f"gitleaks-{n}",
                "source": "gitleaks",
                "rule": row["rule_id"],
                "text": text,
                "label": label,
            }
        )
    return units


def gpteacher_units(data: Path) -> list[dict]:
    seen: set[str] = set()
    hard, other = [], []
    for name in GPTEACHER_FILES:
        for row in json.loads((data / "benign/gpteacher" / name).read_text(encoding="utf-8")):
            for line in (row.get("input") or "").splitlines() + (row.get("response") or "").splitlines():
                line = line.strip()
                if len(line) < 8 or line in seen:
                    continue
                seen.add(line)
                (hard if _SECRETISH.search(line) or _TOKEN_RUN.search(line) else other).append(line)
    other = random.Random(SEED).sample(other, min(OTHER_LINES, len(other)))
    return [
        {
            "id": f"gpteacher-{digest(line)}",
            "source": "gpteacher-hard" if i < len(hard) else "gpteacher-other",
            "text": line,
            "label": int(digest(line) in GPTEACHER_POSITIVES),
        }
        for i, line in enumerate(hard + other)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "secrets_dev.jsonl")
    args = parser.parse_args()
    units = gitleaks_units(args.data) + gpteacher_units(args.data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        for unit in units:
            out.write(json.dumps(unit, ensure_ascii=False) + "\n")
    by_source: dict[str, list[int]] = {}
    for unit in units:
        by_source.setdefault(unit["source"], []).append(unit["label"])
    for source, labels in by_source.items():
        print(f"{source}: {len(labels)} units, {sum(labels)} positive")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
