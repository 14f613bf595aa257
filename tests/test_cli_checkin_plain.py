"""The plain-text check-in (``ketacheck checkin`` with no scores) as a screen-reader user or a
script meets it: every question the app asks, back with ``b``, a review with ``edit N``,
the crisis line at once after a self-harm "yes", and Ctrl+C after it."""

from __future__ import annotations

import builtins
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ketacheck.cli import main
from ketacheck.core.scales import SIDE_EFFECTS
from ketacheck.store.journal import Journal
from tests.cli_support import Result
from tests.conftest import run_env

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
CORE = ["2", "0", "n", "4", "n", "7", "n"]
#: The optional answers skipped (tiredness to the note), then Enter at the review.
SKIP_REST = ["", "", "", "", "", "", "", "", "", ""]
TIREDNESS = "How tired do you feel? 0 = not at all, 10 = the worst (Enter to skip): "
HEADACHE = "How bad is any headache? 0 = none, 10 = the worst (Enter to skip): "
SAMARITANS = "   Crisis line: Call Samaritans on 116 123 or your local emergency number, 999"


class Script:
    """Stands in for ``input``: each answer in turn (an exception is raised), then EOF.
    Every prompt asked is kept, with what had been printed before it."""

    def __init__(self, answers: list[str | BaseException], out: io.StringIO) -> None:
        self.answers = list(answers)
        self.out = out
        self.prompts: list[str] = []
        self.printed_before: list[str] = []

    def __call__(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        self.printed_before.append(self.out.getvalue())
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


@pytest.fixture
def checkin(
    monkeypatch: pytest.MonkeyPatch, local_zone: str
) -> Iterator[Callable[..., tuple[Result, Script]]]:
    def run(answers: list[str | BaseException], *argv: str) -> tuple[Result, Script]:
        out, err = io.StringIO(), io.StringIO()
        script = Script(answers, out)
        monkeypatch.setattr(builtins, "input", script)
        code = main([*argv] or ["checkin"], clock=lambda: NOW, stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue()), script

    yield run


def stored(data_dir: Path) -> list[dict[str, Any]]:
    journal = json.loads((data_dir / "journal.json").read_text())
    return list(journal.get("checkins", {}).values())


def open_alerts(data_dir: Path) -> list[str]:
    return [a.code for a in Journal.open(data_dir, NOW.date()).alerts() if a.resolved_at is None]


def review(result: Result) -> list[str]:
    start = result.lines.index("Your answers:") + 1
    return [line for line in result.lines[start:] if line[:4].strip().isdigit()]


# --- every question, in the app's order ------------------------------------------------


def test_tiredness_headache_and_side_effects_are_asked_and_kept(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin(
        [*CORE, "3", "8", "", "", "7.5", "6 2", "calm, flat", "a walk", "", ""]
    )

    assert result.code == 0, result.err
    assert script.prompts[7:9] == [TIREDNESS, HEADACHE]
    listed = [f"  {n:>2}  {words}" for n, words in enumerate(SIDE_EFFECTS.values(), start=1)]
    assert "Have you noticed any of these?" in result.lines
    assert all(line in result.lines for line in listed)
    (saved,) = stored(isolated_data_dir)
    assert (saved["fatigue"], saved["headache"], saved["sleep_hours"]) == (3, 8, 7.5)
    assert saved["side_effects"] == ["hallucinations", "blurred_vision"]
    assert (saved["mood_words"], saved["intention"]) == (["calm", "flat"], "a walk")
    codes = [alert["code"] for alert in saved["alerts"]]
    assert "severe_headache" in codes  # a rule the plain-text check-in could never reach
    assert any(line.startswith("!  Your headache is at 8 of 10") for line in result.lines)


def test_the_review_lists_every_answer_and_edit_n_asks_it_again(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([*CORE, "4", *SKIP_REST[1:-1], "edit 1", "5", "e 8", "", ""])

    assert result.code == 0, result.err
    rows = review(result)
    assert rows[:8] == [
        "   1  Dizziness: 2 of 10",
        "   2  Nausea: 0 of 10",
        "   3  Was sick: no",
        "   4  Fluids: 4 glasses",
        "   5  Electrolytes: no",
        "   6  Mood: 7 of 10",
        "   7  Self-harm thoughts: no",
        "   8  Tiredness: 4 of 10",
    ]
    assert "  13  Side effects: none" in rows
    assert result.out.count("Your answers:") == 3  # once, then after each edit
    assert script.prompts.count("How dizzy do you feel? 0 = not at all, 10 = the worst: ") == 2
    (saved,) = stored(isolated_data_dir)
    assert (saved["dizziness"], saved["fatigue"]) == (5, None)


def test_b_goes_back_one_question_and_the_new_answer_counts(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin(
        ["b", "2", "b", "3", "0", "n", "4", "n", "7", "n", "6", "b", "5", "", *SKIP_REST[2:]]
    )

    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == "  This is the first question."
    (saved,) = stored(isolated_data_dir)
    assert (saved["dizziness"], saved["fatigue"], saved["headache"]) == (3, 5, None)
    assert script.prompts.count(TIREDNESS) == 2


def test_b_at_the_review_goes_back_to_the_last_question(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([*CORE, *SKIP_REST[:-1], "b", "remember the water", "", ""])

    assert result.code == 0, result.err
    assert script.prompts.count("Anything else to note? (press Enter to skip) ") == 2
    assert stored(isolated_data_dir)[0]["note"] == "remember the water"


def test_r_goes_straight_to_the_review(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([*CORE, "6", "r", ""])

    assert result.code == 0, result.err
    assert script.prompts[-1].startswith("Press Enter to save")
    assert len(script.prompts) == 10
    assert stored(isolated_data_dir)[0]["fatigue"] == 6


def test_an_unclear_review_answer_is_asked_again_then_refused(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, _ = checkin([*CORE, *SKIP_REST[:-1], "edit 99", "maybe", "no"])

    assert result.code == 2
    assert result.err.splitlines()[:2] == [
        "  Press Enter to save, or type edit and a number from 1 to 16.",
        "  Press Enter to save, or type edit and a number from 1 to 16.",
    ]
    assert result.err.endswith(
        "ketacheck: review: no clear answer after 3 tries; nothing was saved\n"
    )
    assert not (isolated_data_dir / "journal.json").exists()


def test_a_note_asks_whether_it_is_for_the_doctor(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([*CORE, *SKIP_REST[:-2], "ask about sleep", "y", ""])

    assert result.code == 0, result.err
    assert "Bring this note up with your doctor" in script.prompts[-2]
    assert stored(isolated_data_dir)[0]["for_doctor"] is True


# --- the crisis line, at once ------------------------------------------------------------


def test_the_crisis_line_is_printed_before_the_next_question(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    main(["settings", "set", "country", "GB"], stdout=io.StringIO(), stderr=io.StringIO())
    main(
        ["settings", "set", "care-team-phone", "020 7946 0000"],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    result, script = checkin(["2", "0", "n", "4", "n", "2", "y", *SKIP_REST])

    assert result.code == 0, result.err
    asked_tiredness = script.prompts.index(TIREDNESS)
    before_tiredness = script.printed_before[asked_tiredness]
    assert SAMARITANS in before_tiredness.splitlines()
    assert "   Care team: 020 7946 0000" in before_tiredness.splitlines()
    assert SAMARITANS not in script.printed_before[asked_tiredness - 1]  # not before the "y"
    assert open_alerts(isolated_data_dir) == ["self_harm"]


def test_changing_the_answer_to_yes_at_the_review_prints_the_line_then(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([*CORE, *SKIP_REST[:-1], "edit 7", "yes", ""])

    assert result.code == 0, result.err
    last_review = script.printed_before[-1]
    assert "!! If you are thinking of harming yourself, please reach out now:" in last_review
    assert stored(isolated_data_dir)[0]["self_harm_thoughts"] is True
    assert open_alerts(isolated_data_dir) == ["self_harm"]


def test_ctrl_c_after_a_yes_keeps_the_alert_and_says_the_line_again(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, _ = checkin(["2", "0", "n", "4", "n", "2", "y", "3", KeyboardInterrupt()])

    assert result.code == 1
    assert result.out.count("   Crisis line: ") == 2
    assert result.lines[-1] == (
        "Your answer about harming yourself is kept: 'ketacheck status' shows it."
    )
    assert "stopped; nothing more was saved" in result.err
    assert open_alerts(isolated_data_dir) == ["self_harm"]
    assert stored(isolated_data_dir) == []  # the check-in itself was not finished


def test_ctrl_c_before_any_yes_keeps_nothing(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, _ = checkin(["2", "0", "n", KeyboardInterrupt()])

    assert result.code == 1
    assert "Crisis line" not in result.out
    assert not (isolated_data_dir / "journal.json").exists()


def test_ctrl_c_in_a_real_process_after_the_yes(isolated_data_dir: Path) -> None:
    """A real interrupt (SIGINT, as Ctrl+C sends) while the next question waits."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ketacheck", "checkin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=run_env(isolated_data_dir, TZ="Europe/London", LANG="en_GB.UTF-8"),
    )
    assert process.stdin is not None
    process.stdin.write("2\n0\nn\n4\nn\n2\ny\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while not _alert_kept(isolated_data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # now waiting at the tiredness question
    os.kill(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)

    assert process.returncode == 1, err
    said_yes = out.index("harming yourself? [y/n] ")
    first = out.index(SAMARITANS)
    assert said_yes < first < out.index(TIREDNESS)  # the line comes before the next question
    assert out.count(SAMARITANS) == 2  # and again on stopping
    assert "(from your time zone — set it with 'ketacheck settings set country GB')" in out
    assert "stopped; nothing more was saved" in err
    assert "Traceback" not in err
    assert open_alerts(isolated_data_dir) == ["self_harm"]


def _alert_kept(data_dir: Path) -> bool:
    try:
        return "self_harm" in (data_dir / "journal.json").read_text()
    except OSError:
        return False


def test_piped_answers_get_the_crisis_line_right_after_the_y(isolated_data_dir: Path) -> None:
    answers = "\n".join(["2", "0", "n", "4", "n", "2", "y", "3", "0", *SKIP_REST[2:]]) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "ketacheck", "checkin"],
        input=answers,
        capture_output=True,
        text=True,
        env=run_env(isolated_data_dir, TZ="America/New_York", LANG="en_US.UTF-8"),
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    out = done.stdout
    said_yes = out.index("harming yourself? [y/n] ") + len("harming yourself? [y/n] ")
    line = out.index("   Crisis line: Call or text 988")
    assert said_yes < line < out.index(TIREDNESS) < out.index(HEADACHE)
    assert (
        out[said_yes:line].strip()
        == "!! If you are thinking of harming yourself, please reach out now:"
    )
    (saved,) = stored(isolated_data_dir)
    assert (saved["self_harm_thoughts"], saved["fatigue"], saved["headache"]) == (True, 3, 0)


# --- the options --------------------------------------------------------------------------

SCORES = ["checkin", "--dizziness", "0", "--nausea", "0", "--fluids", "2", "--mood", "0"]


def test_scores_without_self_harm_exit_2_and_save_nothing(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, script = checkin([], *SCORES)

    assert result.code == 2
    assert "add --self-harm yes or no" in result.err
    assert script.prompts == []  # nothing is asked either
    assert not (isolated_data_dir / "journal.json").exists()


def test_tiredness_headache_and_side_effects_as_options(
    checkin: Callable[..., tuple[Result, Script]], isolated_data_dir: Path
) -> None:
    result, _ = checkin(
        [],
        *SCORES,
        "--self-harm",
        "no",
        "--tiredness",
        "5",
        "--headache",
        "2",
        "--side-effect",
        "blurred-vision",
        "--side-effect",
        "confusion",
    )

    assert result.code == 0, result.err
    (saved,) = stored(isolated_data_dir)
    assert (saved["fatigue"], saved["headache"]) == (5, 2)
    assert saved["side_effects"] == ["blurred_vision", "confusion"]


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (["--tiredness", "11"], "fatigue: must be from 0 to 10"),
        (["--side-effect", "dragons"], "argument --side-effect: invalid choice: 'dragons'"),
        (["--headache", "x"], "argument --headache: invalid int value: 'x'"),
    ],
)
def test_a_bad_option_value_saves_nothing(
    checkin: Callable[..., tuple[Result, Script]],
    isolated_data_dir: Path,
    extra: list[str],
    problem: str,
) -> None:
    result, _ = checkin([], *SCORES, "--self-harm", "no", *extra)

    assert result.code == 2
    assert problem in result.err, result.err
    assert not (isolated_data_dir / "journal.json").exists()


def test_the_help_lists_the_side_effects(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["checkin", "--help"], stdout=out) == 0
    text = " ".join(out.getvalue().split())
    for name in ("--tiredness N", "--headache N", "--side-effect NAME", "--self-harm"):
        assert name in text
    assert all(name in text for name in SIDE_EFFECTS)


# --- a screen reader's terminal -----------------------------------------------------------


def test_what_a_screen_reader_reads_has_no_colour_codes_or_boxes(isolated_data_dir: Path) -> None:
    env = run_env(
        isolated_data_dir, NO_COLOR="1", TERM="dumb", TZ="America/New_York", LANG="en_US.UTF-8"
    )

    def run(*argv: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "ketacheck", *argv],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    said = [
        run("infusion", "add", "--at", "1 hour ago"),
        run("checkin", stdin="\n".join(["2", "0", "n", "4", "n", "3", "y", *SKIP_REST]) + "\n"),
        run("status"),
        run("alerts"),
        run("settings"),
        run("settings", "set", "country", "--list"),
    ]

    for text in said:
        assert "\x1b" not in text
        assert not any("\u2500" <= char <= "\u259f" for char in text)  # box drawing, blocks
        assert "Traceback" not in text
    assert "Crisis line: Call or text 988" in said[1]
    assert "Crisis line: Call or text 988" in said[2]
