"""Runs of an output that decode to text: base64, hex, binary and decimal character codes.

An extraction attack asks for the secret "in base64" or "as hex" to get it past a filter that reads the
plain text. Each run here is decoded once; a run that does not decode to mostly printable text is dropped,
so ordinary words that happen to fit an alphabet ("deface" is hex, "understanding" base64) cost a failed
decode and nothing more.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass

MIN_PRINTABLE = 0.85

_BASE64 = re.compile(r"(?<![\w+/=-])[A-Za-z0-9+/_-]{6,}={0,2}(?![\w+/=-])")
_HEX = re.compile(
    r"(?i)(?<![0-9a-z\\])(?:0x|\\x)?[0-9a-f]{2}(?:[ ,:-]*(?:0x|\\x)?[0-9a-f]{2}){2,}(?![0-9a-z])"
)
_HEX_NOISE = re.compile(r"(?i)0x|\\x|[^0-9a-f]")
_BINARY = re.compile(r"(?<![01])[01]{8}(?:[\s,]*[01]{8})+(?![01])")
_DECIMAL = re.compile(r"(?<![\d.])\d{2,3}(?:[ ,]+\d{2,3}){2,}(?![\d.])")


@dataclass(frozen=True, slots=True)
class DecodedRun:
    start: int  # the encoded run's span in the text
    end: int
    text: str  # what it decodes to
    encoding: str  # "base64" | "hex" | "binary" | "decimal codes"


def decoded_runs(text: str) -> Iterator[DecodedRun]:
    for pattern, encoding, decode in (
        (_BASE64, "base64", _from_base64),
        (_HEX, "hex", _from_hex),
        (_BINARY, "binary", _from_binary),
        (_DECIMAL, "decimal codes", _from_decimal),
    ):
        for match in pattern.finditer(text):
            decoded = decode(match.group())
            if decoded is not None and _printable(decoded):
                yield DecodedRun(match.start(), match.end(), decoded, encoding)


def _printable(text: str) -> bool:
    return bool(text) and sum(c.isprintable() or c in "\n\t" for c in text) >= MIN_PRINTABLE * len(text)


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _from_base64(run: str) -> str | None:
    body = run.rstrip("=")
    if len(body) % 4 == 1:
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in padded or "_" in padded:
            return _text(base64.urlsafe_b64decode(padded))
        return _text(base64.b64decode(padded, validate=True))
    except (binascii.Error, ValueError):
        return None


def _from_hex(run: str) -> str | None:
    digits = _HEX_NOISE.sub("", run)
    return _text(bytes.fromhex(digits)) if len(digits) % 2 == 0 else None


def _from_binary(run: str) -> str:
    bits = re.sub(r"[^01]", "", run)
    return _text(bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8)))


def _from_decimal(run: str) -> str | None:
    codes = [int(n) for n in re.findall(r"\d+", run)]
    return "".join(map(chr, codes)) if all(32 <= c < 127 for c in codes) else None
