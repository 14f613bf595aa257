"""A damaged journal gives back what it still holds (issue 22, part 7).

A journal cut at any byte restores with every record that was complete in it, plain or
encrypted (for an encrypted one: every record inside its intact blocks); and while it
can't be read, ``status`` still shows the open alerts and the crisis line.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from ketacheck.cli import main
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store import codec, keyfile
from ketacheck.store.envelope import read_header
from ketacheck.store.journal import Journal
from ketacheck.store.records import RECORD_TABLES
from ketacheck.store.salvage import check_records, salvage_plain, salvage_sealed
from ketacheck.usecases.checkins import record_checkin

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 22)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(local_zone: str) -> Callable[..., Result]:
    def run(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
        return Result(code, out.getvalue(), err.getvalue())

    return run


def checkin(n: int, **changes: object) -> CheckIn:
    data: dict[str, object] = {
        "id": f"c{n:031x}",
        "at": (datetime(2026, 11, 23, 10, 0, tzinfo=UTC) + timedelta(minutes=n)).isoformat(),
        "infusion_id": None,
        "dizziness": n % 5,
        "nausea": 1,
        "vomited": False,
        "fluids_glasses": 3,
        "electrolytes": True,
        "mood": 6,
        "note": f'check-in {n}: ünïcödé ✓ "quoted" \\ back',
    }
    data.update(changes)
    return CheckIn.from_dict(data)


def save_checkin(journal: Journal, n: int, **changes: object) -> CheckIn:
    """Record check-in ``n`` as the app does, its alerts worked out and kept."""
    doc = checkin(n, **changes).to_dict()
    at = datetime.fromisoformat(doc["at"])
    answers = {k: v for k, v in doc.items() if k not in ("id", "at", "infusion_id", "alerts")}
    return record_checkin(journal, answers, at, NOW, checkin_id=doc["id"])


def fill(data_dir: Path, checkins: int = 12) -> Journal:
    """A journal with an infusion, check-ins (one urgent), a PHQ-9 and settings."""
    journal = Journal.open(data_dir, TODAY)
    journal.add_infusion(
        Infusion.from_dict(
            {
                "id": "i" * 32,
                "started_at": "2026-11-23T08:00:00+00:00",
                "ended_at": "2026-11-23T08:45:00+00:00",
                "note": "first",
            }
        )
    )
    for n in range(checkins):
        harm = n == 3
        save_checkin(journal, n, mood=2 if harm else 6, self_harm_thoughts=harm)
    journal.add_questionnaire(
        QuestionnaireResult.from_dict(
            {
                "id": "q" * 32,
                "kind": "phq9",
                "at": "2026-11-23T11:00:00+00:00",
                "answers": [1, 1, 1, 1, 1, 1, 1, 1, 0],
                "infusion_id": "i" * 32,
            }
        )
    )
    return journal


def spans(plain: bytes) -> dict[tuple[str, str], tuple[int, int]]:
    """Where each record of each record table starts (its name) and ends in the text."""
    tables = orjson.loads(plain)
    found = {}
    for table in RECORD_TABLES:
        for key, doc in tables.get(table, {}).items():
            needle = orjson.dumps(key) + b":" + orjson.dumps(doc)
            at = plain.find(needle)
            assert at >= 0, (table, key)
            found[(table, key)] = (at, at + len(needle))
    return found


def found_records(found: object) -> set[tuple[str, str]]:
    tables = found.tables  # type: ignore[attr-defined]
    return {(t, k) for t in RECORD_TABLES for k in tables.get(t, {})}


def test_a_plain_journal_cut_at_every_byte_gives_back_every_complete_record(
    isolated_data_dir: Path,
) -> None:
    fill(isolated_data_dir).close()
    path = isolated_data_dir / "journal.json"
    payload = path.read_bytes()
    ends = spans(payload)
    assert len(ends) >= 15  # infusion, check-ins, questionnaire, alerts, settings

    for cut in range(len(payload) + 1):
        found = salvage_plain(payload[:cut])
        check_records(found, path)
        expected = {record for record, (_, end) in ends.items() if end <= cut}
        assert found_records(found) == expected, f"cut at byte {cut} of {len(payload)}"
        assert not found.rejected


def test_a_damaged_byte_in_a_plain_journal_loses_only_its_own_record(
    isolated_data_dir: Path,
) -> None:
    fill(isolated_data_dir).close()
    path = isolated_data_dir / "journal.json"
    payload = path.read_bytes()
    ends = spans(payload)
    rng = random.Random(7)
    for at in sorted(rng.sample(range(1, len(payload) - 1), 120)):
        damaged = payload[:at] + b"\x00" + payload[at + 1 :]
        found = salvage_plain(damaged)
        check_records(found, path)
        # Every record the damaged byte is not in comes back; settings only from before
        # it (after a gap a record is known by its type, and any record fits settings).
        expected = {
            record
            for record, (start, end) in ends.items()
            if not start <= at < end and (record[0] != "settings" or end <= at)
        }
        assert found_records(found) == expected, f"damage at byte {at}"


def unlock_fresh(data_dir: Path) -> keyfile.DataKey:
    from ketacheck.store.encryption import turn_on

    data_key, _ = keyfile.new_data_key()
    wrap = {"kdf": "argon2id"}  # never unwrapped here: the key is given directly
    turn_on(data_dir, data_key, keyfile.KeyFile(data_key.key_id, wrap, data_key.recovery))
    return data_key


def test_an_encrypted_journal_cut_at_any_byte_gives_back_every_record_in_its_intact_blocks(
    isolated_data_dir: Path,
) -> None:
    journal = fill(isolated_data_dir, checkins=20)
    journal.close()
    plain = (isolated_data_dir / "journal.json").read_bytes()
    data_key = unlock_fresh(isolated_data_dir)
    path = isolated_data_dir / "journal.json"
    sealed = path.read_bytes()
    header = read_header(sealed)
    assert header.block_count >= 5, "a journal this size spans several blocks"
    assert codec.decode(path, sealed) == plain
    ends = spans(plain)

    for cut in range(0, len(sealed) + 1, 3):
        whole = sum(1 for i in range(header.block_count) if header.block_span(i)[1] <= cut)
        readable = min(len(plain), whole * header.block_size)
        found = salvage_sealed(data_key.key, sealed[:cut]) if cut >= header.body_offset else None
        if found is None:
            continue
        check_records(found, path)
        expected = {record for record, (_, end) in ends.items() if end <= readable}
        assert found_records(found) == expected, f"cut at byte {cut} of {len(sealed)}"
        assert found.lost_blocks == header.block_count - whole


def test_a_tampered_block_loses_only_the_records_it_touches(isolated_data_dir: Path) -> None:
    fill(isolated_data_dir, checkins=20).close()
    plain = (isolated_data_dir / "journal.json").read_bytes()
    data_key = unlock_fresh(isolated_data_dir)
    sealed = (isolated_data_dir / "journal.json").read_bytes()
    header = read_header(sealed)
    ends = spans(plain)

    for bad in range(1, header.block_count - 1):
        start, _ = header.block_span(bad)
        tampered = bytearray(sealed)
        tampered[start + 10] ^= 0x40
        found = salvage_sealed(data_key.key, bytes(tampered))
        check_records(found, isolated_data_dir / "journal.json")
        low, high = bad * header.block_size, (bad + 1) * header.block_size
        clear = {
            record
            for record, (start, end) in ends.items()
            if end <= low or (start >= high and record[0] != "settings")
        }
        assert found.lost_blocks == 1
        assert found_records(found) == clear, f"block {bad}"


def test_blocks_cannot_be_swapped_or_moved(isolated_data_dir: Path) -> None:
    from ketacheck.store.envelope import EnvelopeError, open_sealed, seal

    key, key_id = bytes(32), "k"
    text = bytes(range(256)) * 40
    one = seal(key, key_id, text, {})
    two = seal(key, key_id, text, {})
    header = read_header(one)
    a0, a1 = header.block_span(0)
    b0, b1 = header.block_span(1)
    moved = one[:a0] + one[b0:b1] + one[a1:b0] + one[a0:a1] + one[b1:]
    swapped = one[:a0] + two[a0:a1] + one[a1:]
    assert open_sealed(key, one) == text
    for spoiled in (moved, swapped, one[: header.block_span(header.block_count - 1)[0]]):
        with pytest.raises(EnvelopeError):
            open_sealed(key, spoiled)


def test_restore_merges_what_the_cut_journal_holds_with_the_backup(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    # The case from the issue: yesterday's backup holds nothing from today; today's
    # infusion and check-in are in the journal, which is then cut in half.
    Journal.open(isolated_data_dir, SUNDAY).close()
    journal = Journal.open(isolated_data_dir, TODAY)
    backup = isolated_data_dir / "backups" / "journal-2026-11-23.json"
    journal.add_infusion(
        Infusion.from_dict(
            {
                "id": "i" * 32,
                "started_at": "2026-11-23T08:00:00+00:00",
                "ended_at": "2026-11-23T08:45:00+00:00",
                "note": "",
            }
        )
    )
    save_checkin(journal, 1)
    save_checkin(journal, 2, dizziness=8)
    journal.close()
    assert b"i" * 32 not in backup.read_bytes()
    path = isolated_data_dir / "journal.json"
    payload = path.read_bytes()
    ends = spans(payload)
    cut = max(end for (table, _), (_, end) in ends.items() if table == "checkins") - 1
    path.write_bytes(payload[:cut])

    result = cli("restore")

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "Recovered from the unreadable journal itself: 1 infusion and 1 check-in." in lines
    assert "Could not recover: a check-in that was cut off or damaged." in lines
    assert lines[-1] == "Your journal now holds 1 infusion and 1 check-in."
    status = cli("status", "--json")
    assert status.code == 0
    assert json.loads(status.out)["infusion"]["id"] == "i" * 32
    assert json.loads(status.out)["last_checkin"]["id"] == checkin(1).id


@pytest.mark.parametrize("seed", range(3))
def test_restore_at_random_cut_points_keeps_every_complete_record(
    seed: int, isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    fill(isolated_data_dir).close()
    path = isolated_data_dir / "journal.json"
    payload = path.read_bytes()
    ends = spans(payload)
    rng = random.Random(seed)
    for cut in sorted(rng.sample(range(1, len(payload)), 6)):
        path.write_bytes(payload[:cut])
        result = cli("restore")
        assert result.code == 0, (cut, result.err)
        journal = Journal.open(isolated_data_dir, TODAY)
        tables = journal._tables()  # what the journal file now holds
        journal.close()
        held = {(t, k) for t in RECORD_TABLES for k in tables.get(t, {})}
        complete = {record for record, (_, end) in ends.items() if end <= cut}
        assert complete <= held, f"cut at {cut}: lost {complete - held}"
        path.write_bytes(payload)


def test_status_on_an_unreadable_journal_still_shows_the_open_alerts(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    journal = fill(isolated_data_dir)
    journal.overview()  # the summary, as every save leaves it
    journal.close()
    path = isolated_data_dir / "journal.json"
    path.write_bytes(path.read_bytes()[:-40])

    result = cli("status")

    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "can't be read" in result.err and "ketacheck restore" in result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("In a crisis: ")
    assert "Open alerts, as at the last save that worked:" in lines
    assert any("thoughts of harming yourself" in line for line in lines)
    as_json = cli("status", "--json")
    assert as_json.code == 1
    shown = json.loads(as_json.out)
    assert shown["alerts_known"] is True
    assert [a["code"] for a in shown["alerts"]] == ["self_harm"]
    assert "can't be read" in shown["error"]


def test_status_on_an_unreadable_journal_without_a_summary_still_shows_the_crisis_line(
    isolated_data_dir: Path, cli: Callable[..., Result]
) -> None:
    fill(isolated_data_dir).close()
    (isolated_data_dir / "summary.json").unlink()
    (isolated_data_dir / "journal.json").write_bytes(b'{"meta": {"1": {"sch')

    result = cli("status")

    assert result.code == 1
    assert result.out.splitlines() == [
        "In a crisis: Call a crisis line listed at findahelpline.com or your local emergency "
        "number (112 across the EU)",
        "The alerts that were open can't be shown until the journal is restored.",
    ]
