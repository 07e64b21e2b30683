"""Label words and record keys that name several entity types at once; each record that they may name
lists them. A label or key listed by several records names each, and the value decides among them (its
shape, its checksum) or the nearest label does."""

from __future__ import annotations

import re

from verdict.runtime.detectors.entities.record import Check, Keys

# Labels in prose ("tax no.", "passport", "account").
TAX_LABEL = r"tax|steuer"
PASSPORT_LABEL = r"passports?|reisepass|passeport|pasaporte|passaporto"
ACCOUNT_LABEL = r"account|acct|konto|routing|aba|rtn|sort[ _-]?code|bank"

# Record keys.
TAX_KEYS = Keys(r"tax|tin|taxpayer", generic=True)
ACCOUNT_KEYS = Keys(r"account|acct|konto|kontonummer|bank|routing|sort ?code|aba|bsb", generic=True)
# "address" alone may be a street's, a wallet's, a host's or a mailbox's: the value's shape decides.
ADDRESS_KEYS = Keys(
    r"address|addr|street|mailing|adresse|direccion|indirizzo|anschrift|strasse", generic=True
)
PLACE_KEYS = Keys(
    r"city|town|place of birth|birthplace|hometown|based in|residence|ville|ciudad|stadt|citta|village",
    generic=True,
)
REGION_HINT = Keys(r"location|country|region|origin|state", alone=False)


def id_shape(min_digits: int, pattern: str) -> Check:
    """A keyed value's shape: `pattern` whole, with at least `min_digits` digits."""
    compiled = re.compile(pattern)
    return lambda v: compiled.fullmatch(v) is not None and sum(c.isdigit() for c in v) >= min_digits
