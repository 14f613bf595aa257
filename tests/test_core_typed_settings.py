"""Pure parts of issue 18: the country guess from the tz database's tables, times of day as
people type them, and appointments that name a day without a time."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ketacheck.core.country_guess import (
    CountryGuess,
    country_of_zone,
    guess_country,
    zone_countries,
    zone_links,
)
from ketacheck.core.crisis import crisis_text
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import parse_appointment, parse_next_appointment, parse_time_of_day
from ketacheck.core.typed_settings import parse_on_off, parse_reminder_times, parse_short_text
from ketacheck.store.system_country import country_names, tz_database_file

ZONE_TAB = (
    "# comments first\n"
    "#code\tcoordinates\tTZ\tcomments\n"
    "GB\t+513030-0000731\tEurope/London\n"
    "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
    "broken line\n"
    "us\t+0\tNot/AnUppercaseCode\n"
)
LINKS = "Z Europe/London 0 - GMT\nL America/New_York US/Eastern\nL US/Eastern Old/Eastern\n"
NEW_YORK = ZoneInfo("America/New_York")
# Sunday 22 November 2026, 11:00 in New York.
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)


def test_the_zone_table_and_links_are_read() -> None:
    assert zone_countries(ZONE_TAB) == {"Europe/London": "GB", "America/New_York": "US"}
    assert zone_links(LINKS) == {"US/Eastern": "America/New_York", "Old/Eastern": "US/Eastern"}


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("Old/Eastern", "US"),  # a link to a link
        ("Etc/UTC", None),
        (None, None),
        ("", None),
    ],
)
def test_a_zone_names_its_country(zone: str | None, country: str | None) -> None:
    table, links = zone_countries(ZONE_TAB), zone_links(LINKS)
    assert country_of_zone(zone, table, links) == country


def test_a_loop_of_links_ends() -> None:
    assert country_of_zone("A", {}, {"A": "B", "B": "A"}) is None


@pytest.mark.parametrize(
    ("zone", "locale_name", "guess"),
    [
        ("America/New_York", "en_GB.UTF-8", CountryGuess("US", "time zone")),
        ("Etc/UTC", "en_GB.UTF-8", CountryGuess("GB", "language setting")),
        (None, "de_DE@euro", CountryGuess("DE", "language setting")),
        ("Etc/UTC", "C.UTF-8", None),
        (None, None, None),
    ],
)
def test_the_zone_comes_before_the_locale(
    zone: str | None, locale_name: str | None, guess: CountryGuess | None
) -> None:
    assert guess_country(zone, locale_name, zone_countries(ZONE_TAB), {}) == guess


def test_the_tz_database_ships_the_tables_this_reads() -> None:
    table = zone_countries(tz_database_file("zone.tab"))
    links = zone_links(tz_database_file("tzdata.zi"))
    for zone, country in [
        ("America/New_York", "US"),
        ("Europe/London", "GB"),
        ("Europe/Dublin", "IE"),
        ("Australia/Sydney", "AU"),
        ("Pacific/Auckland", "NZ"),
        ("America/Toronto", "CA"),
        ("Europe/Stockholm", "SE"),
        ("Asia/Calcutta", "IN"),  # a link
        ("GB", "GB"),  # a link
    ]:
        assert country_of_zone(zone, table, links) == country, zone
    assert country_names()["JP"] == "Japan"


def test_a_guess_is_never_stored_or_compared() -> None:
    guess = CountryGuess("US", "time zone")
    guessed = Settings(country_guess=guess)
    assert guessed == Settings()
    assert "country_guess" not in guessed.to_dict()
    assert guessed.effective_country == "US" and guessed.guessed == guess
    chosen = Settings(country="GB", country_guess=guess)
    assert chosen.effective_country == "GB" and chosen.guessed is None
    assert crisis_text(chosen) == "Call Samaritans on 116 123 or your local emergency number, 999"


def test_an_own_crisis_line_keeps_the_guessed_emergency_number_and_says_so() -> None:
    settings = Settings(
        crisis_line="Call my GP, 555-0111", country_guess=CountryGuess("AU", "time zone")
    )
    assert crisis_text(settings) == (
        "Call my GP, 555-0111 or your local emergency number, 000 "
        "(from your time zone — set it with 'ketacheck settings set country AU')"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("9:30 pm", time(21, 30)),
        ("9.30p.m.", time(21, 30)),
        ("21:00", time(21, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("at 7pm", time(19, 0)),
        ("０９:１５", time(9, 15)),  # full-width digits
    ],
)
def test_times_of_day_as_people_type_them(typed: str, expected: time) -> None:
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("9", "'9' needs minutes or am/pm"),
        ("13pm", "13 is not an hour on a 12-hour clock"),
        ("24:00", "24:00 is not a time of day"),
        ("tomorrow 9am", "is not a time of day"),
        ("teatime", "is not a time of day"),
        ("", "is not a time of day"),
    ],
)
def test_what_is_not_a_time_of_day(typed: str, problem: str) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_time_of_day(typed, "reminder times")
    assert problem in raised.value.problem


@pytest.mark.parametrize(
    ("typed", "times"),
    [
        ("9am, 8:30 pm", ("09:00", "20:30")),
        ("10:00 20:00", ("10:00", "20:00")),
        ("7am and 7pm", ("07:00", "19:00")),
        ("21:00; 9am", ("21:00", "09:00")),  # kept in the order given
    ],
)
def test_reminder_times_typed(typed: str, times: tuple[str, ...]) -> None:
    assert parse_reminder_times(typed) == times


def test_appointments_that_name_a_day_need_a_time_or_keep_one() -> None:
    def local(moment: datetime) -> datetime:
        return moment.astimezone(NEW_YORK).replace(tzinfo=None)

    assert local(parse_appointment("in 3 days 2pm", NOW, NEW_YORK)) == datetime(2026, 11, 25, 14)
    assert local(parse_appointment("tomorrow at 9:30 am", NOW, NEW_YORK)) == datetime(
        2026, 11, 23, 9, 30
    )
    assert local(parse_appointment("in a week 10am", NOW, NEW_YORK)) == datetime(2026, 11, 29, 10)
    kept = parse_appointment("in 3 days", NOW, NEW_YORK, keep=time(8, 15))
    assert local(kept) == datetime(2026, 11, 25, 8, 15)
    with pytest.raises(ValidationError, match='"in 3 days" at what time'):
        parse_appointment("in 3 days", NOW, NEW_YORK)
    with pytest.raises(ValidationError, match='"tomorrow" at what time'):
        parse_appointment("tomorrow", NOW, NEW_YORK)
    # A date and time, or a span in hours, still reads as before.
    assert local(parse_appointment("2026-12-01 14:00", NOW, NEW_YORK)) == datetime(2026, 12, 1, 14)


def test_in_3_days_across_the_spring_change_keeps_the_wall_clock_time() -> None:
    before = datetime(2027, 3, 12, 15, 0, tzinfo=UTC)  # Friday 10:00 in New York (EST)
    moved = parse_next_appointment(
        "in 3 days", before, NEW_YORK, current=datetime(2027, 3, 12, 19, 0, tzinfo=UTC)
    )
    assert moved.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2027, 3, 15, 14, 0)
    assert moved == datetime(2027, 3, 15, 18, 0, tzinfo=UTC)  # EDT from the 14th


def test_a_past_appointment_is_refused_with_a_word_about_tomorrow() -> None:
    with pytest.raises(ValidationError) as raised:
        parse_next_appointment("9am", NOW, NEW_YORK)
    assert raised.value.problem == (
        "that time has already passed; the next appointment is ahead. If you mean tomorrow, "
        'type "tomorrow 9am".'
    )


def test_short_text_and_switches_refuse_what_the_app_cannot_hold() -> None:
    with pytest.raises(ValidationError, match="control characters"):
        parse_short_text("care team name")("Dr\tLee")
    assert parse_short_text("care team name")("  Dr Lee ") == "Dr Lee"
    assert parse_on_off("clock-24h")(" ON ") is True
    with pytest.raises(ValidationError, match="on or off"):
        parse_on_off("clock-24h")("sometimes")


def test_no_etc_zone_is_a_country_nor_links_to_one() -> None:
    """What lets the guess skip the tz tables on a computer set to UTC."""
    table = zone_countries(tz_database_file("zone.tab"))
    links = zone_links(tz_database_file("tzdata.zi"))
    etc = [name for name in {*table, *links, "Etc/UTC"} if name.startswith("Etc/")]
    assert "Etc/Zulu" in etc  # the links were read
    assert all(country_of_zone(name, table, links) is None for name in etc)


@pytest.mark.parametrize(
    ("tz", "lang", "guess"),
    [
        ("Europe/London", "C.UTF-8", CountryGuess("GB", "time zone")),
        ("US/Eastern", "C.UTF-8", CountryGuess("US", "time zone")),  # a link
        (":Australia/Sydney", "en_GB.UTF-8", CountryGuess("AU", "time zone")),
        ("Etc/UTC", "en_GB.UTF-8", CountryGuess("GB", "language setting")),
        ("Etc/GMT+5", "C.UTF-8", None),
        ("Nowhere/Atlantis", "en_AU.UTF-8", CountryGuess("AU", "language setting")),
        ("EST5EDT,M3.2.0,M11.1.0", "C", None),
    ],
)
def test_the_system_guess_from_the_environment(
    tz: str,
    lang: str,
    guess: CountryGuess | None,
    monkeypatch: pytest.MonkeyPatch,
    country_guessing: None,
) -> None:
    from ketacheck.store import system_country

    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TZ", tz)
    monkeypatch.setenv("LANG", lang)
    assert system_country.system_guess() == guess
