"""`ketacheck alerts`, `alerts resolve`, `checkin --self-harm` and `questionnaire`."""

from __future__ import annotations

import builtins
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ketacheck.core.alerts import SELF_HARM_MESSAGE
from ketacheck.core.crisis import crisis_text
from ketacheck.core.questionnaires import PHQ9_ITEM9_MESSAGE
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from tests.cli_support import Result, run_cli
from tests.conftest import run_env

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
CALM_SCORES = ["checkin", "--dizziness", "0", "--nausea", "0", "--fluids", "4", "--mood", "7"]
CALM = [*CALM_SCORES, "--self-harm", "no"]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cli(clock: Clock, local_zone: str):  # type: ignore[no-untyped-def]
    def run(*argv: str) -> Result:
        return run_cli(*argv, clock=clock)

    return run


def open_alerts(cli) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    result = cli("alerts", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_self_harm_yes_by_flag_opens_an_urgent_alert_and_the_crisis_line_comes_first(
    cli,  # type: ignore[no-untyped-def]
) -> None:
    result = cli(*CALM_SCORES, "--self-harm", "yes")

    assert result.code == 0
    assert result.lines[0] == "!! If you are thinking of harming yourself, please reach out now:"
    assert result.lines[1] == f"   Crisis line: {crisis_text(Settings())}"
    assert "local emergency number" in result.lines[1]
    assert result.lines[2].startswith("   Care team:")
    assert f"!! {SELF_HARM_MESSAGE}" in result.lines
    assert [a["code"] for a in open_alerts(cli)] == ["self_harm"]


def test_self_harm_no_is_stored_as_such(cli, isolated_data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(*CALM).code == 0  # CALM answers --self-harm no
    journal = Journal.open(isolated_data_dir, NOW.date())
    assert journal.checkins()[0].self_harm_thoughts is False
    assert journal.alerts() == []


def test_scores_without_the_self_harm_answer_save_nothing(  # type: ignore[no-untyped-def]
    cli, isolated_data_dir: Path
) -> None:
    result = cli(*CALM_SCORES)
    assert result.code == 2
    assert "add --self-harm yes or no" in result.err
    assert not (isolated_data_dir / "journal.json").exists()


def test_self_harm_takes_only_yes_or_no(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*CALM_SCORES, "--self-harm", "maybe")
    assert result.code == 2
    assert "--self-harm" in result.err and "yes" in result.err


def test_an_alert_outlasts_a_calm_checkin_and_a_new_infusion(
    cli,
    clock: Clock,  # type: ignore[no-untyped-def]
) -> None:
    cli(*CALM_SCORES, "--self-harm", "yes")
    clock.now += timedelta(hours=3)
    cli(*CALM_SCORES, "--self-harm", "no")
    clock.now += timedelta(days=2)
    cli("infusion", "add", "--at", "now")

    status = json.loads(cli("status", "--json").out)
    assert [a["code"] for a in status["alerts"]] == ["self_harm"]
    text = cli("status").lines
    crisis = text.index("!! If you are thinking of harming yourself, please reach out now:")
    message = next(i for i, line in enumerate(text) if SELF_HARM_MESSAGE in line)
    assert crisis < message  # the crisis line comes before the alert itself


def test_alerts_lists_open_ones_most_severe_first_and_resolve_closes_one(
    cli,
    clock: Clock,  # type: ignore[no-untyped-def]
) -> None:
    cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "0",
        "--fluids",
        "4",
        "--mood",
        "7",
        "--self-harm",
        "no",
    )
    clock.now += timedelta(minutes=30)
    cli(*CALM_SCORES, "--self-harm", "yes")

    listed = open_alerts(cli)
    assert [a["level"] for a in listed] == ["urgent", "call-now"]
    urgent_id = listed[0]["id"]
    text = cli("alerts").lines
    assert text[0].startswith("!! If you are thinking of harming yourself")
    assert "2 open alerts, most serious first:" in text
    assert any(urgent_id[:8] in line for line in text)

    clock.now += timedelta(hours=1)
    done = cli("alerts", "resolve", urgent_id[:8], "--how", "crisis-line", "--yes")
    assert done.code == 0
    assert "I called the crisis line" in done.out

    assert [a["level"] for a in open_alerts(cli)] == ["call-now"]
    every = json.loads(cli("alerts", "--all", "--json").out)
    (resolved,) = [a for a in every if a["id"] == urgent_id]
    assert resolved["resolved_at"] == (NOW + timedelta(minutes=90)).isoformat()
    assert resolved["resolution"] == "I called the crisis line"
    assert "Resolved:" in cli("alerts", "--all").lines


def test_resolve_in_own_words_and_twice(cli) -> None:  # type: ignore[no-untyped-def]
    cli(*CALM_SCORES, "--self-harm", "yes")
    alert_id = open_alerts(cli)[0]["id"]
    assert (
        cli("alerts", "resolve", alert_id, "--how", "Talked with my therapist", "--yes").code == 0
    )
    again = cli("alerts", "resolve", alert_id, "--how", "passed")
    assert again.code == 0
    assert "already resolved" in again.out
    every = json.loads(cli("alerts", "--all", "--json").out)
    assert every[0]["resolution"] == "Talked with my therapist"


@pytest.mark.parametrize(
    ("alert_id", "message"),
    [("zz", "at least the first 4"), ("ffffffff", "no alert has an id starting")],
)
def test_resolve_a_bad_id_is_bad_input_and_changes_nothing(
    cli,
    isolated_data_dir: Path,
    alert_id: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    cli(*CALM_SCORES, "--self-harm", "yes")
    before = (isolated_data_dir / "journal.json").read_bytes()
    result = cli("alerts", "resolve", alert_id, "--how", "passed")
    assert result.code == 2
    assert message in result.err
    assert (isolated_data_dir / "journal.json").read_bytes() == before


def test_resolve_asks_how_when_not_told(
    cli,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    cli(*CALM_SCORES, "--self-harm", "yes")
    alert_id = open_alerts(cli)[0]["id"]
    answers = iter(["9", "1", "yes"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(answers))
    result = cli("alerts", "resolve", alert_id)
    assert result.code == 0
    assert "Please type a number from 1 to 4." in result.err
    assert json.loads(cli("alerts", "--all", "--json").out)[0]["resolution"] == (
        "I reached my care team"
    )


@pytest.mark.parametrize("typed", ["", "no", "y es", "1"])
def test_an_urgent_alert_asks_to_confirm_and_anything_but_yes_keeps_it(
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
) -> None:
    cli(*CALM_SCORES, "--self-harm", "yes")
    alert_id = open_alerts(cli)[0]["id"]
    monkeypatch.setattr(builtins, "input", lambda prompt="": typed)
    result = cli("alerts", "resolve", alert_id, "--how", "passed")
    assert result.code == 0
    # The crisis line is printed once more before anything is asked.
    assert result.lines[0].startswith("!! If you are thinking of harming yourself")
    assert any("Crisis line:" in line for line in result.lines)
    assert "It stays open" in result.out
    assert [a["id"] for a in open_alerts(cli)] == [alert_id]


def test_an_urgent_alert_from_a_script_needs_yes(cli, isolated_data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    cli(*CALM_SCORES, "--self-harm", "yes")
    alert_id = open_alerts(cli)[0]["id"]
    before = (isolated_data_dir / "journal.json").read_bytes()

    def no_input(prompt: str = "") -> str:
        raise EOFError

    builtins_input = builtins.input
    builtins.input = no_input
    try:
        result = cli("alerts", "resolve", alert_id, "--how", "passed")
    finally:
        builtins.input = builtins_input
    assert result.code == 2
    assert "--yes" in result.err and "stays open" in result.err
    assert (isolated_data_dir / "journal.json").read_bytes() == before
    assert cli("alerts", "resolve", alert_id, "--how", "passed", "--yes").code == 0
    assert open_alerts(cli) == []


def test_a_non_urgent_alert_is_resolved_without_confirming(cli) -> None:  # type: ignore[no-untyped-def]
    cli(
        "checkin",
        "--dizziness",
        "8",
        "--nausea",
        "0",
        "--fluids",
        "4",
        "--mood",
        "7",
        "--self-harm",
        "no",
    )
    alert_id = open_alerts(cli)[0]["id"]
    result = cli("alerts", "resolve", alert_id, "--how", "care-team")
    assert result.code == 0 and "Crisis line" not in result.out
    assert open_alerts(cli) == []


def test_no_alerts_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("alerts").lines == ["No open alerts."]
    assert cli("alerts", "--all").lines == ["No alerts yet."]
    assert json.loads(cli("alerts", "--json").out) == []


# --- questionnaire ----------------------------------------------------------------------


def test_phq9_item9_by_flags_opens_an_urgent_alert(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("questionnaire", "phq9", "--answers", "1,1,0,0,0,0,0,0,2", "--difficulty", "1")
    assert result.code == 0, result.err
    assert result.lines[0].startswith("!! If you are thinking of harming yourself")
    assert "Saved your PHQ-9: total 4 of 27 (none/minimal)." in result.lines
    assert f"!! {PHQ9_ITEM9_MESSAGE}" in result.lines
    (alert,) = open_alerts(cli)
    assert (alert["level"], alert["code"], alert["source"]["kind"]) == (
        "urgent",
        "phq9_item9",
        "questionnaire",
    )


def test_gad7_by_flags_is_saved_with_its_difficulty(
    cli,
    isolated_data_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    result = cli("questionnaire", "gad7", "--answers", "0,1,2,3,0,1,2", "--difficulty", "2")
    assert result.code == 0
    assert result.lines == ["Saved your GAD-7: total 9 of 21 (mild)."]
    (saved,) = Journal.open(isolated_data_dir, NOW.date()).questionnaires()
    assert (saved.answers, saved.difficulty) == ((0, 1, 2, 3, 0, 1, 2), 2)
    assert open_alerts(cli) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["phq9", "--answers", "0,0,0"], "the PHQ-9 has 9 answers, not 3"),
        (["gad7", "--answers", "0,0,0,0,4,0,0"], "answer 5 must be 0, 1, 2 or 3, not '4'"),
        (["gad7", "--answers", "0,0,x,0,0,0,0"], "answer 3 must be 0, 1, 2 or 3"),
        (["gad7", "--answers", "0,0,0,0,0,0,0", "--difficulty", "5"], "--difficulty"),
    ],
)
def test_a_bad_answer_list_is_bad_input_naming_the_position(
    cli,
    isolated_data_dir: Path,
    argv: list[str],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    result = cli("questionnaire", *argv)
    assert result.code == 2
    assert message in result.err
    assert not (isolated_data_dir / "journal.json").exists()


def test_questionnaire_asks_each_item_in_plain_text(isolated_data_dir: Path) -> None:
    answers = "\n".join(["0", "1", "0", "2", "0", "0", "1", "0", "1", ""]) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "ketacheck", "questionnaire", "phq9"],
        input=answers,
        capture_output=True,
        text=True,
        env=run_env(isolated_data_dir),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Little interest or pleasure in doing things" in done.stdout
    assert "how difficult have these problems made it" in done.stdout
    assert "!! If you are thinking of harming yourself" in done.stdout
    journal = Journal.open(isolated_data_dir, NOW.date())
    (saved,) = journal.questionnaires()
    assert saved.answers[8] == 1 and saved.difficulty is None
    assert [a.code for a in journal.overview().open_alerts] == ["phq9_item9"]
