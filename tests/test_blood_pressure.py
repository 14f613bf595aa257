"""Blood pressure and pulse (issue 12, part 1): the checks, the alert rules at each
boundary against GUIDANCE.md "Blood pressure", the clinic's own levels in Settings, and
the command line."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ketacheck.cli import main
from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, checkin_alerts
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal

ENDED = datetime(2026, 11, 20, 14, 45, tzinfo=UTC)
INFUSION = Infusion("inf1", ENDED - timedelta(minutes=45), ENDED)
BASE = {"id": "c1", "at": "2026-11-20T18:00:00+00:00"}
CORE = {"dizziness": 0, "nausea": 0, "fluids_glasses": 4, "mood": 7}
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
FLAGS = ["--dizziness", "0", "--nausea", "0", "--fluids", "4", "--mood", "7", "--self-harm", "no"]


def reading(systolic: int | None, diastolic: int | None, **more: Any) -> CheckIn:
    """A calm check-in three hours after the infusion with this reading (not checked, so
    half a reading can be tried on the rules too)."""
    return CheckIn(
        id="c1",
        at=ENDED + timedelta(hours=3),
        infusion_id="inf1",
        dizziness=0,
        nausea=0,
        vomited=False,
        fluids_glasses=4,
        electrolytes=False,
        mood=7,
        systolic=systolic,
        diastolic=diastolic,
        **more,
    )


def calls(
    systolic: int | None,
    diastolic: int | None,
    clinic: tuple[int | None, int | None] = (None, None),
) -> list[tuple[str, str]]:
    alerts = checkin_alerts(reading(systolic, diastolic), INFUSION, None, clinic)
    return [(a.level, a.code) for a in alerts if a.level != "tip"]


VERY_HIGH = [(CALL_NOW, "blood_pressure_very_high")]
CLINIC = [(CALL_TODAY, "blood_pressure_clinic_level")]


# --- the checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "low", "high"), [("systolic", 50, 260), ("diastolic", 30, 160), ("pulse", 25, 250)]
)
def test_each_reading_is_checked_at_its_bounds(field: str, low: int, high: int) -> None:
    partner = {"systolic": {"diastolic": 29 + 1}, "diastolic": {"systolic": 261 - 1}}
    pair = partner.get(field, {})
    for good in (low, high):
        data = {**BASE, **CORE, **pair, field: good}
        assert getattr(CheckIn.from_dict(data), field) == good
    for bad in (low - 1, high + 1, 12.5, "120", True):
        with pytest.raises(ValidationError) as caught:
            CheckIn.from_dict({**BASE, **CORE, **pair, field: bad})
        assert caught.value.field == field


@pytest.mark.parametrize(
    ("given", "missing"), [("systolic", "diastolic"), ("diastolic", "systolic")]
)
def test_half_a_reading_is_refused_naming_the_missing_number(given: str, missing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict({**BASE, **CORE, given: 100})
    assert caught.value.field == missing


@pytest.mark.parametrize(("systolic", "diastolic"), [(84, 128), (90, 90)])
def test_the_top_number_must_be_higher_naming_both(systolic: int, diastolic: int) -> None:
    with pytest.raises(ValidationError) as caught:
        CheckIn.from_dict({**BASE, **CORE, "systolic": systolic, "diastolic": diastolic})
    assert caught.value.field == "systolic, diastolic"
    assert "top number (systolic" in caught.value.problem
    assert "bottom number (diastolic" in caught.value.problem


def test_pulse_alone_is_fine() -> None:
    checkin = CheckIn.from_dict({**BASE, **CORE, "pulse": 72})
    assert (checkin.systolic, checkin.diastolic, checkin.pulse) == (None, None, 72)
    assert calls(None, None) == []


# --- the crisis level: call now ---------------------------------------------------------


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (179, 119, []),
        (180, 100, VERY_HIGH),
        (179, 120, VERY_HIGH),
        (220, 130, VERY_HIGH),
        (120, 80, []),
    ],
)
def test_180_over_or_120_under_means_call_now(
    systolic: int, diastolic: int, expected: list[tuple[str, str]]
) -> None:
    assert calls(systolic, diastolic) == expected


@pytest.mark.parametrize(("systolic", "diastolic"), [(185, None), (None, 125)])
def test_half_a_reading_at_the_crisis_level_still_calls_now(
    systolic: int | None, diastolic: int | None
) -> None:
    assert calls(systolic, diastolic) == VERY_HIGH


def test_the_call_now_words_follow_the_guidance() -> None:
    (alert,) = checkin_alerts(reading(182, 95), INFUSION, None)
    message = alert.message
    assert message.startswith("Your blood pressure reading of 182/95 is very high.")
    assert "measure again" in message
    assert "If it is still that high, please contact your care team now." in message
    for sign in (
        "chest pain",
        "shortness of breath",
        "back pain",
        "numbness",
        "weakness",
        "a change in your vision",
        "trouble speaking",
    ):
        assert sign in message
    assert message.endswith("call your local emergency number straight away.")


# --- the clinic's own level: call today -------------------------------------------------


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (139, 89, []),
        (140, 80, CLINIC),
        (130, 90, CLINIC),
        (141, 91, CLINIC),
        (180, 95, VERY_HIGH),  # the crisis level is never only a call today
    ],
)
def test_at_or_over_the_clinics_level_means_call_today(
    systolic: int, diastolic: int, expected: list[tuple[str, str]]
) -> None:
    assert calls(systolic, diastolic, (140, 90)) == expected


def test_a_clinic_may_set_only_one_of_the_two_levels() -> None:
    assert calls(150, 100, (None, 100)) == CLINIC
    assert calls(150, 99, (None, 100)) == []
    assert calls(150, 99, (150, None)) == CLINIC


def test_no_clinic_level_by_default() -> None:
    assert Settings().clinic_bp == (None, None)
    assert calls(175, 115) == []


def test_the_call_today_words() -> None:
    (alert,) = checkin_alerts(reading(150, 92), INFUSION, None, (140, 90))
    assert alert.message == (
        "Your blood pressure reading of 150/92 is at or above the level your clinic asked "
        "you to report. Please call your care team today and tell them the numbers."
    )


def test_a_ticked_high_reading_adds_no_second_call_to_a_reading_that_has_one() -> None:
    ticked = reading(150, 92, side_effects=("high_blood_pressure",))
    codes = [a.code for a in checkin_alerts(ticked, INFUSION, None, (140, 90))]
    assert codes == ["blood_pressure_clinic_level"]
    calm = reading(120, 80, side_effects=("high_blood_pressure",))
    assert [a.code for a in checkin_alerts(calm, INFUSION, None)] == ["blood_pressure"]


# --- the settings -----------------------------------------------------------------------


def test_the_clinics_levels_are_stored_and_checked() -> None:
    settings = Settings.from_dict({"bp_call_today_systolic": 140, "bp_call_today_diastolic": 90})
    assert settings.clinic_bp == (140, 90)
    assert Settings.from_dict(settings.to_dict()) == settings
    assert Settings.from_dict({}).to_dict()["bp_call_today_systolic"] is None
    for field, bad in [
        ("bp_call_today_systolic", 180),
        ("bp_call_today_systolic", 99),
        ("bp_call_today_diastolic", 120),
        ("bp_call_today_diastolic", "90"),
    ]:
        with pytest.raises(ValidationError) as caught:
            Settings.from_dict({field: bad})
        assert caught.value.field == field


# --- the command line -------------------------------------------------------------------


def run(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *argv], clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_checkin_takes_a_reading_and_a_pulse(isolated_data_dir: Path) -> None:
    code, out, err = run(
        isolated_data_dir, "checkin", *FLAGS, "--systolic", "128", "--diastolic", "84",
        "--pulse", "72",
    )  # fmt: skip
    assert (code, err) == (0, "")
    (saved,) = Journal.open(isolated_data_dir, NOW.date()).checkins()
    assert (saved.systolic, saved.diastolic, saved.pulse) == (128, 84, 72)


def test_a_very_high_reading_on_the_command_line_says_call_now(isolated_data_dir: Path) -> None:
    code, out, _ = run(
        isolated_data_dir, "checkin", *FLAGS, "--systolic", "181", "--diastolic", "90"
    )
    assert code == 0
    assert "Your blood pressure reading of 181/90 is very high." in out


def test_the_clinics_level_reaches_a_command_line_checkin(isolated_data_dir: Path) -> None:
    journal = Journal.open(isolated_data_dir, NOW.date())
    journal.save_settings(Settings(bp_call_today_systolic=140))
    journal.close()
    code, out, _ = run(
        isolated_data_dir, "checkin", *FLAGS, "--systolic", "140", "--diastolic", "80"
    )
    assert code == 0
    assert "at or above the level your clinic asked you to report" in out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--systolic", "128"], "--diastolic: is needed with --systolic"),
        (["--diastolic", "84"], "--systolic: is needed with --diastolic"),
        (["--systolic", "300", "--diastolic", "84"], "systolic: must be from 50 to 260 mmHg"),
        (["--systolic", "128", "--diastolic", "20"], "diastolic: must be from 30 to 160 mmHg"),
        (["--pulse", "400"], "pulse: must be from 25 to 250 beats a minute, not 400"),
        (["--systolic", "80", "--diastolic", "90"], "systolic, diastolic: the top number"),
    ],
)
def test_a_bad_reading_exits_2_naming_it_and_saves_nothing(
    isolated_data_dir: Path, argv: list[str], named: str
) -> None:
    code, out, err = run(isolated_data_dir, "checkin", *FLAGS, *argv)
    assert code == 2
    assert err.startswith(f"ketacheck: {named}")
    assert Journal.open(isolated_data_dir, NOW.date()).checkins() == []


def test_a_reading_without_the_scores_is_not_dropped(isolated_data_dir: Path) -> None:
    code, _, err = run(isolated_data_dir, "checkin", "--systolic", "128", "--diastolic", "84")
    assert code == 2
    assert "--dizziness, --nausea, --fluids, --mood: is needed too with --systolic" in err


# --- the report -------------------------------------------------------------------------


def test_the_report_lists_each_reading_with_its_date_and_marks_those_over_a_level() -> None:
    from ketacheck.core.contents import JournalContents
    from ketacheck.exchange.report import build_report
    from ketacheck.exchange.report_text import render_html, render_markdown

    def made(n: int, hours: int, **given: int) -> CheckIn:
        at = (ENDED + timedelta(hours=hours)).isoformat()
        return CheckIn.from_dict({**BASE, **CORE, "id": f"c{n}", "at": at, **given})

    checkins = [
        made(1, 3, systolic=128, diastolic=84, pulse=72),
        made(2, 20, systolic=150, diastolic=85),
        made(3, 26, systolic=182, diastolic=100, pulse=96),
        made(4, 30, pulse=64),
        made(5, 40),
    ]
    settings = Settings(bp_call_today_systolic=145)
    contents = JournalContents.of_records(settings, [INFUSION], checkins)
    report = build_report(contents, NOW, None, UTC)

    readings = report.pressure.readings
    assert [(r.at_text, r.pressure, r.pulse, r.over) for r in readings] == [
        ("Fri 20 Nov 17:45", "128/84", "72", ""),
        ("Sat 21 Nov 10:45", "150/85", "", "at or above the clinic's level"),
        ("Sat 21 Nov 16:45", "182/100", "96", "very high (180/120 or more)"),
        ("Sat 21 Nov 20:45", "", "64", ""),
    ]
    text = render_markdown(report)
    # Page one: the range and the latest, then every reading over a level.
    assert (
        "3 readings: 128-182/84-100 mmHg, latest 182/100 (Sat 21 Nov 16:45); "
        "pulse 64-96 a minute." in text
    )
    assert "Over a level: 2 readings." in text
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert "| Sat 21 Nov 16:45 | 182/100 | 96 | very high (180/120 or more) |" in rows
    assert "| Sat 21 Nov 10:45 | 150/85 | — | at or above the clinic's level |" in rows
    assert "| Fri 20 Nov 17:45 | 128/84 | 72 | |" not in rows  # not over: counted, not listed
    assert "<h2>Blood pressure and pulse</h2>" in render_html(report)
    empty = build_report(JournalContents.of_records(Settings(), [], []), NOW, None, UTC)
    assert "No readings in this period." in render_markdown(empty)
