"""Payment and bank identifiers: cards, IBANs, US bank and routing numbers, wallet addresses."""

from __future__ import annotations

import re

from verdict.runtime.detectors.checksums import credit_card, crypto_address, digits_form, iban_code
from verdict.runtime.detectors.entities.fragments import DD, ED, SEP, B, D, E, W
from verdict.runtime.detectors.entities.record import (
    LABELLED_ONLY_SCORE,
    EntityRecord,
    Keys,
    Pattern,
    Validator,
    case,
)
from verdict.runtime.detectors.entities.shared import ACCOUNT_KEYS, ACCOUNT_LABEL, ADDRESS_KEYS, id_shape
from verdict.runtime.detectors.identifiers import aba_routing, iban_shape

# Stripe/Adyen/Braintree documentation numbers, compared without separators.
KNOWN_TEST_NUMBERS = frozenset(
    {
        "4242424242424242",
        "4000056655665556",
        "4111111111111111",
        "5555555555554444",
        "5105105105105100",
        "2223003122003222",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "6011000990139424",
        "3056930009020004",
        "36227206271667",
        "3566002020360505",
        "6200000000000005",
        "4012888888881881",
        "4000000000000002",
        "4000000000009995",
    }
)
_IBAN = re.compile(rf"[A-Z]{W}[A-Z][0-9]{{2}}(?:{SEP}?[A-Z0-9]{{4}}){{2,7}}(?:{SEP}?[A-Z0-9]{{1,3}})?{B}")

CREDIT_CARD = EntityRecord(
    "CREDIT_CARD",
    presidio="CREDIT_CARD",
    patterns=(
        Pattern(
            "credit-card",
            "CREDIT_CARD",
            re.compile(rf"[0-9]{DD}(?:{SEP}?[0-9]){{12,18}}{ED}"),
            shrinks=True,
            known_test=lambda v: re.sub(r"\D", "", v) in KNOWN_TEST_NUMBERS,
        ),
    ),
    validator=Validator("luhn", credit_card),
    field_keys=(Keys(r"card|cc|visa|mastercard|amex|kreditkarte|carte", generic=True),),
    redaction="keep_last",
    cases=(
        case("Visa 4739 1048 2635 1942", "4739 1048 2635 1942"),
        case("card 2720.7391.0482.6357", "2720.7391.0482.6357"),
        case("test card 122000000000003", "122000000000003"),
        case("card 4739 1048 2635 1943 does not pass Luhn"),
        case("tracking 9400 1000 0000 0000 0000 00 is USPS"),
    ),
)

IBAN_CODE = EntityRecord(
    "IBAN_CODE",
    presidio="IBAN_CODE",
    patterns=(
        Pattern("iban", "IBAN_CODE", _IBAN, shrinks=True),
        Pattern(
            "iban-labelled", "IBAN_CODE", _IBAN, check=iban_shape, labelled=True, score=LABELLED_ONLY_SCORE
        ),
    ),
    validator=Validator("iban", iban_code),
    context=(r"iban", ACCOUNT_LABEL),
    field_keys=(Keys(r"iban"),),
    redaction="keep_last",
    cases=(
        case("IBAN DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"),
        case("IBAN: DE89 3704 0044\n0532 0130 00 thanks", "DE89 3704 0044\n0532 0130 00"),
        case("BG80 BNBG 9661 1020 3456 79 was mistyped"),
    ),
)

BANK_ACCOUNT = EntityRecord(
    "BANK_ACCOUNT",
    presidio="US_BANK_NUMBER",
    patterns=(
        Pattern(
            "aba",
            "BANK_ACCOUNT",
            re.compile(rf"[0-9]{D}[0-9]{{8}}{E}"),
            check=aba_routing,
            algo="aba",
            labelled=True,
        ),
        Pattern(
            "bank-account",
            "BANK_ACCOUNT",
            re.compile(rf"[0-9]{D}(?:[ -]?[0-9]){{7,16}}{E}"),
            check=lambda v: True,
            labelled=True,
            # After these the number must pass the ABA check (pattern "aba"), not only be digits.
            unless_label=frozenset({"routing", "aba", "rtn"}),
        ),
    ),
    # An account or routing number is digits; "ending 4821" is the least a text gives of one.
    form=Validator("account-number", digits_form(4)),
    context=(ACCOUNT_LABEL,),
    field_keys=(ACCOUNT_KEYS,),
    field_shape=id_shape(6, r"\d[\d -]{4,30}\d"),
    cases=(
        case("routing number 021000021", "021000021"),
        case("ABA 011000015, account 40718263951", "011000015", "40718263951"),
        case("routing number 021000022 is a typo"),
    ),
)

CRYPTO = EntityRecord(
    "CRYPTO",
    presidio="CRYPTO",
    patterns=(
        Pattern(
            "crypto",
            "CRYPTO",
            re.compile(
                rf"[13b0]{W}(?:(?<=[13])[1-9A-HJ-NP-Za-km-z]{{25,34}}|(?<=b)c1[02-9ac-hj-np-z]{{8,87}}|(?<=0)x[0-9a-fA-F]{{40}}){B}"
            ),
        ),
    ),
    validator=Validator("wallet", crypto_address),
    field_keys=(Keys(r"wallet|btc|eth|bitcoin|ethereum|crypto"), ADDRESS_KEYS),
    cases=(
        case("send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyT please", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
        case(
            "wallet bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
        ),
        case("send to 1BoatSLRHtKNngkdXEeobR76b53LETtpyX please"),
    ),
)

RECORDS = (CREDIT_CARD, IBAN_CODE, BANK_ACCOUNT, CRYPTO)
