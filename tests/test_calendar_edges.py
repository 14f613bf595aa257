"""Times at the edges of the calendar: refused at import, at open and at --at, by name."""

from __future__ import annotations

import io
import json
import os
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from ketacheck.cli import main
from ketacheck.core.clock import parse_stored_time
from ketacheck.core.scales import ValidationError
from ketacheck.core.timeparse import parse_when
from ketacheck.exchange.importer import MAX_IMPORT_BYTES

NOW = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T20:00:00+00:00",
        "0001-01-01T00:00:00+00:00",
        "1899-12-31T12:00:00+00:00",
        "2201-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+05:00",  # would overflow on the way to UTC
    ],
)
def test_stored_times_outside_1900_to_2200_are_refused(value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_stored_time("started_at", value)
    assert caught.value.field == "started_at"
    assert "1900 to 2200" in str(caught.value)


@pytest.mark.parametrize("value", ["1900-01-01T12:00:00+00:00", "2200-06-01T00:00:00+00:00"])
def test_the_years_at_the_edges_are_kept(value: str) -> None:
    assert parse_stored_time("at", value).year in (1900, 2200)


def test_a_typed_time_far_in_the_past_is_refused() -> None:
    with pytest.raises(ValidationError, match="1900 to 2200"):
        parse_when("0001-01-01 10:00", NOW, UTC, field="--at")


def test_an_infusion_at_the_end_of_time_is_not_imported_and_checkins_still_work(
    tmp_path: Path, local_zone: str
) -> None:
    data = tmp_path / "data"
    export = {
        "format": "ketacheck-export",
        "version": 2,
        "infusions": [
            {
                "id": "late",
                "started_at": "9999-12-31T20:00:00+00:00",
                "ended_at": "9999-12-31T20:45:00+00:00",
            }
        ],
    }
    file = tmp_path / "export.json"
    file.write_bytes(orjson.dumps(export))

    code, out, err = run("--data-dir", str(data), "import", str(file))

    assert code == 2
    assert "infusions[0] (id late): started_at" in err
    assert "1900 to 2200" in err
    assert not (data / "journal.json").exists()
    code, _, err = run(
        "--data-dir",
        str(data),
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
        "no",
    )
    assert code == 0, err


def test_a_year_one_checkin_in_the_journal_is_named_not_a_crash(
    tmp_path: Path, local_zone: str
) -> None:
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "status").__getitem__(0) == 0
    assert run("--data-dir", str(data), "infusion", "add", "--at", "now")[0] == 0
    journal = data / "journal.json"
    tables = orjson.loads(journal.read_bytes())
    tables["checkins"] = {
        "old": {
            "id": "old",
            "at": "0001-01-01T00:00:00+00:00",
            "infusion_id": None,
            "dizziness": 0,
            "nausea": 0,
            "vomited": False,
            "fluids_glasses": 1,
            "electrolytes": False,
            "mood": 5,
        }
    }
    journal.write_bytes(orjson.dumps(tables))
    (data / "summary.json").unlink(missing_ok=True)

    for command in (["status"], ["status", "--json"], ["report", "-o", "-"], ["export", "-o", "-"]):
        code, out, err = run("--data-dir", str(data), *command)
        assert code == 1, (command, out)
        assert "check-in old: at" in err and "1900 to 2200" in err
        assert "Traceback" not in err
        assert err.count("\n") == 1
    assert json.loads(journal.read_bytes())["checkins"]["old"]["at"].startswith("0001")


# --- what import refuses before reading it ---------------------------------------------


def test_import_refuses_a_fifo_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    code, _, err = run("--data-dir", str(tmp_path / "data"), "import", str(fifo))
    assert code == 2
    assert "not a regular file" in err
    assert not (tmp_path / "data" / "journal.json").exists()


def test_import_refuses_a_device(tmp_path: Path) -> None:
    started = time.monotonic()
    code, _, err = run("--data-dir", str(tmp_path / "data"), "import", "/dev/zero")
    assert code == 2
    assert "not a regular file" in err
    assert time.monotonic() - started < 2


def test_import_refuses_a_file_over_the_cap_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(MAX_IMPORT_BYTES + 1)  # sparse: nothing to read, only a size
    code, _, err = run("--data-dir", str(tmp_path / "data"), "import", str(big))
    assert code == 2
    assert "too large to be a ketacheck export" in err


def test_a_file_of_empty_lists_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    brackets = tmp_path / "lists.json"
    brackets.write_bytes(
        b'{"format":"ketacheck-export","version":3,"checkins":[' + b"[]," * 5_000_000 + b"[]]}"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    code, _, err = run("--data-dir", str(tmp_path / "data"), "import", str(brackets))
    assert code == 2
    assert "far more lists and objects" in err
    assert time.monotonic() - started < 2
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 10 * brackets.stat().st_size / 1024
