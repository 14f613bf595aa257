"""The clinician summary (``ketacheck report``): numbers checked by hand against records."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from msgspec.structs import replace

from ketacheck.cli import main
from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.exchange.report import DISCLAIMER, build_report
from ketacheck.exchange.report_text import render_html, render_markdown
from ketacheck.store.journal import Journal
from tests.conftest import run_env

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SETTINGS = Settings(care_team_name="<b>Clinic</b>", care_team_phone="555-0100", planned_infusions=5)

INF_A = "a" * 32
INF_B = "b" * 32
INF_C = "c" * 32


def _infusion(ident: str, start: str, end: str) -> Infusion:
    return Infusion.from_dict({"id": ident, "started_at": start, "ended_at": end, "note": ""})


INFUSIONS = [
    # A: ends Tue 10 Nov 14:45 UTC.  B: ends Tue 17 Nov 14:45.  C: 60 min, ends Sat 21 Nov 15:00.
    _infusion(INF_A, "2026-11-10T14:00:00+00:00", "2026-11-10T14:45:00+00:00"),
    _infusion(INF_B, "2026-11-17T14:00:00+00:00", "2026-11-17T14:45:00+00:00"),
    _infusion(INF_C, "2026-11-21T14:00:00+00:00", "2026-11-21T15:00:00+00:00"),
]


def _checkin(
    n: int,
    at: str,
    infusion_id: str | None,
    dizziness: int,
    nausea: int,
    fluids: int,
    *,
    side_effects: tuple[str, ...] = (),
    alerts: tuple[tuple[str, str], ...] = (),
    note: str = "",
) -> CheckIn:
    return CheckIn.from_dict(
        {
            "id": f"chk{n:029d}",
            "at": at,
            "infusion_id": infusion_id,
            "dizziness": dizziness,
            "nausea": nausea,
            "vomited": False,
            "fluids_glasses": fluids,
            "electrolytes": False,
            "mood": 6,
            "side_effects": list(side_effects),
            "note": note,
            "alerts": [
                {"level": level, "code": f"code-{i}", "message": message}
                for i, (level, message) in enumerate(alerts)
            ],
        }
    )


CHECKINS = [
    # Before the course: counts for nothing but its note.
    _checkin(0, "2026-11-09T12:00:00+00:00", None, 0, 0, 5, note="Before the course."),
    # After A (ended 14:45): +1.5 h, +8 h, +24 h (still in the window), +29.5 h (recovered).
    _checkin(
        1,
        "2026-11-10T16:15:00+00:00",
        INF_A,
        5,
        3,
        2,
        side_effects=("headache", "vivid_dreams"),
        alerts=(("call-today", "Dizziness is <i>severe</i>."),),
        note="Felt <b>floaty</b> & odd",
    ),
    _checkin(2, "2026-11-10T22:45:00+00:00", INF_A, 1, 0, 4, side_effects=("headache",)),
    _checkin(3, "2026-11-11T14:45:00+00:00", INF_A, 0, 1, 3),
    _checkin(4, "2026-11-11T20:15:00+00:00", INF_A, 0, 0, 5),
    # After B (ended 14:45): +3 h with alerts, +4 h recovered, +29.25 h (outside 24 h).
    _checkin(
        5,
        "2026-11-17T17:45:00+00:00",
        INF_B,
        4,
        7,
        1,
        side_effects=("headache", "racing_heart"),
        alerts=(
            ("urgent", "Urgent one."),
            ("call-today", "Nausea is severe."),
            ("tip", "Sip some water."),
        ),
    ),
    _checkin(6, "2026-11-17T18:45:00+00:00", INF_B, 0, 0, 2),
    _checkin(7, "2026-11-18T20:00:00+00:00", INF_B, 0, 0, 6, note="Line one\nLine two"),
    # After C (ended Sat 15:00; now is Sun 12:00, 21 h later): never back to 0 and 0.
    _checkin(8, "2026-11-21T16:30:00+00:00", INF_C, 2, 1, 3),
    _checkin(9, "2026-11-22T09:00:00+00:00", INF_C, 1, 0, 2),
]

# Worked out by hand from the records above:
#   A: recovered 29.5 h after (11 Nov 20:15 - 10 Nov 14:45); fluids 2 + 4 + 3 = 9.
#   B: recovered 4.0 h after (18:45 - 14:45); fluids 1 + 2 = 3 (the 6 is 29.25 h later).
#   C: not yet; fluids 3 + 2 = 5 so far (21 h of 24 have passed).
#   Alerts: call-today 10 Nov 16:15; urgent and call-today 17 Nov 17:45 (the tip is left out).
#   Side effects: headache 3, racing heart 1, vivid dreams 1.


def _report(since: date | None = None) -> Any:
    return build_report(JournalContents.of_records(SETTINGS, INFUSIONS, CHECKINS), NOW, since, UTC)


def test_the_report_facts_match_the_records() -> None:
    report = _report()

    assert report.infusions_logged == 3
    assert [s.number for s in report.infusions] == [1, 2, 3]
    assert [s.recovery_hours for s in report.infusions] == [29.5, 4.0, None]
    assert [s.fluids_24h for s in report.infusions] == [9, 3, 5]
    assert [s.fluids_complete for s in report.infusions] == [True, True, False]
    # Each concern once: what is still open first, then the settled ones, newest first.
    assert [(a.at_text, a.level, a.outcome) for a in report.alerts] == [
        ("Tue 17 Nov 17:45", "urgent", "still open"),
        ("Tue 17 Nov 17:45", "call-today", "not marked before the next infusion"),
        ("Tue 10 Nov 16:15", "call-today", "not marked before the next infusion"),
    ]
    assert [(s.label, s.count) for s in report.side_effects.counts] == [
        ("Headache", 3),
        ("Racing or pounding heart", 1),
        ("Vivid dreams", 1),
    ]
    assert (report.side_effects.asked, report.side_effects.checkins) == (10, 10)
    # Newest first (none is marked for the doctor).
    assert [n.text for n in report.notes] == [
        "Line one\nLine two",
        "Felt <b>floaty</b> & odd",
        "Before the course.",
    ]
    assert report.checkins_shown == 10
    # Day by day after each infusion: worst dizziness and nausea, lowest mood, fluids.
    assert [
        (d.infusion_number, d.day, d.checkins, d.dizziness, d.nausea, d.mood, d.fluids)
        for d in report.days
    ] == [
        (1, 1, 2, 5, 3, 6, 6),
        (1, 2, 2, 0, 1, 6, 8),
        (2, 1, 2, 4, 7, 6, 3),
        (2, 2, 1, 0, 0, 6, 6),
        (3, 1, 1, 2, 1, 6, 3),
        (3, 2, 1, 1, 0, 6, 2),
    ]
    # Tiredness and headache were never asked: empty, never 0.
    assert {(d.fatigue, d.headache) for d in report.days} == {(None, None)}


def test_markdown_states_the_numbers() -> None:
    text = render_markdown(_report())
    lines = text.splitlines()

    assert DISCLAIMER in lines
    assert "3 of 5 planned infusions logged." in lines
    assert (
        "| Infusion 1 of 5 | Tue 10 Nov 14:00 | 14:45 | 29.5 h          | 9 glasses          |"
        in (lines)
    )
    assert (
        "| Infusion 3 of 5 | Sat 21 Nov 14:00 | 15:00 | not yet         | 5 glasses so far   |"
        in (lines)
    )
    assert "## Recovery day by day" in lines
    assert (
        "| 2, day 1      | Tue 17 Nov | 2         | 4         | 7      | 6    | 3      |"
        "           |          |" in lines
    )
    assert "## Alerts (3 concerns, each once)" in lines
    assert (
        "| Urgent     | Tue 17 Nov 17:45 | Urgent one.                     | once | still open"
        "                          |" in lines
    )
    assert "Dizziness is \\<i\\>severe\\</i\\>." in text
    assert "Sip some water." not in text
    assert "Not asked at any of the 10 check-ins." in lines
    assert (
        "Asked at 10 of 10 check-ins. Reported: Headache at 3 check-ins, Racing or pounding "
        "heart at 1 check-in, Vivid dreams at 1 check-in." in lines
    )
    assert "## Notes (3; for the doctor first, then the newest)" in lines
    assert "- Mon 09 Nov 12:00  Before the course." in lines
    assert "- Tue 10 Nov 16:15  Felt \\<b\\>floaty\\</b\\> & odd" in lines
    # A second line of a note stays under its item.
    assert "- Wed 18 Nov 20:00  Line one\n  Line two" in text
    # Every row of a table is as wide as its header, so it lines up as plain text.
    for table in ("| Course ", "| Infusion, day ", "| Level "):
        start = next(n for n, line in enumerate(lines) if line.startswith(table))
        rows = [line for line in lines[start:] if line.startswith("|")]
        rows = rows[: next((n for n, r in enumerate(rows) if len(r) != len(rows[0])), len(rows))]
        assert len(rows) >= 3
    # A typical short record is all on page one: nothing continues after it.
    assert "continued" not in text


def test_html_states_the_numbers_and_is_self_contained() -> None:
    page = render_html(_report())

    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "@media print" in page and "size: A4" in page
    for forbidden in ("http", "<script", "<link", "@import", "url(", "src="):
        assert forbidden not in page.lower()
    assert '<td class="num">29.5 h</td><td class="num">9 glasses</td>' in page
    assert '<td class="num">not yet</td><td class="num">5 glasses so far</td>' in page
    assert '<td class="when">Infusion 1 of 5</td><td class="when">Tue 10 Nov 14:00</td>' in page
    assert "<h2>Alerts (3 concerns, each once)</h2>" in page
    assert page.count('<td class="when">Tue 17 Nov 17:45</td>') == 2
    assert "Sip some water." not in page
    assert "<h2>Recovery day by day</h2>" in page
    assert "Reported: Headache at 3 check-ins" in page
    assert "<h2>Notes (3; for the doctor first, then the newest)</h2>" in page
    assert "Line one\nLine two</li>" in page
    assert DISCLAIMER.replace("'", "&#x27;") in page
    assert '<section class="detail">' not in page


def test_html_escapes_every_user_text() -> None:
    page = render_html(_report())

    assert "<b>" not in page and "<i>" not in page
    assert "Felt &lt;b&gt;floaty&lt;/b&gt; &amp; odd" in page
    assert "Dizziness is &lt;i&gt;severe&lt;/i&gt;." in page
    assert "&lt;b&gt;Clinic&lt;/b&gt; · 555-0100" in page


def _named_report(name: str | None) -> Any:
    settings = replace(SETTINGS, patient_name=name)
    return build_report(JournalContents.of_records(settings, INFUSIONS, CHECKINS), NOW, None, UTC)


def test_the_header_names_the_patient_when_a_name_is_set() -> None:
    report = _named_report("Ann Lee")

    lines = render_markdown(report).splitlines()
    assert lines[:4] == ["# ketacheck summary for the care team", "", "Report for Ann Lee", ""]
    page = render_html(report)
    assert (
        '<div class="head"><h1>ketacheck summary for the care team</h1>'
        '<p class="patient">Report for Ann Lee</p></div>' in page
    )


def test_without_a_name_the_header_names_no_one() -> None:
    report = _named_report(None)

    assert "Report for" not in render_markdown(report)
    assert "Report for" not in render_html(report)
    assert 'class="patient"' not in render_html(report)


def test_a_hostile_name_is_shown_as_text_in_html_and_markdown() -> None:
    # Settings refuse control characters; a name made in code still reaches no page raw.
    report = _named_report('<script>alert("x")</script> [b]Ann[/b] *Lee* \x1b[2J\x07')

    page = render_html(report)
    assert "<script>" not in page and "\x1b" not in page and "\x07" not in page
    assert (
        '<p class="patient">Report for &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; '
        "[b]Ann[/b] *Lee*</p>"
    ) in page
    text = render_markdown(report)
    assert "\x1b" not in text and "<script>" not in text
    assert 'Report for \\<script\\>alert("x")\\</script\\> \\[b\\]Ann\\[/b\\] \\*Lee\\*' in text


def test_since_drops_earlier_infusions_but_keeps_their_numbers() -> None:
    report = _report(date(2026, 11, 15))
    text = render_markdown(report)

    assert [s.number for s in report.infusions] == [2, 3]
    assert "3 of 5 planned infusions logged. Showing 2 infusions from 2026-11-15." in text
    assert "Infusion 1 of 5" not in text and "29.5 h" not in text
    assert (
        "| Infusion 2 of 5 | Tue 17 Nov 14:00 | 14:45 | 4.0 h           | 3 glasses          |"
        in (text)
    )
    assert {d.infusion_number for d in report.days} == {2, 3}
    assert "## Alerts (2 concerns, each once)" in text
    assert "Asked at 5 of 5 check-ins. Reported: Headache at 1 check-in" in text
    assert "## Notes (1; " in text and "Before the course." not in text
    assert "Covers: entries from 2026-11-15 on" in text


def test_infusions_past_the_planned_course_are_not_numbered_beyond_it() -> None:
    short_course = Settings(planned_infusions=2)
    contents = JournalContents.of_records(short_course, INFUSIONS, CHECKINS)
    report = build_report(contents, NOW, None, UTC)

    text = render_markdown(report)
    assert "3 infusions logged: the planned course of 2 is done." in text
    assert "| Infusion 2 of 2 " in text
    assert "| Third infusion · course of 2 done |" in text
    assert "3 of 2" not in text
    page = render_html(report)
    assert '<td class="when">Third infusion · course of 2 done</td>' in page


def test_side_effects_say_how_many_of_how_many_check_ins() -> None:
    # One check-in of four reported a headache: never "(in 4 check-ins)" as if all had.
    checkins = [
        _checkin(n, f"2026-11-21T1{5 + n}:10:00+00:00", INF_C, 0, 0, 4) for n in range(1, 4)
    ] + [_checkin(4, "2026-11-21T19:10:00+00:00", INF_C, 0, 0, 4, side_effects=("headache",))]
    report = build_report(JournalContents.of_records(SETTINGS, INFUSIONS, checkins), NOW, None, UTC)

    lines = render_markdown(report).splitlines()
    assert "Asked at 4 of 4 check-ins. Reported: Headache at 1 check-in." in lines
    assert "in 4 check-ins" not in render_html(report)
    assert "Reported: Headache at 1 check-in." in render_html(report)


def test_an_empty_journal_still_makes_a_report() -> None:
    report = build_report(JournalContents(Settings()), NOW, None, UTC)

    text = render_markdown(report)
    assert "0 of 6 planned infusions logged." in text
    assert "No check-ins after an infusion in this period." in text
    assert "None that called for contacting the care team." in text
    # Nothing was asked, so nothing is claimed: never "None reported".
    assert "None reported" not in text and "none reported" not in text
    assert text.count("No check-ins in this period.") == 2  # self-harm, side effects
    assert "No notes." in text and "No notes." in render_html(report)


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def journal(local_zone: str, isolated_data_dir: Path) -> Path:
    """The records above in a journal; the computer is in New York (UTC-5 in November)."""
    opened = Journal.open(isolated_data_dir, NOW.date())
    opened.import_records(INFUSIONS, CHECKINS, SETTINGS)
    return isolated_data_dir


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_report_to_stdout(journal: Path) -> None:
    code, out, err = run("report", "-o", "-")

    assert code == 0
    assert err == "Made a summary of 3 infusions and 10 check-ins.\n"
    # Local (New York) times, the same hours and glasses.
    assert (
        "| Infusion 1 of 5 | Tue 10 Nov 09:00 | 09:45 | 29.5 h          | 9 glasses          |"
        in (out)
    )
    assert (
        "| Infusion 3 of 5 | Sat 21 Nov 09:00 | 10:00 | not yet         | 5 glasses so far   |"
        in (out)
    )
    assert "| Urgent     | Tue 17 Nov 12:45 | Urgent one. " in out
    assert "Care team: \\<b\\>Clinic\\</b\\> · 555-0100" in out


def test_cli_report_html_to_a_file(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.html"

    code, out, err = run("report", "--format", "html", "-o", str(target))

    assert code == 0
    assert out == ""
    assert err == f"Saved a summary of 3 infusions and 10 check-ins to {target}\n"
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert '<td class="num">29.5 h</td><td class="num">9 glasses</td>' in page
    assert "http" not in page and "<script" not in page and "<link" not in page
    assert target.stat().st_mode & 0o077 == 0


def test_cli_report_since(journal: Path) -> None:
    code, out, _ = run("report", "-o", "-", "--since", "2026-11-15")

    assert code == 0
    assert "| Infusion 2 of 5 |" in out and "Infusion 1 of 5" not in out


def test_cli_report_default_is_a_dated_file_in_home(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    first = run("report")
    second = run("report")
    third = run("report", "--format", "html")

    assert [r[0] for r in (first, second, third)] == [0, 0, 0]
    assert first[2].endswith(f" to {home}/ketacheck-report-2026-11-22.md\n")
    assert sorted(p.name for p in home.iterdir()) == [
        "ketacheck-report-2026-11-22-2.md",
        "ketacheck-report-2026-11-22.html",
        "ketacheck-report-2026-11-22.md",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--since", "22/11/2026"],
            "ketacheck: --since: '22/11/2026' is not a date like 2026-11-01\n",
        ),
        (
            ["--format", "docx"],
            "ketacheck: argument --format: invalid choice: 'docx' (choose from 'md', 'html', "
            "'pdf') (see 'ketacheck --help')\n",
        ),
    ],
)
def test_cli_report_bad_options_exit_2(journal: Path, argv: list[str], message: str) -> None:
    code, out, err = run("report", "-o", "-", *argv)

    assert code == 2
    assert out == ""
    assert err == message


def test_cli_report_into_a_missing_folder_is_a_runtime_error(journal: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "x.md"

    code, _, err = run("report", "-o", str(target))

    assert code == 1
    assert err == f"ketacheck: No such file or directory ({target})\n"


NO_TUI_SCRIPT = textwrap.dedent(
    """
    import io, json, sys
    from datetime import UTC, datetime

    from ketacheck.cli import main

    def clock():
        return datetime(2026, 11, 22, 16, 0, tzinfo=UTC)

    results = []
    for argv in (["report", "-o", "-"], ["report", "--format", "html", "-o", sys.argv[1]]):
        out, err = io.StringIO(), io.StringIO()
        results.append([main(argv, clock=clock, stdout=out, stderr=err), err.getvalue()])
    print(json.dumps({
        "results": results,
        "textual": sorted(
            m for m in sys.modules
            if m == "textual" or m.startswith(("textual.", "textual_", "ketacheck.tui"))
        ),
    }))
    """
)


def test_report_never_imports_textual(isolated_data_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_TUI_SCRIPT, str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
        env=run_env(isolated_data_dir, TZ="America/New_York"),
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    assert [code for code, _ in found["results"]] == [0, 0]
    assert found["textual"] == []
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_questionnaire_totals_bands_and_change_since_the_first() -> None:
    from ketacheck.core.questionnaires import QuestionnaireResult

    first = QuestionnaireResult.create(
        "phq9", [2, 2, 2, 2, 2, 2, 1, 1, 0], datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
    )
    later = QuestionnaireResult.create(
        "phq9", [1, 1, 1, 1, 1, 1, 0, 0, 1], datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    )
    gad = QuestionnaireResult.create(
        "gad7", [1, 1, 1, 1, 1, 1, 1], datetime(2026, 11, 20, 15, 5, tzinfo=UTC)
    )
    report = build_report(
        JournalContents.of_records(Settings(), questionnaires=[later, gad, first]),
        datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
        tz=ZoneInfo("America/New_York"),
    )
    assert [(s.name, s.total, s.band, s.change) for s in report.scores] == [
        ("PHQ-9", 14, "moderate", None),
        ("PHQ-9", 7, "mild", -7),
        ("GAD-7", 7, "mild", None),
    ]
    # PHQ-9 item 9 answered above "not at all" is listed with the alerts.
    assert [a.level for a in report.alerts] == ["urgent"]
    markdown = render_markdown(report)
    assert "| PHQ-9 " in markdown and "14 of 27" in markdown and "-7" in markdown
    html = render_html(report)
    assert "7 of 21" in html and "moderate" in html


def test_notes_marked_for_the_doctor_come_first_and_are_marked() -> None:

    base = {
        "infusion_id": None,
        "dizziness": 0,
        "nausea": 0,
        "vomited": False,
        "fluids_glasses": 3,
        "electrolytes": False,
        "mood": 6,
    }
    early = CheckIn.from_dict(
        {**base, "id": "n1", "at": "2026-11-20T12:00:00+00:00", "note": "Slept badly."}
    )
    flagged = CheckIn.from_dict(
        {
            **base,
            "id": "n2",
            "at": "2026-11-21T12:00:00+00:00",
            "note": "Ask about dose.",
            "for_doctor": True,
        }
    )
    report = build_report(
        JournalContents(Settings(), checkins=[early, flagged]),
        datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
    )
    assert [(n.text, n.for_doctor) for n in report.notes] == [
        ("Ask about dose.", True),
        ("Slept badly.", False),
    ]
    markdown = render_markdown(report)
    assert "- For the doctor · Sat 21 Nov 12:00  Ask about dose." in markdown
    assert markdown.index("Ask about dose.") < markdown.index("Slept badly.")
    assert "<b>For the doctor</b> · " in render_html(report)


def test_the_report_says_when_and_how_each_alert_was_resolved() -> None:
    from ketacheck.core.alert_records import AlertRecord
    from ketacheck.core.records import Alert

    raised = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
    from ketacheck.core.occurrences import Occurrence

    still_open = AlertRecord.raised(
        Alert("call-now", "severe_nausea", "Nausea 8."), "checkin", Occurrence(raised, "c1")
    )
    settled = AlertRecord.raised(
        Alert("urgent", "self_harm", "Thoughts of harm."), "checkin", Occurrence(raised, "c2")
    ).resolved(raised + timedelta(hours=2), "I called the crisis line", "app")

    report = build_report(JournalContents(Settings(), alerts=[still_open, settled]), NOW, None, UTC)

    text = render_markdown(report)
    assert "## Alerts (2 concerns, each once)" in text
    # The table names each concern in a few words; what it said is in the app and export.
    assert "| Call now | Fri 20 Nov 15:00 | Severe nausea (7+) " in text
    assert "| still open " in text
    assert "resolved Fri 20 Nov 17:00: I called the crisis line" in text
    assert "Thoughts of self-harm (check-in)" in text
    page = render_html(report)
    assert "<th>Settled</th>" in page
    assert "resolved Fri 20 Nov 17:00: I called the crisis line" in page


def test_markdown_keeps_the_patients_words_as_words() -> None:
    note = (
        "# Not a heading\n<script>alert(1)</script>\n![pic](http://x/y.png)\n1. not a list\x1b[2J"
    )
    checkin = CheckIn.from_dict(
        {
            "id": "n1",
            "at": "2026-11-20T15:00:00+00:00",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 1,
            "mood": 5,
            "note": note,
        }
    )
    settings = Settings(care_team_name="[Clinic](http://evil)", care_team_phone="555")

    text = render_markdown(
        build_report(JournalContents(settings, checkins=[checkin]), NOW, None, UTC)
    )

    assert "\\# Not a heading" in text
    assert "\\<script\\>" in text and "<script>" not in text
    assert "!\\[pic\\](http://x/y.png)" in text
    assert "1\\. not a list" in text
    assert "\x1b" not in text
    assert "Care team: \\[Clinic\\](http://evil) · 555" in text


def test_the_report_shows_the_unscored_difficulty_answer() -> None:
    from ketacheck.core.questionnaires import QuestionnaireResult

    answered = QuestionnaireResult.create(
        "phq9", [1] * 9, datetime(2026, 11, 20, 15, 0, tzinfo=UTC), difficulty=2
    )
    skipped = QuestionnaireResult.create("gad7", [0] * 7, datetime(2026, 11, 21, 15, 0, tzinfo=UTC))

    report = build_report(
        JournalContents(Settings(), questionnaires=[answered, skipped]), NOW, None, UTC
    )

    text = render_markdown(report)
    assert "Difficulty" in text
    assert "Very difficult" in text
    assert "not answered" in text
    assert "Very difficult" in render_html(report)


# --- the latest answers, item by item ------------------------------------------------------


def _sheets_report(item9: int, country: str | None = None, since: date | None = None) -> Any:
    from ketacheck.core.questionnaires import QuestionnaireResult

    first = QuestionnaireResult.create(
        "phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0], datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
    )
    latest = QuestionnaireResult.create(
        "phq9",
        [0, 1, 2, 3, 0, 1, 2, 3, item9],
        datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
        difficulty=2,
    )
    gad = QuestionnaireResult.create(
        "gad7", [0, 0, 1, 1, 2, 2, 3], datetime(2026, 11, 19, 15, 5, tzinfo=UTC)
    )
    return build_report(
        JournalContents.of_records(Settings(country=country), questionnaires=[latest, gad, first]),
        datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
        since,
        tz=ZoneInfo("America/New_York"),
    )


def test_the_latest_phq9_and_gad7_are_shown_answer_by_answer() -> None:
    report = _sheets_report(item9=2)

    phq, gad = report.answer_sheets
    assert (phq.name, phq.at_text, phq.total, phq.difficulty) == (
        "PHQ-9",
        "Fri 20 Nov 10:00",
        14,
        "Very difficult",
    )
    assert [i.answer for i in phq.items][:4] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [i.score for i in gad.items] == [0, 0, 1, 1, 2, 2, 3]
    assert gad.difficulty == "not answered"
    # Page one: each result with its item scores in order, item 9 and the difficulty.
    text = render_markdown(report)
    (phq_row,) = [line for line in text.splitlines() if "| 14 of 27 " in line]
    assert [cell.strip() for cell in phq_row.strip("|").split("|")] == [
        "PHQ-9",
        "Fri 20 Nov 10:00",
        "14 of 27",
        "moderate",
        "-10",
        "0 1 2 3 0 1 2 3 2",
        "\u26a0 2, More than half the days",
        "Very difficult",
    ]
    assert "| 0 0 1 1 2 2 3 " in text
    assert "Item scores: 0 not at all, 1 several days" in text
    page = render_html(report)
    assert '<tr class="flagged"><td class="text">PHQ-9</td>' in page


def test_a_longer_record_gives_the_answer_sheets_in_the_detail() -> None:
    from ketacheck.core.questionnaires import QuestionnaireResult

    results = [
        QuestionnaireResult.create(
            "phq9",
            [1, 1, 1, 1, 1, 1, 1, 1, week % 2],
            datetime(2026, 9, 1, tzinfo=UTC) + timedelta(weeks=week),
        )
        for week in range(10)
    ]
    report = build_report(
        JournalContents.of_records(Settings(), questionnaires=results),
        datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
        tz=ZoneInfo("America/New_York"),
    )
    text = render_markdown(report)
    page1, _, detail = text.partition("# Detail, continued from page 1")
    assert detail, "ten results do not fit page one"
    assert "earlier results: continued in the detail after page 1." in page1
    assert page1.count("| PHQ-9         |") == 2
    assert detail.count("| PHQ-9         |") == 10
    assert "Thoughts of self-harm, asked at check-ins, continued" not in detail
    assert "| 3   | Sleep: too little or too much          | Several days | 1     |" in detail
    assert "Latest PHQ-9, " in detail and "Latest PHQ-9, " not in page1
    page = render_html(report)
    assert page.index('<section class="detail">') < page.index("Trouble concentrating")


def test_item9_is_marked_in_text_when_answered_and_named_when_not() -> None:
    marked = _sheets_report(item9=2)
    text, page = render_markdown(marked), render_html(marked)
    # In words and with a mark that a black-and-white print keeps, not in colour alone.
    assert "\u26a0 2, More than half the days" in text
    assert "\u26a0 2, More than half the days" in page
    assert '<tr class="flagged">' in page

    calm = _sheets_report(item9=0)
    text, page = render_markdown(calm), render_html(calm)
    assert "0, Not at all" in text
    assert (
        "\u26a0" not in text and "\u26a0" not in page and "flagged" not in page.split("</style>")[1]
    )


def test_the_answer_sheets_follow_since() -> None:
    report = _sheets_report(item9=1, since=date(2026, 11, 20))

    assert [s.name for s in report.answer_sheets] == ["PHQ-9"]
    assert "GAD-7," not in render_markdown(report)


def test_no_questionnaire_means_no_answer_sheets() -> None:
    report = _report()

    assert report.answer_sheets == ()
    assert "item by item" not in render_markdown(report)
    assert "item by item" not in render_html(report)


def test_the_paper_is_letter_in_the_us_and_a4_elsewhere() -> None:
    assert _sheets_report(0, country="US").paper == "letter"
    assert "@page { size: letter; }" in render_html(_sheets_report(0, country="US"))
    assert _sheets_report(0, country="GB").paper == "A4"
    assert _sheets_report(0).paper == "A4"
    assert "size: letter" not in render_html(_sheets_report(0, country="GB"))


def test_every_item_has_a_short_name() -> None:
    from ketacheck.core.questionnaires import QUESTIONNAIRES
    from ketacheck.exchange.report_answers import ITEM_NAMES

    assert {k: len(v) for k, v in ITEM_NAMES.items()} == {
        k: len(q.items) for k, q in QUESTIONNAIRES.items()
    }


def test_a_long_note_is_cut_on_page_one_and_whole_in_the_detail() -> None:
    words = "Woke at four with my heart racing and could not settle. " * 12
    long_note = CheckIn.from_dict(
        {
            "id": "n1",
            "at": "2026-11-20T15:00:00+00:00",
            "dizziness": 0,
            "nausea": 0,
            "fluids_glasses": 1,
            "mood": 5,
            "note": words.strip(),
            "for_doctor": True,
        }
    )
    report = build_report(JournalContents(Settings(), checkins=[long_note]), NOW, None, UTC)
    text = render_markdown(report)
    page1, _, detail = text.partition("# Detail, continued from page 1")
    assert "…" in page1 and words.strip() not in page1
    assert words.strip() in detail
    assert "- For the doctor · Fri 20 Nov 15:00" in detail
