"""Checks for structured entity types: checksums and formats that a random digit string fails.

Each takes the raw matched value, separators and all. The entity records (`entities`) name which check
is a type's validator (it confirms a match: "checksum:<algo>") and which is only its form: what a span
of the type must contain somewhere ("me at" holds no email address: no domain). Failing a form demotes
a model span like a failed checksum; passing proves nothing (the span's edges may still be off), so it
never confirms.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from collections.abc import Callable

from stdnum import iban, luhn

from verdict.runtime.detectors.addresses import postcode
from verdict.runtime.detectors.identifiers import plate

_SEPARATORS = re.compile(r"[\s.\-]")
# Issuer ranges that exist: Amex/Diners/JCB (3), Visa (4), Mastercard (51-55, 2221-2720), Discover/
# UnionPay/Maestro (6), and UATP (1, 15 digits only: `_uatp`). Luhn alone passes one random number in ten.
_CARD_IIN = re.compile(r"^(?:3[0-8]|4|5[0-8]|6|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))")
# HMRC: no D, F, I, Q, U, V; second letter not O; a few prefixes never issued.
_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")
_MAC = re.compile(
    r"^[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$|^(?:[0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}$"
)
_ETH = re.compile(r"^0x[0-9a-fA-F]{40}$")
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value)


def credit_card(value: str) -> bool:
    digits = _compact(value)
    return (
        digits.isdigit()
        and 13 <= len(digits) <= 19
        and (bool(_CARD_IIN.match(digits)) or _uatp(digits))
        and luhn.is_valid(digits)
    )


def _uatp(digits: str) -> bool:
    """UATP (airline) cards: IIN 1, 15 digits, Luhn, as "122000000000003" in payment test suites."""
    return digits.startswith("1") and len(digits) == 15


# IRS: an ITIN is 9XX-XX-XXXX with the middle group in 50-65 (since 2011), 70-88, 90-92 or 94-99.
_ITIN = re.compile(r"9[0-9]{2}(?:5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-2]|9[4-9])[0-9]{4}")


def itin(value: str) -> bool:
    return _ITIN.fullmatch(_compact(value)) is not None


def iban_code(value: str) -> bool:
    """stdnum strips spaces only; an IBAN wrapped over two lines is the same number."""
    return iban.is_valid(re.sub(r"\s", "", value))


def _base58check(value: str) -> bool:
    """Bitcoin legacy/P2SH address: base58 payload whose last 4 bytes are sha256d of the rest."""
    number = 0
    for c in value:
        if c not in _B58_INDEX:
            return False
        number = number * 58 + _B58_INDEX[c]
    raw = number.to_bytes(25, "big") if number.bit_length() <= 200 else b""
    if len(raw) != 25 or raw[0] not in (0x00, 0x05):
        return False
    return hashlib.sha256(hashlib.sha256(raw[:-4]).digest()).digest()[:4] == raw[-4:]


def _bech32(value: str) -> bool:
    """Bitcoin segwit address (BIP-173 bech32 / BIP-350 bech32m checksum)."""
    value = value.lower()
    hrp, _, data = value.rpartition("1")
    if hrp != "bc" or len(data) < 6 or any(c not in _BECH32_INDEX for c in data):
        return False
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + [_BECH32_INDEX[c] for c in data]
    return bech32_polymod(values) in (1, 0x2BC830A3)


def bech32_polymod(values: list[int]) -> int:
    """BIP-173's checksum polynomial over 5-bit values (also used to generate valid test addresses)."""
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for v in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            checksum ^= generator[i] if (top >> i) & 1 else 0
    return checksum


def crypto_address(value: str) -> bool:
    # Ethereum's EIP-55 mixed-case checksum needs keccak-256, which hashlib lacks: format only.
    if value.startswith("0x"):
        return bool(_ETH.match(value))
    if value.lower().startswith("bc1"):
        return _bech32(value)
    return _base58check(value)


def ip_address(value: str) -> bool:
    """A well-formed address that can point at a host: 0.0.0.0, loopback, multicast and netmasks
    (255.255.255.0) are configuration, not anyone's personal data. IPv4's reserved block (240/4) is
    never routed; IPv6's "reserved" is every prefix IANA has not allocated yet (7/8 of the space),
    which says nothing about whether a logged address was someone's, so it is not excluded."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    if address.is_unspecified or address.is_loopback or address.is_multicast:
        return False
    if address.version == 4:
        return not (address.is_reserved or value.startswith("255."))
    return True


def separated(check: Callable[[str], bool]) -> Callable[[str], bool]:
    """`check` on the value with its group separators removed: stdnum's US numbers strip "-" only, but
    "123 45 6789" is the same SSN written with spaces."""
    return lambda value: check(_compact(value))


def nino(value: str) -> bool:
    return bool(_NINO.match(_compact(value).upper()))


# local part, an "at" (@, [at], (at), " at "), then at least two domain labels joined by a dot or its
# spelled-out forms: the obfuscated addresses the generator writes and people use ("jo [at] gmail [dot] com")
_EMAIL_FORM = re.compile(
    r"[\w.%+'-]+\s*(?:@|[\[({]\s*at\s*[\])}]|\sat\s)\s*[\w-]+"
    r"(?:\s*(?:\.|[\[({]\s*dot\s*[\])}]|\sdot\s)\s*[\w-]+)+",
    re.IGNORECASE,
)


def email_form(value: str) -> bool:
    folded = "".join(ch for ch in unicodedata.normalize("NFKC", value) if unicodedata.category(ch) != "Cf")
    return _EMAIL_FORM.search(folded) is not None


# A personal number has at least 7 digits (or keypad letters, as in 1-800-FLOWERS); fewer is a short code
# everyone shares: 911, 999, 112, the 988 crisis line, Samaritans' 116 123. The model read "call or text
# 988" in a crisis reply as a phone number, and the default policy redacted the helpline.
_PHONE_SYMBOL = re.compile(r"[0-9A-Z]")
PHONE_MIN_SYMBOLS = 7


def phone_form(value: str) -> bool:
    return len(_PHONE_SYMBOL.findall(unicodedata.normalize("NFKC", value))) >= PHONE_MIN_SYMBOLS


_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_SENTENCE_END = ".,;:)\"'"
# A brand or compound word: each capital starts a run of lowercase letters ("iPhone", "eBay", "YouTube",
# "PowerShell"); a password's mixed case does not ("dRaGoNfLy").
_CAMEL_WORD = re.compile(r"[a-z]{0,2}(?:[A-Z][a-z]{2,})+")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_HYPHENATED = re.compile(r"(?:[a-z]+|[A-Z][a-z]*)(?:-(?:[a-z]+|[A-Z][a-z]*))+")
_PASSWORD_CLASSES = (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())


def date_form(value: str) -> bool:
    """A date of birth names a month, or is day, month and year, or a month and a four-digit year:
    "1929" alone is a year, nobody's birthday, and "09/29" is a card's expiry (MM/YY), not a birth."""
    numbers = re.findall(r"\d+", value)
    return (
        bool(_MONTH.search(value)) or len(numbers) >= 3 or (len(numbers) == 2 and max(map(len, numbers)) == 4)
    )


# A US passport number is nine digits, or a letter and eight digits (next-generation books, 2021):
# "415-555-0132" is no passport number.
_US_PASSPORT_FORM = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]?[0-9]{8,9}(?![0-9])")


def us_passport_form(value: str) -> bool:
    return _US_PASSPORT_FORM.search(value) is not None


def digits_form(least: int, *, capitals: bool = False):
    """The least form of an identifier every issued format of which holds digits (a driver's licence, a
    passport, a bank account): `least` of them. A model span on a word ("Sure", "licence") is no value.
    With `capitals`, its letters are capitals too, as an issuer prints them: "716c6765" is a hex string."""

    def check(value: str) -> bool:
        if capitals and any(c.islower() for c in value):
            return False
        return sum(c.isdigit() for c in value) >= least

    return check


# Chemical formulas the token head reads as number plates ("H2SO4", "C2H6"): a letter first, two or more
# runs of one or two digits, and no letter that is not a one-letter element symbol. No plate format has
# that shape (plates group their digits once or start with one: "AB12 CDE", "7ABC123").
_ONE_LETTER_ELEMENTS = "HBCNOFPSKVYIWU"
_FORMULA = re.compile(rf"[{_ONE_LETTER_ELEMENTS}](?:[{_ONE_LETTER_ELEMENTS}]|[0-9]{{1,2}})+")


def chemical_formula(value: str) -> bool:
    return _FORMULA.fullmatch(value) is not None and len(re.findall(r"[0-9]+", value)) >= 2


def vehicle_form(value: str) -> bool:
    """A VIN's 17 characters, or a plate (letters and digits, no run of four letters: "ZEBRA-42" is a
    name and a number). A UK or Canadian postcode ("SW1A 1AA" in a London itinerary) is a place, not a
    plate: Royal Mail's and Canada Post's formats fit no plate those countries issue."""
    if chemical_formula(value.strip()) or postcode(value):
        return False
    compact = "".join(c for c in value.upper() if c.isalnum())
    # A plate is printed in capitals: a lowercase run of letters and digits is a command or a word
    # ("ls -1t" in a shell script), not a plate.
    return len(compact) == 17 or (not any(c.islower() for c in value) and plate(value))


def password_form(value: str) -> bool:
    """A password value: one run without spaces, of 6+ characters mixing two kinds (letters and digits,
    cases, symbols), or a 12+ character passphrase. The word "password" in advice is none, and neither is
    a capitalized word ("Windows", "Settings"): its one capital is a word's, not a second kind, nor a word
    with a hyphen or quote at its edge ("-based")."""
    value = value.strip().rstrip(_SENTENCE_END)  # "allowed." ends a sentence; its period is no symbol
    if len(value) < 6 or any(c.isspace() for c in value):
        return False
    # A word inside punctuation or a symbol is still a word: "-based" of "role-based", the "(🔓Developer"
    # of a jailbreak's "(🔓Developer Mode Output)" marker.
    word = _EDGES.sub("", value)
    if len(word) < 12 and word.isalpha() and (word.istitle() or word.islower() or word.isupper()):
        return False
    if len(word) < 12 and _CAMEL_WORD.fullmatch(word):  # "iPhone", "JavaScript": a name's capitals
        return False
    # "two-factor", "end-to-end": short words joined; a diceware passphrase ("correct-horse-battery") is longer
    if len(word) < 12 and _HYPHENATED.fullmatch(word):
        return False
    if word.isalpha() and word.islower() and len(word) < 16:  # "unauthorized": one long word, no phrase
        return False
    kinds = sum(any(test(c) for c in value) for test in _PASSWORD_CLASSES)
    return kinds >= 2 or len(value) >= 12


def mac_address(value: str) -> bool:
    return bool(_MAC.match(value))
