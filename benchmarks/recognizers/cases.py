"""Recognizer cases for the structured PII types, written from the formats' own specifications.

Each case is a text and the values in it with their types; a case with no values is a negative (an
ordinary sentence whose numbers belong to nobody). Valid numbers were computed from the published check
algorithms (Luhn, ISO 7064 mod 97-10 and mod 11-10, Verhoeff, the ABA 3-7-1 weights, HMRC's and
the IRS's number ranges, the Agenzia delle Entrate's check character), not copied from any tool's tests.

Sources, one per format:
- US_SSN: SSA (area 001-899 but 666, group 01-99, serial 0001-9999), written 3-2-4 with dashes, dots,
  spaces or none.
- US_ITIN: IRS (9XX-50..65, 70..88, 90..92, 94..99-XXXX).
- US_DRIVER_LICENSE: the states' formats as their DMVs publish them (CA A9999999, NY 999 999 999,
  FL A999-999-99-999-9, TX 99999999, IL A999-9999-9999, WA WDL+9, PA 99 999 999, OH AA999999,
  MI A 999 999 999 999, NJ A9999 99999 99999, MA S99999999, IA 999AA9999, NH 99AAA99999).
- Passports: US (9 digits, or a letter and 8 digits since 2021), UK (9 digits), DE (C/F/G/H/J/K + 8
  of CFGHJKLMNPRTVWXYZ0-9), FR (99AA99999), IT (AA9999999), ES (AAA999999), IN (A9999999), CA
  (AA999999), AU (A9999999 or PA9999999).
- ABA routing numbers: ABA (9 digits, prefix 00-12/21-32/61-72/80, 3-7-1 weights sum to 0 mod 10);
  US bank account numbers: 8 to 17 digits, named by their label.
- Cards: ISO/IEC 7812 IIN ranges and lengths (Visa 4, 13/16/19; Mastercard 51-55 and 2221-2720;
  Amex 34/37, 15; Discover 6011/644-649/65; JCB 3528-3589; Diners 300-305/36/38, 14; UnionPay 62,
  16-19; UATP 1, 15), Luhn.
- IBAN: ISO 13616 (mod 97-10), grouped by four, written on one line or broken over two.
- DE_TAX_ID: BZSt Steuer-IdNr (11 digits, no leading zero, ISO 7064 mod 11-10; in the first ten one
  digit appears twice or three times; numbers printed in forms and samples that break the repetition
  rule are kept, with their label, at lower confidence).
- IN_PAN: Income Tax Department (AAAPA9999A, 4th letter the holder's status); IN_AADHAAR: UIDAI (12
  digits, first 2-9, Verhoeff).
- IT_FISCAL_CODE: DM 23/12/1976 with omocodia (digits of the birth date and place replaced by
  L M N P Q R S T U V, the check character recomputed).
- UK_NHS (mod 11), UK_NINO (HMRC prefixes), ES_NIF (mod 23 letter), FR_NIR (97 - n mod 97), AU_TFN
  (weighted mod 11), CA_SIN (Luhn), IP and MAC addresses.
- VEHICLE_ID: VIN (ISO 3779, North American check digit in position 9) and number plates (UK AA99 AAA,
  DE A-AA 9999, FR AA-999-AA, IT AA 999 AA, ES 9999 AAA, US 9AAA999) next to a word that names them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    values: tuple[tuple[str, str], ...] = ()  # (value as written in text, entity type)
    note: str = ""


def _c(text: str, *values: tuple[str, str], note: str = "") -> Case:
    for value, _ in values:
        if value not in text:
            raise ValueError(f"{value!r} not in {text!r}")
    return Case(text, tuple(values), note)


SSN = "US_SSN"
ITIN = "US_ITIN"
DL = "US_DRIVER_LICENSE"
USPP = "US_PASSPORT"
PP = "PASSPORT"
BANK = "BANK_ACCOUNT"
CARD = "CREDIT_CARD"
IBAN = "IBAN_CODE"
PHONE = "PHONE_NUMBER"
VEH = "VEHICLE_ID"

CASES: tuple[Case, ...] = (
    # -- US_SSN: dashes, dots, spaces, none --------------------------------------------------------
    _c("My SSN is 536-22-8471.", ("536-22-8471", SSN)),
    _c("SSN 078.05.1123 on the form", ("078.05.1123", SSN), note="dots; not a phone"),
    _c("social security number 212 67 4901", ("212 67 4901", SSN)),
    _c("Her social security number: 536228471", ("536228471", SSN)),
    _c("ssn=212-67-4901&name=x", ("212-67-4901", SSN)),
    _c("The applicant (SSN: 401.82.3307) signed.", ("401.82.3307", SSN)),
    _c("Social Security No. 123-45-6789 and 536 22 8471", ("123-45-6789", SSN), ("536 22 8471", SSN)),
    _c("SSN 666-12-3456 is never issued"),
    _c("SSN 000-12-3456 is never issued"),
    _c("batch 123456789 shipped on Monday"),
    # -- US_ITIN -----------------------------------------------------------------------------------
    _c("ITIN 911-53-1234", ("911-53-1234", ITIN), note="IRS 50-65 range; not a phone"),
    _c("my ITIN is 912-78-4421", ("912-78-4421", ITIN)),
    _c("ITIN: 987.94.2210", ("987.94.2210", ITIN)),
    _c("Individual Taxpayer Identification Number 900 70 0001", ("900 70 0001", ITIN)),
    _c("ITIN 955881234 on file", ("955881234", ITIN)),
    _c("Taxpayer ITIN 923-91-5678 for the return", ("923-91-5678", ITIN)),
    _c("ITIN 912-89-1234 is outside the IRS ranges"),
    # -- US_DRIVER_LICENSE by state ----------------------------------------------------------------
    _c("California driver's license D5521837", ("D5521837", DL)),
    _c("NY driver license number 618 204 977", ("618 204 977", DL)),
    _c("Florida DL: W426-545-30-761-0", ("W426-545-30-761-0", DL)),
    _c("Texas driver's license no. 40718263", ("40718263", DL)),
    _c("Illinois driver's licence S530-4217-8261", ("S530-4217-8261", DL)),
    _c("Washington driver license WDL4H7KQ92ZB", ("WDL4H7KQ92ZB", DL)),
    _c("PA driver's license 27 183 409", ("27 183 409", DL)),
    _c("Ohio driver license: SK418207", ("SK418207", DL)),
    _c("Michigan driver's license B 413 562 789 012", ("B 413 562 789 012", DL)),
    _c("NJ driver license K4172 03918 27364", ("K4172 03918 27364", DL)),
    _c("Massachusetts license number S41720391", ("S41720391", DL)),
    _c("Iowa driver's license 417AB2039", ("417AB2039", DL)),
    _c("New Hampshire driver's license 12ABC34567", ("12ABC34567", DL)),
    _c("The license plate and software license cost $1,200 in 2024."),
    _c("MIT license, version 2.0"),
    # -- passports -----------------------------------------------------------------------------------
    _c("US passport number 518207341", ("518207341", USPP)),
    _c("Passport: A41720391 (United States)", ("A41720391", USPP), note="next-generation US passport"),
    _c("my passport no is 457839210", ("457839210", USPP)),
    _c("UK passport 923817465", ("923817465", PP)),
    _c("German passport (Reisepass) C4J7MN2K9", ("C4J7MN2K9", PP)),
    _c("French passport number 18AV73412", ("18AV73412", PP)),
    _c("Italian passport YA8316472", ("YA8316472", PP)),
    _c("Spanish passport XDA417203", ("XDA417203", PP)),
    _c("Indian passport number J8369854", ("J8369854", PP)),
    _c("Canadian passport AK417203", ("AK417203", PP)),
    _c("Australian passport PA4172039", ("PA4172039", PP)),
    _c("Passport photos cost $15 at 2400 Main St."),
    _c("Renew your passport 6 weeks before travel."),
    # -- ABA routing and US bank accounts ------------------------------------------------------------
    _c("routing number 021000021", ("021000021", BANK)),
    _c("ABA 011000015, account 40718263951", ("011000015", BANK), ("40718263951", BANK)),
    _c("Routing: 122000661 Account: 000123456789", ("122000661", BANK), ("000123456789", BANK)),
    _c("bank account number 8374 1029 3847", ("8374 1029 3847", BANK)),
    _c("Wire to acct 7302916458 at the bank", ("7302916458", BANK)),
    _c("ABA routing 322271614", ("322271614", BANK)),
    _c("routing number 021000022 is a typo", note="fails 3-7-1"),
    _c("Order 021000021 shipped", note="no bank word"),
    # -- cards: every brand, any grouping, several on a line -----------------------------------------
    _c("Visa 4739 1048 2635 1942", ("4739 1048 2635 1942", CARD)),
    _c("old Visa 4739104826358", ("4739104826358", CARD)),
    _c("Visa 4739 1048 2635 1947 264", ("4739 1048 2635 1947 264", CARD)),
    _c("Mastercard 5173-9104-8263-5190", ("5173-9104-8263-5190", CARD)),
    _c("MC 5573910482635196 exp 09/29", ("5573910482635196", CARD)),
    _c("Mastercard 2-series 2221 7391 0482 6351", ("2221 7391 0482 6351", CARD)),
    _c("card 2720.7391.0482.6357", ("2720.7391.0482.6357", CARD)),
    _c("Amex 3473 910482 63516", ("3473 910482 63516", CARD)),
    _c("Amex 377391048263519", ("377391048263519", CARD)),
    _c("Discover 6011 7391 0482 6356", ("6011 7391 0482 6356", CARD)),
    _c("Discover 6573-9104-8263-5194", ("6573-9104-8263-5194", CARD)),
    _c("Discover 6447391048263512", ("6447391048263512", CARD)),
    _c("JCB 3528 7391 0482 6359", ("3528 7391 0482 6359", CARD)),
    _c("JCB 3589739104826355", ("3589739104826355", CARD)),
    _c("Diners 3007 391048 2638", ("3007 391048 2638", CARD)),
    _c("Diners Club 36739104826350", ("36739104826350", CARD)),
    _c("UnionPay 6273 9104 8263 5197", ("6273 9104 8263 5197", CARD)),
    _c("UnionPay 6273910482635194729", ("6273910482635194729", CARD)),
    _c("test card 122000000000003", ("122000000000003", CARD), note="UATP, Luhn-valid"),
    _c(
        "Visa 4739 1048 2635 1942, Amex 377391048263519 and JCB 3528-7391-0482-6359",
        ("4739 1048 2635 1942", CARD),
        ("377391048263519", CARD),
        ("3528-7391-0482-6359", CARD),
    ),
    _c(
        "the same card: 4739104826351942 / 4739 1048 2635 1942 / 4739-1048-2635-1942",
        ("4739104826351942", CARD),
        ("4739 1048 2635 1942", CARD),
        ("4739-1048-2635-1942", CARD),
    ),
    _c("card 4739 1048 2635 1943 does not pass Luhn"),
    _c("tracking 9400 1000 0000 0000 0000 00 is USPS"),
    _c("Card expires 09/29, CVV on the back."),
    # -- IBAN -----------------------------------------------------------------------------------------
    _c("IBAN DE89 3704 0044 0532 0130 00", ("DE89 3704 0044 0532 0130 00", IBAN)),
    _c(
        "IBAN: DE89 3704 0044\n0532 0130 00 thanks", ("DE89 3704 0044\n0532 0130 00", IBAN), note="line break"
    ),
    _c("pay GB29 NWBK 6016 1331 9268 19 today", ("GB29 NWBK 6016 1331 9268 19", IBAN)),
    _c("FR1420041010050500013M02606", ("FR1420041010050500013M02606", IBAN)),
    _c("Cuenta ES91 2100 0418 4502 0005 1332", ("ES91 2100 0418 4502 0005 1332", IBAN)),
    _c(
        "IBAN: NL91 ABNA\n0417 1643 00",
        ("NL91 ABNA\n0417 1643 00", IBAN),
        note="broken after the bank code",
    ),
    _c("BG80 BNBG 9661 1020 3456 79 was mistyped", note="bad checksum, no context"),
    # -- DE_TAX_ID ------------------------------------------------------------------------------------
    _c("Steuer-ID 26957483184", ("26957483184", "DE_TAX_ID")),
    _c("Steueridentifikationsnummer: 47 193 526 049", ("47 193 526 049", "DE_TAX_ID")),
    _c("Steuer-IdNr. 11223344553", ("11223344553", "DE_TAX_ID"), note="stdnum refuses its repetitions"),
    _c("IdNr 51551551557", ("51551551557", "DE_TAX_ID"), note="stdnum refuses its repetitions"),
    _c("order 11223344553 shipped", note="repetition and no context"),
    # -- IN_PAN and IN_AADHAAR -------------------------------------------------------------------------
    _c("PAN: AFZPK7190K", ("AFZPK7190K", "IN_PAN")),
    _c("Company PAN BNZCB2318J", ("BNZCB2318J", "IN_PAN")),
    _c("his PAN card AAHPT4172E", ("AAHPT4172E", "IN_PAN")),
    _c("Aadhaar 2345 6789 0124", ("2345 6789 0124", "IN_AADHAAR")),
    _c("aadhaar no. 987654321012", ("987654321012", "IN_AADHAAR")),
    _c("UID 4567-8123-4562", ("4567-8123-4562", "IN_AADHAAR")),
    _c("Aadhaar 2345 6789 0125 fails Verhoeff"),
    # -- IT_FISCAL_CODE --------------------------------------------------------------------------------
    _c("codice fiscale RSSMRA85T10A562S", ("RSSMRA85T10A562S", "IT_FISCAL_CODE")),
    _c("CF: BNCGLI72M41H501T", ("BNCGLI72M41H501T", "IT_FISCAL_CODE")),
    _c("codice fiscale VRDLCU80A01F205J", ("VRDLCU80A01F205J", "IT_FISCAL_CODE")),
    _c("omocodia: RSSMRA85T1LA562V", ("RSSMRA85T1LA562V", "IT_FISCAL_CODE")),
    _c("codice fiscale BNCGLIVPM41H5LMC", ("BNCGLIVPM41H5LMC", "IT_FISCAL_CODE")),
    # -- UK, ES, FR, AU, CA --------------------------------------------------------------------------
    _c("NHS number 485 777 3457", ("485 777 3457", "UK_NHS")),
    _c("NHS 6349721837", ("6349721837", "UK_NHS")),
    _c("NI number AB 12 34 56 C", ("AB 12 34 56 C", "UK_NINO")),
    _c("NINO: JG103759A", ("JG103759A", "UK_NINO")),
    _c("DNI 48291735S", ("48291735S", "ES_NIF")),
    _c("NIE X1234567L", ("X1234567L", "ES_NIF")),
    _c("numéro de sécurité sociale 1 85 05 75 112 345 29", ("1 85 05 75 112 345 29", "FR_NIR")),
    _c("TFN 876 543 210", ("876 543 210", "AU_TFN")),
    _c("SIN 192-837-466", ("192-837-466", "CA_SIN")),
    _c("social insurance number 271 447 328", ("271 447 328", "CA_SIN")),
    # -- phones, not identifiers -----------------------------------------------------------------------
    _c("US: 415-555-0132", ("415-555-0132", PHONE), note="not a passport"),
    _c("call 415-555-0199 now", ("415-555-0199", PHONE), note="not UK_NHS too"),
    _c("Call me at (415) 555-0132.", ("(415) 555-0132", PHONE)),
    _c("Tel +44 20 7946 0958", ("+44 20 7946 0958", PHONE)),
    # -- IP and MAC ------------------------------------------------------------------------------------
    _c("login from 203.0.113.54", ("203.0.113.54", "IP_ADDRESS")),
    _c("client ::ffff:198.51.100.7 connected", ("::ffff:198.51.100.7", "IP_ADDRESS")),
    _c("host 2001:db8:85a3::8a2e:370:7334 is up", ("2001:db8:85a3::8a2e:370:7334", "IP_ADDRESS")),
    _c("MAC 00:1A:2B:3C:4D:5E", ("00:1A:2B:3C:4D:5E", "MAC_ADDRESS")),
    _c("upgraded to version 10.4.2.1 last week"),
    # -- vehicles: VIN and number plates with the word that names them ---------------------------------
    _c("VIN 1HGCM82633A004352", ("1HGCM82633A004352", VEH)),
    _c("vehicle identification number 1M8GDM9AXKP042788", ("1M8GDM9AXKP042788", VEH)),
    _c("UK number plate AB12 CDE", ("AB12 CDE", VEH)),
    _c("license plate 7ABC123", ("7ABC123", VEH)),
    _c("Kennzeichen B-MW 1234", ("B-MW 1234", VEH)),
    _c("plaque d'immatriculation AB-123-CD", ("AB-123-CD", VEH)),
    _c("targa AB 123 CD", ("AB 123 CD", VEH)),
    _c("matrícula 1234 BCD", ("1234 BCD", VEH)),
    _c("ZEBRA-42 is my favourite horse"),
    _c("Meet at gate B12 for flight UA 245."),
)
