"""The crisis line for where the patient lives (ketacheck.core.crisis and the country setting)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ketacheck
from ketacheck.core.crisis import (
    CRISIS_LINES,
    FIND_A_HELPLINE,
    country_choices,
    country_from_locale,
    crisis_line_for,
    crisis_text,
    emergency_number,
    emergency_text,
)
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import LEGACY_CRISIS_LINE, Settings

LOCAL = "or your local emergency number"


@pytest.mark.parametrize(
    ("country", "text", "emergency"),
    [
        (
            "US",
            "Call or text 988 (Suicide & Crisis Lifeline) or your local emergency number, 911",
            "911",
        ),
        ("CA", "Call or text 988 or your local emergency number, 911", "911"),
        ("GB", "Call Samaritans on 116 123 or your local emergency number, 999", "999"),
        (
            "IE",
            "Call Samaritans on 116 123 or your local emergency number, 112 or 999",
            "112 or 999",
        ),
        ("AU", "Call Lifeline on 13 11 14 or your local emergency number, 000", "000"),
        ("NZ", "Call or text 1737 or your local emergency number, 111", "111"),
    ],
)
def test_each_listed_country_has_its_line_and_emergency_number(
    country: str, text: str, emergency: str
) -> None:
    settings = Settings(country=country)
    assert crisis_text(settings) == text
    assert emergency_number(settings) == emergency
    assert emergency_text(settings) == f"your local emergency number, {emergency}"


def test_the_us_line_also_offers_chat() -> None:
    line = crisis_line_for("US")
    assert line is not None
    assert line.chat == "988lifeline.org"


def test_an_unknown_country_gets_the_local_emergency_number_and_findahelpline() -> None:
    text = crisis_text(Settings())
    assert FIND_A_HELPLINE == "findahelpline.com"
    assert text == (
        "Call a crisis line listed at findahelpline.com "
        "or your local emergency number (112 across the EU)"
    )
    assert emergency_number(Settings()) is None
    assert emergency_text(Settings()) == "your local emergency number"


def test_a_country_outside_the_table_is_treated_as_unknown() -> None:
    settings = Settings(country="JP")
    assert crisis_line_for("JP") is None
    assert emergency_number(settings) is None
    assert FIND_A_HELPLINE in crisis_text(settings)


def test_another_eu_country_gets_112() -> None:
    settings = Settings(country="DE")
    assert emergency_number(settings) == "112"
    assert crisis_text(settings) == (
        "Call a crisis line listed at findahelpline.com or your local emergency number, 112"
    )


def test_the_patients_own_line_comes_first_and_keeps_the_emergency_number() -> None:
    own = Settings(country="GB", crisis_line="Call the out-of-hours team on 555-0199.")
    assert crisis_text(own) == (
        "Call the out-of-hours team on 555-0199 or your local emergency number, 999"
    )
    unknown = Settings(crisis_line="Call my sister, 555-0123")
    assert crisis_text(unknown) == "Call my sister, 555-0123 or your local emergency number"


def test_a_blank_own_line_uses_the_countrys() -> None:
    assert crisis_text(Settings(country="AU", crisis_line="   ")) == crisis_text(
        Settings(country="AU")
    )


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(country="US"),
        Settings(country="FR"),
        Settings(country="ZZ"),
        Settings(crisis_line="Call 112"),
        *(Settings(country=code) for code in CRISIS_LINES),
    ],
)
def test_every_crisis_text_names_the_local_emergency_number(settings: Settings) -> None:
    assert LOCAL in crisis_text(settings)


def test_old_settings_with_the_old_default_line_keep_988() -> None:
    assert LEGACY_CRISIS_LINE == "Call or text 988 (Suicide & Crisis Lifeline, US)"
    old = Settings.from_dict({"crisis_line": LEGACY_CRISIS_LINE, "onboarded": True})
    assert old.country == "US"
    assert old.crisis_line == ""
    assert crisis_text(old).startswith("Call or text 988")
    assert emergency_number(old) == "911"


def test_old_settings_with_their_own_line_keep_it_and_no_country() -> None:
    old = Settings.from_dict({"crisis_line": "Call 112", "onboarded": True})
    assert old.country is None
    assert old.crisis_line == "Call 112"
    assert crisis_text(old) == "Call 112 or your local emergency number"


def test_country_round_trips_and_is_stored_upper_case() -> None:
    settings = Settings.from_dict({"country": "gb"})
    assert settings.country == "GB"
    assert settings.to_dict()["country"] == "GB"
    assert Settings.from_dict(settings.to_dict()) == settings
    assert Settings.from_dict({"country": None}).country is None
    assert Settings.from_dict({"country": ""}).country is None
    assert Settings().to_dict()["country"] is None


@pytest.mark.parametrize("bad", ["USA", "U", "1A", 44, True, "G B", "ÜK"])
def test_a_country_that_is_not_a_two_letter_code_is_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.from_dict({"country": bad})
    assert caught.value.field == "country"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("en_GB.UTF-8", "GB"),
        ("en_US", "US"),
        ("fr_CA.utf8", "CA"),
        ("de_DE@euro", "DE"),
        ("sr_RS@latin", "RS"),
        ("en-AU", "AU"),
        ("en_nz", "NZ"),
        ("English_United Kingdom", "GB"),
        ("English_Ireland.1252", "IE"),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("en", None),
        ("", None),
        (None, None),
        ("es_419.UTF-8", None),
        ("English_Narnia", None),
        ("zh_Hant_TW.UTF-8", "TW"),
    ],
)
def test_country_from_locale(name: str | None, country: str | None) -> None:
    assert country_from_locale(name) == country


def test_choices_name_every_listed_country_once_and_end_with_somewhere_else() -> None:
    choices = country_choices()
    codes = [code for _, code in choices]
    assert len(codes) == len(set(codes))
    assert set(CRISIS_LINES) <= set(codes)
    assert "DE" in codes
    assert choices[-1] == ("Somewhere else", "ZZ")  # a choice, unlike a country not set
    assert ("United Kingdom", "GB") in choices
    names = [name for name, code in choices if code != "ZZ"]
    assert names == sorted(names)


def test_the_retired_us_number_appears_nowhere_in_the_package() -> None:
    retired = ("800-273-8255", "8002738255", "800-273-TALK", "800 273 8255")
    package = Path(ketacheck.__file__).parent
    checked = 0
    for path in package.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        checked += 1
        for number in retired:
            assert number not in text, f"{path} holds the retired number {number}"
    assert checked > 20
