"""Every CLI command against a journal full of hostile text: no control byte reaches the
terminal, --json stays exact, nothing is lost."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from ketacheck.cli import main
from ketacheck.core.settings import Settings
from ketacheck.store.journal import Journal
from ketacheck.usecases.checkins import record_checkin

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)
HOSTILE = (
    "\x1b]0;owned\x07\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\\x1b[2J\x9b31m\x00\u202e"
    "[/] [b]bold[/b] # heading <img src=x> ![i](http://x)"
)
#: Anything a terminal acts on: C0 (but the line break), DEL, C1, bidi overrides.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def run(data_dir: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *argv], clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    journal = Journal.open(data_dir, NOW.date())
    journal.save_settings(
        Settings(
            onboarded=True,
            care_team_name=HOSTILE,
            care_team_phone=HOSTILE[:40],
            crisis_line=HOSTILE,
            next_appointment=NOW + timedelta(days=1),
        )
    )
    assert run(data_dir, "infusion", "add", "--at", "today 08:00", "--note", HOSTILE)[0] == 0
    record_checkin(
        journal,
        {
            "dizziness": 8,
            "nausea": 1,
            "fluids_glasses": 1,
            "mood": 2,
            "self_harm_thoughts": True,
            "note": (HOSTILE * 100)[:10_000],
            "intention": HOSTILE[:200],
            "mood_words": [HOSTILE[:30]],
        },
        NOW - timedelta(minutes=5),
    )
    (alert, *_) = journal.alerts()
    journal.resolve_alert(alert.id, HOSTILE, NOW - timedelta(minutes=1), "command line")
    journal.close()
    return data_dir


COMMANDS = [
    ["status"],
    ["alerts"],
    ["alerts", "--all"],
    ["report", "-o", "-"],
    ["restore", "--list"],
    ["infusion", "add", "--at", "now"],
    [
        "checkin",
        "--dizziness",
        "1",
        "--nausea",
        "0",
        "--fluids",
        "2",
        "--mood",
        "6",
        "--self-harm",
        "yes",
        "--note",
        HOSTILE,
    ],
    ["questionnaire", "phq9", "--answers", "0,0,0,0,0,0,0,0,1"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_control_byte_reaches_the_terminal(hostile: Path, argv: list[str]) -> None:
    code, out, err = run(hostile, *argv)
    assert code == 0, err
    assert not CONTROL.findall(out), out[:300]
    assert not CONTROL.findall(err)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("argv", [["status", "--json"], ["alerts", "--all", "--json"]])
def test_json_is_exact_and_escaped(hostile: Path, argv: list[str]) -> None:
    code, out, _ = run(hostile, *argv)
    assert code == 0
    assert not CONTROL.findall(out)
    parsed = json.loads(out)
    stored = (
        parsed["last_checkin"]["note"]
        if argv[0] == "status"
        else next(a["resolution"] for a in parsed if a["resolution"])
    )
    assert stored.startswith(HOSTILE)  # exactly what is stored, only escaped


def test_an_import_full_of_hostile_text_keeps_every_byte_and_shows_none(
    hostile: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "export.json"
    assert run(hostile, "export", "-o", str(exported))[0] == 0
    other = tmp_path / "other"
    code, out, err = run(other, "import", "--with-settings", str(exported))
    assert code == 0, err
    assert not CONTROL.findall(out + err)
    before = orjson.loads(exported.read_bytes())
    again = tmp_path / "again.json"
    assert run(other, "export", "-o", str(again))[0] == 0
    after = orjson.loads(again.read_bytes())
    assert after["checkins"] == before["checkins"]
    assert after["alerts"] == before["alerts"]
    assert after["settings"] == before["settings"]


def test_ten_thousand_character_fields_are_kept_and_longer_ones_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    base = [
        "checkin",
        "--dizziness",
        "0",
        "--nausea",
        "0",
        "--fluids",
        "2",
        "--mood",
        "6",
        "--self-harm",
        "no",
    ]
    assert run(data_dir, *base, "--note", "x" * 10_000)[0] == 0
    code, _, err = run(data_dir, *base, "--note", "x" * 10_001)
    assert code == 2 and "note" in err
    (kept,) = Journal.open(data_dir, NOW.date()).checkins()
    assert len(kept.note) == 10_000


def test_an_unterminated_sequence_never_swallows_the_text_after_it() -> None:
    from ketacheck.core.words import printable

    assert printable("id \x9d): at: bad. Nothing was imported.") == (
        "id ): at: bad. Nothing was imported."
    )
    assert printable("a\x1b]0;title never ended, then words") == "a0;title never ended, then words"
