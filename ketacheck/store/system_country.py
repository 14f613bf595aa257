"""What this computer says about where the patient lives: its time zone, its locale, and
the tz database's zone-to-country and country-name tables.

The tables come from the ``tzdata`` package (the IANA database as Python ships it for
systems without one, Windows among them), else from the system's own copy in
``/usr/share/zoneinfo``. Each is read once per process, and only when a country is not set.
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

from msgspec.structs import replace

from ketacheck.core.country_guess import CountryGuess, guess_country, zone_countries, zone_links
from ketacheck.core.settings import Settings

SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")


def system_zone_name(localtime: Path = Path("/etc/localtime")) -> str | None:
    """This computer's time zone by its IANA name (``Europe/Berlin``), if it has one.

    From ``TZ`` when it names a zone; else from where ``/etc/localtime`` links to, as on
    Linux and macOS. None for a POSIX rule such as ``EST5EDT,M3.2.0,M11.1.0``, a copied
    file, or anything that is not a zone this Python knows.
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    named = _zone_named(localtime)
    try:
        return ZoneInfo(named).key if named else None
    except (ValueError, OSError, ZoneInfoNotFoundError):
        return None


def _zone_named(localtime: Path = Path("/etc/localtime")) -> str | None:
    """The zone name this computer gives (``TZ``, else where ``/etc/localtime`` links to),
    not yet checked to be a zone."""
    named = os.environ.get("TZ")
    if named is None:
        try:
            target = os.readlink(localtime)
        except OSError:
            return None
        _, marker, named = target.rpartition("zoneinfo/")
        if not marker:
            return None
    return named.removeprefix(":") or None


def locale_name() -> str | None:
    """The patient's locale, as a guess at the country they live in.

    The environment first, in POSIX order (LC_ALL, LC_MESSAGES, LANG), so "C" there means
    no guess; else what Python's locale module reports (Windows sets no variables).
    """
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value
    import locale

    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def tz_database_file(name: str) -> str:
    """One of the tz database's text files (``zone.tab``), or "" if neither copy has it."""
    import importlib.util

    try:
        # The tzdata package's own folder when it is one (its files read directly, with
        # no need to load importlib.resources and its zip support), else as a resource.
        spec = importlib.util.find_spec("tzdata")
        folders = [] if spec is None else list(spec.submodule_search_locations or [])
        for folder in folders:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                return Path(folder, "zoneinfo", name).read_text("utf-8")
        if spec is not None:
            from importlib import resources

            return resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    except (ModuleNotFoundError, ValueError, OSError, UnicodeDecodeError):
        pass
    try:
        return (SYSTEM_ZONEINFO / name).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@functools.cache
def _zone_table() -> dict[str, str]:
    return zone_countries(tz_database_file("zone.tab"))


@functools.cache
def _links() -> dict[str, str]:
    return zone_links(tz_database_file("tzdata.zi"))


@functools.cache
def _guess(zone: str | None, locale_text: str | None) -> CountryGuess | None:
    # None of the "Etc/" zones (``Etc/UTC``, ``Etc/GMT+5``) is any country's, nor links
    # to one: the tables are read only for a name that may be.
    if zone is None or zone.startswith("Etc/"):
        return guess_country(None, locale_text, {}, {})
    table = _zone_table()
    return guess_country(zone, locale_text, table, {} if zone in table else _links())


def system_guess() -> CountryGuess | None:
    """The country this computer points to, from its time zone, else its locale.

    The zone's name is looked up as given: one that is no zone names no country.
    """
    return _guess(_zone_named(), locale_name())


def with_guess(settings: Settings) -> Settings:
    """``settings`` with the country guess attached, while no country is set.

    The guess is never stored (``Settings.to_dict`` leaves it out), so saving settings
    read this way keeps the country unset.
    """
    if settings.country is not None:
        return settings
    guess = system_guess()
    return settings if guess is None else replace(settings, country_guess=guess)


@functools.cache
def country_names() -> dict[str, str]:
    """Every ISO 3166-1 country code the tz database names, with its name (``iso3166.tab``).

    Empty if no copy of the database can be read.
    """
    names: dict[str, str] = {}
    for line in tz_database_file("iso3166.tab").splitlines():
        code, _, name = line.partition("\t")
        if not line.startswith("#") and len(code) == 2 and code.isalpha() and name.strip():
            names[code] = name.strip()
    return names
