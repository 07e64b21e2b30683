"""LLM Guard 0.3.16, the scanners that run offline, one tool per invocation (they report per text):
  secrets        input_scanners.Secrets (detect-secrets plus LLM Guard's ~90 credential plugins)
  regex          output_scanners.Regex with the PII patterns below (email, US SSN, card, IPv4, phone, IBAN)
  ban_substrings output_scanners.BanSubstrings with the leakage markers below (prompt disclosure, key
                 prefixes, PEM headers), case-insensitive, whole text
Usage: run_llm_guard.py secrets|regex|ban_substrings IN.jsonl OUT.jsonl"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import run

PII_PATTERNS = [
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",  # email
    r"\b\d{3}-\d{2}-\d{4}\b",  # US SSN
    r"\b(?:\d[ -]?){13,16}\b",  # payment card
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b",  # IPv4
    r"(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b",  # NANP phone
    r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b",  # IBAN
]
LEAK_SUBSTRINGS = [
    "system prompt",
    "my instructions",
    "I was configured",
    "BEGIN RSA PRIVATE KEY",
    "BEGIN PRIVATE KEY",
    "AKIA",
    "ghp_",
    "xoxb-",
    "sk_live_",
    "postgresql://",
    "eyJhbGciOi",
]


def load_for(kind: str):
    def load():
        if kind == "secrets":
            from llm_guard.input_scanners import Secrets

            scanner = Secrets(redact_mode="all")

            def scan(text: str):
                _, valid, _ = scanner.scan(text)
                return valid
        elif kind == "regex":
            from llm_guard.input_scanners.regex import MatchType
            from llm_guard.output_scanners import Regex

            scanner = Regex(patterns=PII_PATTERNS, is_blocked=True, match_type=MatchType.SEARCH, redact=False)

            def scan(text: str):
                _, valid, _ = scanner.scan("", text)
                return valid
        else:
            from llm_guard.input_scanners.ban_substrings import MatchType
            from llm_guard.output_scanners import BanSubstrings

            scanner = BanSubstrings(
                substrings=LEAK_SUBSTRINGS,
                match_type=MatchType.STR,
                case_sensitive=False,
                redact=False,
                contains_all=False,
            )

            def scan(text: str):
                _, valid, _ = scanner.scan("", text)
                return valid

        return lambda text: ([], not scan(text))

    return load


if __name__ == "__main__":
    kind = sys.argv.pop(1)
    import logging

    logging.disable(logging.WARNING)  # LLM Guard logs every detection
    run(f"llm-guard:{kind}", "llm-guard", load_for(kind))
