"""The summary a clinician reads at a glance (issue 19): what was asked and answered, day by
day, each concern once, on one page for a typical week; a longer record keeps page one as
the summary and continues after it."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from ketacheck.cli import main
from ketacheck.core.contents import JournalContents
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.core.settings import Settings
from ketacheck.exchange.report import build_report
from ketacheck.exchange.report_text import render_html, render_markdown
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import record_checkin, resolve_alert
from tests.bench.realistic import WEEK_START, Plan, make_course

#: The Monday after the typical week.
AFTER_WEEK = WEEK_START + timedelta(days=7)
PDF_SIZES = {"a4": (595, 842), "letter": (612, 792)}


def run(data: Path, *argv: str, env_now: datetime = AFTER_WEEK) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data), *argv], clock=lambda: env_now, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def pdf(path: Path) -> tuple[list[tuple[int, int]], list[str]]:
    reader = PdfReader(path)
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    return sizes, [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A typical course week: infusions twice a week, three check-ins a day, daily blood
    pressure, notes, questionnaires and the alerts those answers raise."""
    data = tmp_path_factory.mktemp("week") / "data"
    make_course(data, Plan(days=7, infusion_every_days=3))
    return data


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_typical_course_week_prints_on_one_page(
    week: Path, tmp_path: Path, paper: str, local_zone: str
) -> None:
    target = tmp_path / f"week-{paper}.pdf"
    code, _, err = run(week, "report", "--format", "pdf", "--paper", paper, "-o", str(target))
    assert code == 0, err
    sizes, pages = pdf(target)
    assert sizes == [PDF_SIZES[paper]]
    (text,) = pages
    for heading in (
        "Course so far",
        "Recovery day by day",
        "Thoughts of self-harm, asked at check-ins",
        "Side effects",
        "Alerts (",
        "Blood pressure and pulse",
        "PHQ-9 and GAD-7",
        "Notes (",
    ):
        assert heading in text
    assert "Asked at 21 of 21 check-ins: no each time." in text
    assert "continued" not in text


def test_paper_comes_from_the_country_then_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, local_zone: str
) -> None:
    data = tmp_path / "data"
    Journal.open(data, WEEK_START.date()).save_settings(Settings(care_team_name="Dr Lee"))
    for lang, expected in (("en_US.UTF-8", "letter"), ("en_GB.UTF-8", "a4"), ("C", "a4")):
        monkeypatch.setenv("LANG", lang)
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_PAPER", raising=False)
        target = tmp_path / f"{expected}-{lang}.pdf"
        assert run(data, "report", "--format", "pdf", "-o", str(target))[0] == 0
        assert pdf(target)[0] == [PDF_SIZES[expected]], lang
    # A country in Settings wins over the locale; --paper wins over both.
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    Journal.open(data, WEEK_START.date()).save_settings(Settings(country="US"))
    target = tmp_path / "us.pdf"
    assert run(data, "report", "--format", "pdf", "-o", str(target))[0] == 0
    assert pdf(target)[0] == [PDF_SIZES["letter"]]
    assert run(data, "report", "--format", "pdf", "--paper", "A4", "-o", str(target))[0] == 0
    assert pdf(target)[0] == [PDF_SIZES["a4"]]
    code, _, err = run(data, "report", "--paper", "a3")
    assert code == 2 and "--paper" in err


def test_a_longer_record_keeps_page_one_as_the_summary_and_continues(
    tmp_path: Path, local_zone: str
) -> None:
    data = tmp_path / "data"
    make_course(data, Plan(days=40, infusion_every_days=4))
    target = tmp_path / "long.pdf"
    code, _, err = run(
        data, "report", "--format", "pdf", "-o", str(target), env_now=WEEK_START + timedelta(41)
    )
    assert code == 0, err
    sizes, pages = pdf(target)
    assert len(pages) > 1
    first, second = pages[0], pages[1]
    # Page one is the whole summary and says where each list continues.
    assert "Notes (" in first and "Page 1 of" in first
    assert "continued in the detail after page 1." in first
    assert "ketacheck summary, continued" not in first
    # The detail starts on its own page, marked as a continuation.
    assert second.startswith("ketacheck summary, continued") or (
        "ketacheck summary, continued" in second
    )
    assert "Detail, continued from page 1" in second
    assert "Detail, continued from page 1" not in first
    everything = " ".join(pages)
    assert everything.count("Infusion 1 of 6") == 1  # only in the detail's course table


def test_self_harm_screening_names_each_yes_and_how_its_alert_was_settled(
    tmp_path: Path,
) -> None:
    journal = Journal.open(tmp_path / "data", WEEK_START.date())
    infusion = Infusion.create(WEEK_START, 45)
    journal.add_infusion(infusion, WEEK_START)
    base = {"dizziness": 0, "nausea": 0, "fluids_glasses": 3, "mood": 6}
    made = []
    for hours, answer in ((2, False), (6, True), (10, None), (14, False)):
        at = WEEK_START + timedelta(hours=hours)
        made.append(record_checkin(journal, {**base, "self_harm_thoughts": answer}, at, at))
    (urgent,) = [a for a in journal.alerts() if a.code == "self_harm"]
    resolve_alert(
        journal, urgent, "I called the crisis line", WEEK_START + timedelta(hours=8), "app"
    )
    report = build_report(journal.contents(), AFTER_WEEK, tz=UTC)
    assert report.screening.sentence == "Asked at 3 of 4 check-ins: yes at 1, no at 2."
    text = render_markdown(report)
    assert (
        "Yes, Mon 16 Nov 20:00: alert resolved Mon 16 Nov 22:00: I called the crisis line." in text
    )
    assert "Yes, " in render_html(report)


def test_side_effects_count_what_was_asked_and_never_claim_none_unasked() -> None:
    def checkin(n: int, effects: list[str] | None) -> CheckIn:
        return CheckIn.from_dict(
            {
                "id": f"c{n}",
                "at": (WEEK_START + timedelta(hours=n)).isoformat(),
                "dizziness": 0,
                "nausea": 0,
                "fluids_glasses": 2,
                "mood": 6,
                "side_effects": effects,
            }
        )

    asked_some = [checkin(1, ["anxiety"]), checkin(2, []), checkin(3, None), checkin(4, None)]
    report = build_report(JournalContents(Settings(), checkins=asked_some), AFTER_WEEK, tz=UTC)
    assert (
        report.side_effects.sentence + " " + ", ".join(c.label for c in report.side_effects.counts)
        == "Asked at 2 of 4 check-ins. Anxiety"
    )
    text = render_markdown(report)
    assert "Asked at 2 of 4 check-ins. Reported: Anxiety at 1 check-in." in text
    none_said = build_report(
        JournalContents(Settings(), checkins=[checkin(1, []), checkin(2, None)]), AFTER_WEEK
    )
    assert "Asked at 1 of 2 check-ins: none reported." in render_markdown(none_said)
    never = build_report(
        JournalContents(Settings(), checkins=[checkin(1, None), checkin(2, None)]), AFTER_WEEK
    )
    assert "Not asked at any of the 2 check-ins." in render_markdown(never)
    assert "none reported" not in render_markdown(never).lower()


def test_a_repeated_concern_is_one_row_with_its_occurrences(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "data", WEEK_START.date())
    journal.add_infusion(Infusion.create(WEEK_START, 45), WEEK_START)
    for day in (1, 2):
        for hours in (2, 8, 14):
            at = WEEK_START + timedelta(days=day, hours=hours)
            answers = {"dizziness": 1, "nausea": 0, "fluids_glasses": 3, "mood": 6}
            record_checkin(journal, {**answers, "self_harm_thoughts": False}, at, at)
    report = build_report(journal.contents(), AFTER_WEEK, tz=UTC)
    (concern,) = report.alerts
    assert (concern.concern, concern.occurrences, concern.outcome) == (
        "Dizziness after 24 h",
        "6 check-ins, latest dizziness 1",
        "still open",
    )
    text = render_markdown(report)
    assert text.count("Dizziness after 24 h") == 1
    assert "## Alerts (1 concern, each once)" in text


def test_every_concern_the_rules_raise_has_a_short_name() -> None:
    from ketacheck.core.alerts import KEPT_LEVELS, checkin_alerts
    from ketacheck.core.concern_names import CONCERN_NAMES
    from ketacheck.core.questionnaires import questionnaire_alerts
    from ketacheck.core.scales import SIDE_EFFECTS

    infusion = Infusion.create(WEEK_START, 45)
    codes: set[str] = set()
    for hours in (1, 3, 30):
        at = (infusion.ended_at + timedelta(hours=hours)).isoformat()
        for extra in (
            {"dizziness": 8},
            {"nausea": 8},
            {"dizziness": 2, "nausea": 2, "vomited": True},
            {"fatigue": 8},
            {"fatigue": 5},
            {"headache": 8},
            {"headache": 5},
            {"side_effects": list(SIDE_EFFECTS)},
            {"systolic": 190, "diastolic": 125},
            {"systolic": 150, "diastolic": 90},
            {"self_harm_thoughts": True},
            {"mood": 1},
        ):
            answers = {"dizziness": 0, "nausea": 0, "fluids_glasses": 3, "mood": 6, **extra}
            checkin = CheckIn.from_dict({"id": "c1", "at": at, **answers})
            alerts = checkin_alerts(checkin, infusion, 8.0, (140, None))
            codes |= {a.code for a in alerts if a.level in KEPT_LEVELS}
    codes |= {a.code for a in questionnaire_alerts("phq9", [0] * 8 + [2])}
    assert len(codes) >= 15
    assert codes <= set(CONCERN_NAMES), codes - set(CONCERN_NAMES)
