"""Valid structured identifiers: national IDs, bank numbers, wallets and VINs with correct check digits.

The serving path re-validates these with python-stdnum (and the same checksums), so a synthetic
positive that failed its own checksum would teach the model to fight its validators. Each function
returns the compact form; `grouped` adds the separators people actually type.
"""

from __future__ import annotations

import hashlib
import random
import string

from stdnum import luhn, verhoeff
from stdnum.au import tfn
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.us import itin, rtn, ssn

from verdict.runtime.detectors.checksums import bech32_polymod

DIGITS = string.digits
UPPER = string.ascii_uppercase


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def grouped(value: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(value[i : i + size])
        i += size
    if i < len(value):
        out.append(value[i:])
    return sep.join(part for part in out if part)


def _until_valid(make, is_valid) -> str:
    # Rejection sampling: every generator below hits a valid value within a few draws.
    while True:
        value = make()
        if is_valid(value):
            return value


def us_ssn(rng: random.Random) -> str:
    return _until_valid(
        lambda: f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}", ssn.is_valid
    )


def us_itin(rng: random.Random) -> str:
    def make() -> str:
        group = rng.choice([*range(70, 89), *range(90, 93), *range(94, 100)])
        return f"9{digits(rng, 2)}{group:02d}{digits(rng, 4)}"

    return _until_valid(make, itin.is_valid)


def uk_nino(rng: random.Random) -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        prefix = rng.choice(first) + rng.choice(second)
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            return prefix + digits(rng, 6) + rng.choice("ABCD")


def uk_nhs(rng: random.Random) -> str:
    def make() -> str:
        body = digits(rng, 9)
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1))) % 11
        return body + str(0 if check == 11 else check)

    return _until_valid(make, nhs.is_valid)


def es_nif(rng: random.Random) -> str:
    if rng.random() < 0.75:
        body = digits(rng, 8)
        return body + dni.calc_check_digit(body)
    body = rng.choice("XYZ") + digits(rng, 7)
    return body + nie.calc_check_digit(body)


def it_fiscal_code(rng: random.Random) -> str:
    consonants = "BCDFGHJKLMNPQRSTVWXZ"
    day = rng.randint(1, 28) + rng.choice((0, 40))
    body = (
        "".join(rng.choice(consonants) for _ in range(6))
        + digits(rng, 2)
        + rng.choice("ABCDEHLMPRST")
        + f"{day:02d}"
        + rng.choice(UPPER)
        + digits(rng, 3)
    )
    return body + codicefiscale.calc_check_digit(body)


def de_tax_id(rng: random.Random) -> str:
    def make() -> str:
        body = str(rng.randint(1, 9)) + digits(rng, 9)
        return body + idnr.mod_11_10.calc_check_digit(body)

    return _until_valid(make, idnr.is_valid)


def fr_nir(rng: random.Random) -> str:
    body = (
        rng.choice("12")
        + digits(rng, 2)
        + f"{rng.randint(1, 12):02d}"
        + f"{rng.randint(1, 95):02d}"
        + f"{rng.randint(1, 990):03d}"
        + f"{rng.randint(1, 999):03d}"
    )
    value = body + nir.calc_check_digits(body)
    return value if nir.is_valid(value) else fr_nir(rng)


def in_pan(rng: random.Random) -> str:
    def make() -> str:
        letters = "".join(rng.choice(UPPER) for _ in range(3)) + rng.choice("PCHFATBLJG") + rng.choice(UPPER)
        return letters + digits(rng, 4) + rng.choice(UPPER)

    return _until_valid(make, pan.is_valid)


def in_aadhaar(rng: random.Random) -> str:
    def make() -> str:
        body = str(rng.randint(2, 9)) + digits(rng, 10)
        return body + verhoeff.calc_check_digit(body)

    return _until_valid(make, aadhaar.is_valid)


def au_tfn(rng: random.Random) -> str:
    return _until_valid(lambda: digits(rng, 9), tfn.is_valid)


def ca_sin(rng: random.Random) -> str:
    def make() -> str:
        body = rng.choice("1234567") + digits(rng, 7)
        return body + luhn.calc_check_digit(body)

    return _until_valid(make, sin.is_valid)


def aba_routing(rng: random.Random) -> str:
    def make() -> str:
        body = rng.choice(("0", "1", "2", "3")) + digits(rng, 7)
        return body + rtn.calc_check_digit(body)

    return _until_valid(make, rtn.is_valid)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def btc_base58(rng: random.Random) -> str:
    payload = bytes([rng.choice((0x00, 0x05))]) + rng.randbytes(20)
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def btc_bech32(rng: random.Random) -> str:
    program = rng.randbytes(20)
    bits = "".join(f"{b:08b}" for b in program)
    data = [0] + [int(bits[i : i + 5].ljust(5, "0"), 2) for i in range(0, len(bits), 5)]
    hrp = "bc"
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    polymod = bech32_polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + checksum)


def eth_address(rng: random.Random) -> str:
    return "0x" + rng.randbytes(20).hex()


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_VALUE = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin(rng: random.Random) -> str:
    chars = [rng.choice(_VIN_CHARS) for _ in range(17)]
    total = sum(_VIN_VALUE[c] * w for c, w in zip(chars, _VIN_WEIGHTS))
    chars[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(chars)


def vin_is_valid(value: str) -> bool:
    total = sum(_VIN_VALUE[c] * w for c, w in zip(value, _VIN_WEIGHTS))
    return len(value) == 17 and value[8] == ("X" if total % 11 == 10 else str(total % 11))
