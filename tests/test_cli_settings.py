"""`ketacheck settings`: list, get, set and unset, each checked as the app's Settings form
checks it, and the country guessed from the time zone (then the locale) until it is set."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from ketacheck.cli import main
from ketacheck.core.setting_keys import SETTING_KEYS
from ketacheck.store.journal import Journal
from tests.cli_support import Result, run_cli
from tests.conftest import run_env

# Sunday 22 November 2026, 11:00 in New York.
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
SCORES = ["checkin", "--dizziness", "0", "--nausea", "0", "--fluids", "3", "--mood", "4"]
GUESS_NOTE = "(from your time zone — set it with 'ketacheck settings set country US')"


@pytest.fixture
def cli(local_zone: str) -> Callable[..., Result]:
    def run(*argv: str) -> Result:
        return run_cli(*argv, clock=lambda: NOW)

    return run


def ketacheck(data_dir: Path, *argv: str, stdin: str | None = None, **env: str) -> Result:
    """The real command, in its own process, with only the environment given."""
    environment = run_env(data_dir, **env)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "TZ"):
        if name not in env:
            environment.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "ketacheck", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def stored_settings(data_dir: Path) -> dict[str, Any]:
    journal = json.loads((data_dir / "journal.json").read_text())
    [stored] = journal.get("settings", {"1": {}}).values()
    return dict(stored)


# --- the done-when of issue 18, through the real command ---------------------------------


def test_set_country_gb_then_a_self_harm_yes_prints_samaritans(isolated_data_dir: Path) -> None:
    assert ketacheck(isolated_data_dir, "settings", "set", "country", "GB").code == 0

    done = ketacheck(isolated_data_dir, *SCORES, "--self-harm", "yes", TZ="Europe/London")

    assert done.code == 0, done.err
    assert "   Crisis line: Call Samaritans on 116 123 or your local emergency number, 999" in (
        done.lines
    )
    assert "from your time zone" not in done.out  # set, not guessed


def test_the_care_team_phone_set_here_is_printed_with_the_crisis_line(
    isolated_data_dir: Path,
) -> None:
    for key, value in (("country", "GB"), ("care-team-phone", "020 7946 0000")):
        assert ketacheck(isolated_data_dir, "settings", "set", key, value).code == 0

    done = ketacheck(isolated_data_dir, *SCORES, "--self-harm", "yes")

    assert done.code == 0, done.err
    crisis = done.lines.index(
        "   Crisis line: Call Samaritans on 116 123 or your local emergency number, 999"
    )
    assert done.lines[crisis + 1] == "   Care team: 020 7946 0000"


def test_narnia_is_refused_with_the_choices_and_changes_nothing(isolated_data_dir: Path) -> None:
    ketacheck(isolated_data_dir, "settings", "set", "country", "IE")
    before = snapshot(isolated_data_dir)

    done = ketacheck(isolated_data_dir, "settings", "set", "country", "Narnia")

    assert done.code == 2
    assert done.out == ""
    assert done.err.startswith("ketacheck: country: 'Narnia' is not a country ketacheck knows")
    assert "GB" in done.err and "US" in done.err and "--list" in done.err
    assert len(done.err.splitlines()) == 1
    assert snapshot(isolated_data_dir) == before
    assert stored_settings(isolated_data_dir)["country"] == "IE"


def test_with_no_settings_new_york_time_gives_988(isolated_data_dir: Path) -> None:
    done = ketacheck(
        isolated_data_dir,
        *SCORES,
        "--self-harm",
        "yes",
        TZ="America/New_York",
        LANG="en_US.UTF-8",
    )

    assert done.code == 0, done.err
    assert (
        "   Crisis line: Call or text 988 (Suicide & Crisis Lifeline) or your local emergency "
        f"number, 911 {GUESS_NOTE}"
    ) in done.lines
    assert stored_settings(isolated_data_dir).get("country") is None  # the guess is never stored


def test_scores_without_self_harm_exit_2_and_save_nothing(isolated_data_dir: Path) -> None:
    done = ketacheck(isolated_data_dir, *SCORES)

    assert done.code == 2
    assert done.err == (
        "ketacheck: --self-harm: add --self-harm yes or no: every check-in asks about "
        "thoughts of harming yourself, so nothing was saved\n"
    )
    assert snapshot(isolated_data_dir) == {}


# --- the guess -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"TZ": "America/New_York", "LANG": "en_GB.UTF-8"}, "Call or text 988"),  # zone first
        ({"TZ": "US/Eastern", "LANG": "C"}, "Call or text 988"),  # a link to America/New_York
        ({"TZ": ":Europe/Dublin"}, "Call Samaritans on 116 123 or your local emergency number, "),
        ({"TZ": "UTC", "LANG": "en_AU.UTF-8"}, "Call Lifeline on 13 11 14"),  # no country: locale
        ({"TZ": "UTC", "LC_ALL": "en_NZ.UTF-8", "LANG": "en_GB.UTF-8"}, "Call or text 1737"),
    ],
)
def test_the_country_is_guessed_from_the_zone_then_the_locale(
    isolated_data_dir: Path, env: dict[str, str], line: str
) -> None:
    done = ketacheck(isolated_data_dir, "settings", "get", "country", **env)

    assert done.code == 0, done.err
    assert done.out.endswith(" — guessed\n")
    listing = ketacheck(isolated_data_dir, "settings", **env)
    crisis = [row for row in listing.lines if row.startswith("In a crisis, ketacheck shows: ")]
    assert len(crisis) == 1 and line in crisis[0]
    source = "time zone" if env.get("TZ") != "UTC" else "language setting"
    assert f"(from your {source} — set it with 'ketacheck settings set country" in crisis[0]


def test_no_zone_country_and_no_locale_gives_no_guess(isolated_data_dir: Path) -> None:
    done = ketacheck(isolated_data_dir, *SCORES, "--self-harm", "yes", TZ="UTC", LANG="C.UTF-8")

    assert done.code == 0, done.err
    assert (
        "   Crisis line: Call a crisis line listed at findahelpline.com or your local "
        "emergency number (112 across the EU)"
    ) in done.lines
    assert "guessed" not in done.out and "from your" not in done.out


def test_a_set_country_wins_over_the_zone(isolated_data_dir: Path) -> None:
    ketacheck(isolated_data_dir, "settings", "set", "country", "AU")

    done = ketacheck(isolated_data_dir, "settings", "get", "country", TZ="America/New_York")

    assert done.out == "country  AU (Australia) — set\n"


def test_unset_country_goes_back_to_the_guess(isolated_data_dir: Path) -> None:
    ketacheck(isolated_data_dir, "settings", "set", "country", "somewhere else")
    assert stored_settings(isolated_data_dir)["country"] == "ZZ"
    chosen = ketacheck(isolated_data_dir, "settings", "get", "country", TZ="America/New_York")
    assert chosen.out == "country  ZZ (Somewhere else) — set\n"  # a choice: no guess replaces it

    done = ketacheck(isolated_data_dir, "settings", "unset", "country", TZ="America/New_York")

    assert done.code == 0, done.err
    assert done.lines[0] == f"country is back to its default: US (United States) {GUESS_NOTE}."
    assert stored_settings(isolated_data_dir)["country"] is None


# --- list, get, set, unset ----------------------------------------------------------------


def test_the_listing_names_every_setting_with_its_source(
    cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    assert cli("settings", "set", "hours.driving", "36").code == 0

    result = cli("settings")

    assert result.code == 0
    rows = result.lines[: len(SETTING_KEYS)]
    assert [row.split()[0] for row in rows] == [key.key for key in SETTING_KEYS]
    by_key = {row.split()[0]: " ".join(row.split()[1:]) for row in rows}
    assert by_key["hours.driving"] == "36 hours — set"
    assert by_key["hours.alcohol"] == "2 days — default"
    assert by_key["country"] == "none — default"  # the tests guess nothing
    assert by_key["care-team-phone"] == "none — default"
    assert result.lines[-1].startswith("Change one with: ketacheck settings set KEY VALUE")
    assert not any("\x1b" in line for line in result.lines)


def test_the_keys_cover_every_field_of_the_settings_form() -> None:
    from ketacheck.tui.screens.settings_form import FIELDS

    form = {field.setting for field in FIELDS if field.setting} | {"restriction_hours"}
    named = {
        "care_team_name": "care-team-name",
        "care_team_phone": "care-team-phone",
        "crisis_line": "crisis-line",
        "country": "country",
        "planned_infusions": "planned-infusions",
        "questionnaire_interval_days": "questionnaire-days",
        "fasting_hours": "fasting-hours",
        "baseline_mood": "baseline-mood",
        "reminder_times": "reminder-times",
        "notify_app": "notify-app",
        "notify_terminal": "notify-terminal",
        "bp_call_today_systolic": "bp-systolic",
        "bp_call_today_diastolic": "bp-diastolic",
        "patient_name": "patient-name",
        "clock_24h": "clock-24h",
        "theme": "theme",
    }
    keys = {key.key for key in SETTING_KEYS}
    assert form - {"restriction_hours"} == set(named)
    assert set(named.values()) <= keys
    assert {k for k in keys if k.startswith("hours.")} == {
        "hours.driving",
        "hours.machinery",
        "hours.decisions",
        "hours.vigorous-activity",
        "hours.alcohol",
        "hours.sedatives",
        "hours.pain-medication",
        "hours.recreational-drugs",
        "hours.life-changes",
    }


@pytest.mark.parametrize(
    ("key", "typed", "shown", "stored_key", "stored"),
    [
        ("care-team-name", ["Riverside", "Clinic"], "Riverside Clinic", "care_team_name",
         "Riverside Clinic"),
        ("care-team-phone", ["555-0142"], "555-0142", "care_team_phone", "555-0142"),
        ("country", ["united", "kingdom"], "GB (United Kingdom)", "country", "GB"),
        ("country", ["jp"], "JP", "country", "JP"),
        ("hours.driving", ["10", "days"], "10 days", "restriction_hours", {"driving": 240.0}),
        ("planned-infusions", ["8"], "8", "planned_infusions", 8),
        ("fasting-hours", ["4.5"], "4.5 hours", "fasting_hours", 4.5),
        ("reminder-times", ["9am,", "8:30", "pm"], "09:00, 20:30", "reminder_times",
         ["09:00", "20:30"]),
        ("reminder-times", ["21:00"], "21:00", "reminder_times", ["21:00"]),
        ("baseline-mood", ["4"], "4", "baseline_mood", 4),
        ("patient-name", ["  Sam Rivera "], "Sam Rivera", "patient_name", "Sam Rivera"),
        ("notify-terminal", ["off"], "off", "notify_terminal", False),
        ("bp-systolic", ["150"], "150", "bp_call_today_systolic", 150),
        ("clock-24h", ["no"], "off", "clock_24h", False),
    ],
)  # fmt: skip
def test_set_takes_what_the_settings_form_takes(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    key: str,
    typed: list[str],
    shown: str,
    stored_key: str,
    stored: Any,
) -> None:
    result = cli("settings", "set", key, *typed)

    assert result.code == 0, result.err
    assert result.lines[0] == f"{key} is now {shown}."
    assert stored_settings(isolated_data_dir)[stored_key] == stored
    assert cli("settings", "get", key).lines == [f"{key}  {shown} — set"]


@pytest.mark.parametrize(
    ("key", "typed", "problem"),
    [
        ("hours.driving", "61 days", "hours: must be from 0 hours to 60 days, not 61 days"),
        ("hours.alcohol", "soon", "hours: please type hours or days, such as 36 or 10 days"),
        ("planned-infusions", "0", "planned infusions: must be from 1 to 50, not 0"),
        ("questionnaire-days", "3", "questionnaire days: must be from 7 to 90 days, not 3"),
        ("fasting-hours", "25", "fasting hours: must be from 0 to 24 hours, not 25"),
        ("baseline-mood", "11", "mood baseline:"),
        ("reminder-times", "9", "reminder times: '9' needs minutes or am/pm"),
        ("reminder-times", "9am, 9:00", "reminder times: 09:00 is there twice"),
        ("reminder-times", "1am 2am 3am 4am 5am", "reminder times: takes at most 4 times"),
        ("bp-diastolic", "130", "bottom number (diastolic): must be from 60 to 119 mmHg"),
        ("notify-app", "maybe", "notify-app: please type on or off"),
        ("care-team-name", "Dr \x1b[31mRed", "care team name: can't hold control characters"),
        ("care-team-phone", "5" * 501, "care team phone: is 501 characters long"),
        ("next-appointment", "in 3 days", 'appointment: "in 3 days" at what time?'),
        ("next-appointment", "yesterday 2pm", "appointment: that time has already passed"),
        ("theme", "Red; rm -rf", "theme: please type a theme's name"),
    ],
)
def test_a_refused_value_exits_2_and_changes_nothing(
    cli: Callable[..., Result],
    isolated_data_dir: Path,
    key: str,
    typed: str,
    problem: str,
) -> None:
    assert cli("settings", "set", "care-team-name", "Riverside").code == 0
    before = snapshot(isolated_data_dir)

    result = cli("settings", "set", key, typed)

    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"ketacheck: {problem}"), result.err
    assert "\x1b" not in result.err
    assert snapshot(isolated_data_dir) == before


def test_next_appointment_in_3_days_keeps_the_time_of_the_one_it_moves(
    cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    assert cli("settings", "set", "next-appointment", "tomorrow", "2pm").code == 0
    assert stored_settings(isolated_data_dir)["next_appointment"] == "2026-11-23T19:00:00+00:00"

    result = cli("settings", "set", "next-appointment", "in", "3", "days")

    assert result.code == 0, result.err
    assert result.lines == ["next-appointment is now Wed 25 Nov 2026 at 14:00."]
    assert stored_settings(isolated_data_dir)["next_appointment"] == "2026-11-25T19:00:00+00:00"


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["settings", "get", "colour"], "there is no setting called 'colour'"),
        (["settings", "set", "colour", "red"], "there is no setting called 'colour'"),
        (["settings", "unset", "colour"], "there is no setting called 'colour'"),
        (["settings", "set", "country"], "country: give the new value, such as US, GB"),
        (["settings", "set", "hours.driving", "--list"], "--list goes with country"),
        (["settings", "get"], "the following arguments are required: KEY"),
        (["settings", "frobnicate"], "invalid choice: 'frobnicate'"),
    ],
)
def test_bad_keys_and_usage_exit_2_and_create_nothing(
    cli: Callable[..., Result], isolated_data_dir: Path, argv: list[str], problem: str
) -> None:
    result = cli(*argv)

    assert result.code == 2
    assert problem in result.err
    assert len(result.err.splitlines()) == 1
    assert not isolated_data_dir.exists()


def test_a_key_may_be_spelt_with_underscores_or_capitals(cli: Callable[..., Result]) -> None:
    assert cli("settings", "set", "Care_Team_Phone", "555-0199").code == 0
    assert cli("settings", "get", "care-team-phone").lines == ["care-team-phone  555-0199 — set"]


def test_unset_puts_the_default_back(cli: Callable[..., Result], isolated_data_dir: Path) -> None:
    cli("settings", "set", "hours.alcohol", "72")
    cli("settings", "set", "reminder-times", "9am")

    assert cli("settings", "unset", "hours.alcohol").lines == [
        "hours.alcohol is back to its default: 2 days."
    ]
    assert cli("settings", "unset", "reminder-times").code == 0
    stored = stored_settings(isolated_data_dir)
    assert stored["restriction_hours"] == {}
    assert stored["reminder_times"] == ["10:00", "20:00"]


def test_unset_of_a_setting_not_set_says_so_and_writes_nothing(
    cli: Callable[..., Result], isolated_data_dir: Path
) -> None:
    cli("settings", "set", "care-team-name", "Riverside")
    before = snapshot(isolated_data_dir)

    result = cli("settings", "unset", "care-team-phone")

    assert result.code == 0
    assert result.lines == [
        "care-team-phone was not set, so nothing changed: it is none (default)."
    ]
    assert snapshot(isolated_data_dir) == before


def test_country_list_names_each_choice_with_its_crisis_line(cli: Callable[..., Result]) -> None:
    result = cli("settings", "set", "country", "--list")

    assert result.code == 0
    assert "GB  United Kingdom: Call Samaritans on 116 123 or your local emergency number, 999" in (
        result.lines
    )
    assert "US  United States: Call or text 988 (Suicide & Crisis Lifeline) or your local " in (
        result.out
    )
    assert "DE  Germany: Call a crisis line listed at findahelpline.com or your local " in (
        result.out
    )
    assert "1-800-273" not in result.out


# --- --json -------------------------------------------------------------------------------

ROW_KEYS = {"key", "value", "source", "default", "text", "about"}


def test_json_listing_schema(cli: Callable[..., Result]) -> None:
    cli("settings", "set", "care-team-phone", "555-0142")
    cli("settings", "set", "hours.driving", "36")

    result = cli("settings", "--json")

    assert result.code == 0
    listing = json.loads(result.out)
    assert set(listing) == {"settings"}
    rows = listing["settings"]
    assert [row["key"] for row in rows] == [key.key for key in SETTING_KEYS]
    for row in rows:
        assert set(row) == ROW_KEYS
        assert row["source"] in ("set", "guessed", "default")
        assert isinstance(row["text"], str) and isinstance(row["about"], str)
    by_key = {row["key"]: row for row in rows}
    assert by_key["care-team-phone"] == {
        **by_key["care-team-phone"],
        "value": "555-0142",
        "source": "set",
        "default": "",
    }
    assert (by_key["hours.driving"]["value"], by_key["hours.driving"]["default"]) == (36, 24)
    assert by_key["reminder-times"]["value"] == ["10:00", "20:00"]
    assert by_key["country"]["value"] is None and by_key["country"]["source"] == "default"


def test_json_of_get_set_unset_is_one_row(cli: Callable[..., Result]) -> None:
    got = json.loads(cli("settings", "get", "country", "--json").out)
    put = json.loads(cli("settings", "--json", "set", "country", "GB").out)
    unset = json.loads(cli("settings", "unset", "country", "--json").out)

    assert set(got) == set(put) == set(unset) == ROW_KEYS
    assert (put["value"], put["source"], put["text"]) == ("GB", "set", "GB (United Kingdom)")
    assert (unset["value"], unset["source"]) == (None, "default")


def test_json_of_a_guessed_country_gives_the_guess_and_says_so(isolated_data_dir: Path) -> None:
    done = ketacheck(isolated_data_dir, "settings", "get", "country", "--json", TZ="Europe/London")

    row = json.loads(done.out)
    assert (row["value"], row["source"], row["default"]) == ("GB", "guessed", None)
    assert "from your time zone" in row["text"]


# --- the app reads what the command line wrote, and says the same -------------------------


async def test_a_journal_written_by_settings_set_is_read_by_the_app(
    isolated_data_dir: Path,
) -> None:
    from textual.widgets import Input, Select

    from ketacheck.tui.screens.settings import SettingsScreen
    from tests.tui_support import FakeClock, build_app

    for argv in (
        ["country", "NZ"],
        ["care-team-phone", "555-0142"],
        ["hours.alcohol", "3 days"],
        ["reminder-times", "9am, 8:30 pm"],
    ):
        out, err = io.StringIO(), io.StringIO()
        assert main(["settings", "set", *argv], stdout=out, stderr=err) == 0, err.getvalue()
    journal = Journal.open(isolated_data_dir, NOW.date())
    journal.save_settings(replace(journal.settings(), onboarded=True))
    journal.close()
    app = build_app(isolated_data_dir, FakeClock())
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert app.screen.query_one("#settings-country", Select).value == "NZ"
        assert app.screen.query_one("#settings-phone", Input).value == "555-0142"
        assert app.screen.query_one("#settings-hours-alcohol", Input).value == "3 days"
        assert app.screen.query_one("#settings-reminder-times", Input).value == "09:00, 20:30"
        assert not app.screen.has_changes
