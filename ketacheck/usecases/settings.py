"""Reading and changing one setting at a time (``ketacheck settings``).

Each typed value is read by the same function as in the app's Settings form, and the
changed settings are checked whole, as the journal will read them, before anything is
saved: a refused value changes nothing.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from msgspec import Struct

from ketacheck.core.crisis import crisis_text
from ketacheck.core.setting_keys import (
    SETTING_KEYS,
    SettingKey,
    Source,
    Typing,
    json_value,
    listed_countries,
    setting_key,
    shown_value,
)
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.store.system_country import country_names


class SettingRow(Struct, frozen=True):
    """One setting as ``ketacheck settings`` shows it.

    Attributes:
        key: Its name on the command line.
        about: What it is.
        text: Its value as the patient reads it.
        value: Its value as JSON gives it.
        source: Where the value comes from: set, guessed or default.
        default: The default, as JSON gives it.
    """

    key: str
    about: str
    text: str
    value: Any
    source: Source
    default: Any

    def to_json(self) -> dict[str, Any]:
        """The row as ``--json`` prints it."""
        return {
            "key": self.key,
            "value": self.value,
            "source": self.source,
            "default": self.default,
            "text": self.text,
            "about": self.about,
        }


def row_of(key: SettingKey, settings: Settings) -> SettingRow:
    """How ``key`` stands in ``settings``."""
    return SettingRow(
        key.key,
        key.about,
        shown_value(key, settings),
        json_value(key, settings),
        key.source(settings),
        key.as_json(key.default()),
    )


def setting_rows(settings: Settings) -> list[SettingRow]:
    """Every setting, in order."""
    return [row_of(key, settings) for key in SETTING_KEYS]


def read_setting(settings: Settings, name: str) -> SettingRow:
    """The setting called ``name``.

    Raises:
        ValidationError: there is no such setting.
    """
    return row_of(setting_key(name), settings)


def _save(journal: Journal, settings: Settings) -> Settings:
    """Check ``settings`` as the journal will read them, save them, and read them back."""
    Settings.from_dict(settings.to_dict())
    journal.save_settings(settings)
    return journal.settings()


class SettingChange(Struct, frozen=True):
    """A typed value read and checked, ready to save."""

    key: SettingKey
    value: Any


def read_change(
    current: Settings, name: str, typed: str, now: datetime, tz: tzinfo | None = None
) -> SettingChange:
    """Read what the patient typed for the setting called ``name``, and check the settings
    it makes, before any file is opened to write.

    Raises:
        ValidationError: no such setting, or a value it doesn't take.
    """
    key = setting_key(name)
    value = key.parse(typed, Typing(now, tz, current, country_names()))
    Settings.from_dict(key.put(current, value).to_dict())
    return SettingChange(key, value)


def save_change(journal: Journal, change: SettingChange) -> SettingRow:
    """Save ``change`` into the settings as they are in the journal now (another window
    may have changed another setting meanwhile)."""
    return row_of(change.key, _save(journal, change.key.put(journal.settings(), change.value)))


def unset_setting(journal: Journal, name: str) -> SettingRow:
    """Put the setting called ``name`` back to its default (a country: not set, so
    guessed again), and save it.

    Raises:
        ValidationError: there is no such setting.
    """
    key = setting_key(name)
    current = journal.settings()
    return row_of(key, _save(journal, key.put(current, key.default())))


class CountryChoice(Struct, frozen=True):
    """A country ``settings set country`` takes, with what a crisis would show there."""

    code: str
    name: str
    crisis: str


def country_list() -> list[CountryChoice]:
    """The countries ketacheck has numbers for, by code."""
    return [
        CountryChoice(code, name, crisis_text(Settings(country=code)))
        for code, name in listed_countries().items()
    ]
