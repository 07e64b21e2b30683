"""Addresses as Faker writes them, in each country's own order: a street line and the components after
it (used by tests/runtime/test_address_extent.py and test_postal_addresses.py)."""

from __future__ import annotations

import re

from faker import Faker

COUNTRIES = {"de_DE": "Deutschland", "fr_FR": "France", "it_IT": "Italia", "nl_NL": "Nederland"}
_INVALID_DUTCH = re.compile(r"S[ADS]$")  # letter pairs PostNL never gives
# Faker's oddities, written on no letter: a street named after "auch Schlauchin", a town "Ursem gem. S"
_ODD = re.compile(r"^[a-z]|\bgem\. ")


def street_line(fake: Faker) -> str:
    value = fake.street_address()
    while _ODD.search(value):
        value = fake.street_address()
    return value


def components(fake: Faker, locale: str) -> list[str]:
    """What follows the street line: unit, city, state and ZIP (US); city, province and postal code
    (Canada); city and postcode (UK); postcode and city (the continent); and the country."""
    if locale == "en_US":
        return [
            fake.secondary_address(),
            fake.city(),
            f"{fake.state_abbr(include_territories=False)} {fake.zipcode()}",
        ]
    if locale == "en_GB":
        return [fake.city(), fake.postcode(), "United Kingdom"]
    if locale == "en_CA":
        province = fake.province_abbr()
        return [fake.city(), f"{province} {fake.postalcode_in_province(province)}", "Canada"]
    postcode, city = fake.postcode(), fake.city()
    while locale == "nl_NL" and _INVALID_DUTCH.search(postcode):
        postcode = fake.postcode()
    while _ODD.search(city):
        city = fake.city()
    return [f"{postcode} {city}", COUNTRIES[locale]]


def seeded(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake
