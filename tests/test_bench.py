"""The speed bench still runs: every figure measured once on a small journal (``--quick``).

Not timed: a shared CI machine says nothing about speed. What it proves is that each
command the bench measures still works on a journal made through the real use cases,
and that the table the README shows can still be made.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.rows import Row, table

ROOT = Path(__file__).resolve().parents[1]

#: Every figure of the README's table, in its order.
FIGURES = [
    "`status`",
    "`status`, calm journal",
    "first frame of Home",
    "peak memory, first frame",
    "`export` (JSON)",
    "`export --format fhir`",
    "peak memory, `export --format fhir`",
    "`report` (md)",
    "save a check-in",
]


def test_the_quick_bench_measures_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench", "--quick", "--size", "300"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| what (realistic journal, 300 check-ins)")
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]] == FIGURES
    for row in rows[1:]:
        cells = row.split(" | ")
        assert cells[1].endswith((" ms", " MB")) and float(cells[1].split()[0]) > 0
        assert cells[3].endswith("x")
    assert "Measured on " in done.stdout


def test_the_table_marks_a_missed_goal() -> None:
    slow = Row("save a check-in", 0.030, 0.010, "floor", 1.2)
    fine = Row("`status`", 0.050, 0.045, "floor", 1.3)
    assert not slow.ok and fine.ok
    shown = table([fine, slow], "realistic journal, 10 check-ins")
    assert "| save a check-in | 30.0 ms | 10.0 ms (floor) | 3.00x | <= 1.2x | **missed** |" in shown
    assert "| `status` | 50.0 ms | 45.0 ms (floor) | 1.11x | <= 1.3x | met |" in shown
    memory = Row("peak memory", 200 * 1024, 100 * 1024, "floor", 150, unit="MB")
    assert not memory.ok and "<= 150 MB" in table([memory], "x")


@pytest.mark.parametrize("size", [300, 10_000])
def test_the_realistic_journal_has_resolved_alerts_and_one_open(tmp_path: Path, size: int) -> None:
    """As the issue asks of the bench's journal: alerts the patient resolved, alerts the
    next infusion closed, and one open (which `status` and Home then show), at the
    bench's own size too (its last month once happened to leave none open)."""
    from tests.bench.realistic import BENCH_NOW, make_years

    journal = make_years(tmp_path / "data", size)
    alerts = journal.alerts()
    journal.close()
    still_open = [a for a in alerts if a.is_open]
    assert len(still_open) == 1 and still_open[0].level != "urgent"
    closed_by = {a.closed_by for a in alerts if not a.is_open}
    assert closed_by == {"patient", "next-infusion"}
    assert all(a.raised_at <= BENCH_NOW for a in alerts)
