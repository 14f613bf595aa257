"""Where the patient probably lives, guessed from their time zone, then their locale.

The guess picks the crisis line only until the patient sets their country, and it is
never stored: it is worked out afresh each time the settings are read, and every crisis
text made from it says where it came from and how to set the country for good.

The time zone is read through the tz database's own zone-to-country table (``zone.tab``:
one country per zone) and its links (``US/Eastern`` is ``America/New_York``). The caller
reads the files and the environment; this module only parses and decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from msgspec import Struct

from ketacheck.core.crisis import country_from_locale

#: The command that sets the country for good, as the notes name it.
SET_COUNTRY = "ketacheck settings set country"

GuessSource = Literal["time zone", "language setting"]


class CountryGuess(Struct, frozen=True):
    """A country guessed from this computer's settings, never stored.

    Attributes:
        country: The ISO 3166-1 alpha-2 code guessed (``US``).
        source: What it was guessed from: the time zone or the language setting.
    """

    country: str
    source: GuessSource

    @property
    def note(self) -> str:
        """Where the guess came from and how to make it a setting, for the crisis text:
        "from your time zone — set it with 'ketacheck settings set country US'"."""
        return f"from your {self.source} — set it with '{SET_COUNTRY} {self.country}'"


def zone_countries(zone_tab: str) -> dict[str, str]:
    """The zone-to-country table of the tz database's ``zone.tab``: zone -> code.

    Each data line is "code, coordinates, zone[, comments]", tab-separated; lines
    starting with ``#`` are comments. A line that doesn't fit is skipped.
    """
    table: dict[str, str] = {}
    for line in zone_tab.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3 and _is_code(parts[0]):
            table[parts[2].strip()] = parts[0]
    return table


def zone_links(tzdata_zi: str) -> dict[str, str]:
    """The links of the tz database's compact source (``tzdata.zi``): link -> zone.

    A link line reads ``L TARGET LINK`` (``L America/New_York US/Eastern``).
    """
    links: dict[str, str] = {}
    for line in tzdata_zi.splitlines():
        if line.startswith("L "):
            parts = line.split()
            if len(parts) == 3:
                links[parts[2]] = parts[1]
    return links


def country_of_zone(
    zone: str | None, table: Mapping[str, str], links: Mapping[str, str]
) -> str | None:
    """The country whose zone ``zone`` is (following links), or None (``UTC``, unknown)."""
    seen: set[str] = set()
    while zone and zone not in seen:
        if zone in table:
            return table[zone]
        seen.add(zone)
        zone = links.get(zone)
    return None


def guess_country(
    zone: str | None,
    locale_name: str | None,
    table: Mapping[str, str],
    links: Mapping[str, str],
) -> CountryGuess | None:
    """The country this computer points to: its time zone's, else its locale's.

    Args:
        zone: The IANA name of this computer's zone (``America/New_York``), if it has one.
        locale_name: The locale (``en_US.UTF-8``), if one is set.
        table: The zone-to-country table (:func:`zone_countries`).
        links: The zone links (:func:`zone_links`).
    """
    from_zone = country_of_zone(zone, table, links)
    if from_zone is not None:
        return CountryGuess(from_zone, "time zone")
    from_locale = country_from_locale(locale_name)
    if from_locale is not None:
        return CountryGuess(from_locale, "language setting")
    return None


def _is_code(text: str) -> bool:
    return len(text) == 2 and text.isascii() and text.isalpha() and text.isupper()
