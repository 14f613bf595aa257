"""``--at`` as people type it, through the command line: what is stored, what is said."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketacheck.cli import main
from ketacheck.store.journal import Journal

#: Sunday 22 November 2026, 11:00 in New York (EST, UTC-5).
NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 hour ago", datetime(2026, 11, 22, 15, 0, tzinfo=UTC)),
        ("9am", datetime(2026, 11, 22, 14, 0, tzinfo=UTC)),
        ("yesterday 2pm", datetime(2026, 11, 21, 19, 0, tzinfo=UTC)),
        ("half an hour ago", datetime(2026, 11, 22, 15, 30, tzinfo=UTC)),
    ],
)
def test_infusion_add_at_as_people_type_it(
    local_zone: str, isolated_data_dir: Path, typed: str, stored: datetime
) -> None:
    code, _, err = run("infusion", "add", "--at", typed)
    assert (code, err) == (0, "")
    [infusion] = Journal.open(isolated_data_dir, NOW.date()).infusions()
    assert infusion.started_at == stored


def test_a_time_later_today_suggests_yesterday(local_zone: str, isolated_data_dir: Path) -> None:
    code, out, err = run("infusion", "add", "--at", "2pm")
    assert (code, out) == (2, "")
    assert err == (
        "ketacheck: --at: '2pm' is later today; if you mean yesterday, type \"yesterday 2pm\"\n"
    )
    assert Journal.open(isolated_data_dir, NOW.date()).infusions() == []


def test_the_help_shows_what_people_type() -> None:
    code, out, _ = run("infusion", "add", "--help")
    assert code == 0
    shown = " ".join(out.split())
    assert '"2pm", "yesterday 9:30", "1 hour ago" or a date and time (default now)' in shown
