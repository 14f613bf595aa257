"""A save encodes only what changed (ketacheck.store.journal_bytes), and what it writes
is always the whole journal, exactly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from ketacheck.store import journal_bytes
from ketacheck.store.errors import JournalWriteError
from ketacheck.store.journal import Journal
from ketacheck.store.journal_bytes import JournalBytes
from tests.test_store_journal import BASE, checkin, infusion


def written(parts: JournalBytes, tables: dict) -> bytes:
    runs, kept = parts.encode(tables)
    parts.kept_from(kept)
    return b"".join(runs)


def test_an_added_record_is_encoded_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    base = {str(n): {"id": str(n), "mood": n} for n in range(50)}
    tables = {"meta": {"1": {"v": 1}}, "checkins": base}
    parts = JournalBytes()
    assert written(parts, tables) == orjson.dumps(tables)

    after = {**tables, "checkins": {**base, "new": {"id": "new", "mood": 9}}}
    whole = orjson.dumps(after)
    encoded = watch_dumps(monkeypatch)
    parts.grown("checkins", base, after["checkins"], ["new"])
    assert written(parts, after) == whole
    # The new record, and the table names: never the fifty check-ins already written.
    assert {"new": {"id": "new", "mood": 9}} in encoded
    assert not any(isinstance(obj, dict) and len(obj) > 1 for obj in encoded)


def test_a_table_changed_any_other_way_is_encoded_whole() -> None:
    base = {"a": {"id": "a", "mood": 1}}
    parts = JournalBytes()
    written(parts, {"checkins": base})
    changed = {"a": {"id": "a", "mood": 5}}

    # A record was replaced, then one added: the note's base is not what was written.
    grown = {**changed, "b": {"id": "b", "mood": 2}}
    parts.grown("checkins", changed, grown, ["b"])
    assert written(parts, {"checkins": grown}) == orjson.dumps({"checkins": grown})

    # Added, replaced, added again in one change: the two notes do not make one.
    first = {**grown, "c": {"id": "c"}}
    parts.grown("checkins", grown, first, ["c"])
    replaced = {**first, "a": {"id": "a", "mood": 7}}
    last = {**replaced, "d": {"id": "d"}}
    parts.grown("checkins", replaced, last, ["d"])
    assert written(parts, {"checkins": last}) == orjson.dumps({"checkins": last})

    # A note that leaves out a record the table gained is not trusted.
    more = {**last, "e": {"id": "e"}, "f": {"id": "f"}}
    parts.grown("checkins", last, more, ["e"])
    assert written(parts, {"checkins": more}) == orjson.dumps({"checkins": more})

    # A note about another table object than the one written.
    other = {**more, "a": {"id": "a", "mood": 8}, "g": {"id": "g"}}
    parts.grown("checkins", more, {**more, "g": {"id": "g"}}, ["g"])
    assert written(parts, {"checkins": other}) == orjson.dumps({"checkins": other})


def test_two_additions_in_one_change_and_empty_tables() -> None:
    parts = JournalBytes()
    empty: dict = {}
    written(parts, {"checkins": empty, "alerts": {}})
    one = {"x": {"id": "x"}}
    two = {**one, "y": {"id": "y", "note": 'caf\u00e9 \u202e "quoted" \\ \x1b[2J'}}
    parts.grown("checkins", empty, one, ["x"])
    parts.grown("checkins", one, two, ["y"])
    tables = {"checkins": two, "alerts": {}}
    assert written(parts, tables) == orjson.dumps(tables)


def test_many_saves_join_their_runs_and_stay_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_bytes, "_MAX_RUNS", 4)
    parts = JournalBytes()
    table: dict = {}
    written(parts, {"checkins": table})
    for n in range(12):
        grown = {**table, f"id{n}": {"id": f"id{n}", "n": n}}
        parts.grown("checkins", table, grown, [f"id{n}"])
        table = grown
        assert written(parts, {"checkins": table}) == orjson.dumps({"checkins": table})
    assert len(parts._kept["checkins"].runs) <= 4


def journal_of(folder: Path, count: int) -> Journal:
    """A journal in ``folder`` with check-ins 1 to ``count``, each saved on its own."""
    journal = Journal.open(folder, BASE.date())
    for n in range(1, count + 1):
        journal.add_checkin(checkin(n), BASE)
    return journal


def watch_dumps(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every object orjson is asked to encode from now on (the tests' own check aside)."""
    encoded: list[Any] = []
    real = orjson.dumps
    monkeypatch.setattr(orjson, "dumps", lambda obj, *a: encoded.append(obj) or real(obj, *a))
    return encoded


def stored(journal: Journal) -> dict[str, Any]:
    """The journal file as stored, checked to be exactly its own encoding."""
    payload = journal.path.read_bytes()
    tables: dict[str, Any] = orjson.loads(payload)
    assert payload == orjson.dumps(tables)
    return tables


def test_edits_deletions_and_a_failed_save_between_additions_all_reach_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = journal_of(tmp_path, 4)
    # TinyDB changes a record in place inside the table object the last save wrote.
    journal.update_checkin(checkin(2, mood=9, note="edited"), BASE)
    journal.add_checkin(checkin(5), BASE)
    journal.delete_checkin(checkin(1).id, BASE)
    journal.add_checkin(checkin(6), BASE)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr("ketacheck.store.storage.atomic_write", full_disk)
        with pytest.raises(JournalWriteError):
            journal.add_checkin(checkin(7), BASE)
    journal.add_checkin(checkin(8), BASE)

    checkins = stored(journal)["checkins"]
    assert list(checkins) == [checkin(n).id for n in (2, 3, 4, 5, 6, 8)]
    assert checkins[checkin(2).id]["mood"] == 9
    assert checkins[checkin(2).id]["note"] == "edited"
    journal.close()


def test_a_save_by_another_process_in_between_is_kept(tmp_path: Path) -> None:
    ours = journal_of(tmp_path, 1)
    theirs = Journal.open(tmp_path, BASE.date())
    theirs.add_checkin(checkin(2), BASE)
    theirs.close()
    ours.add_checkin(checkin(3), BASE)
    assert list(stored(ours)["checkins"]) == [checkin(n).id for n in (1, 2, 3)]
    ours.close()


def test_an_infusion_logged_late_relinks_and_the_file_says_so(tmp_path: Path) -> None:
    journal = journal_of(tmp_path, 3)
    logged = infusion(1, start=BASE)  # before every check-in, logged after them
    journal.add_infusion(logged, BASE + timedelta(hours=4))
    journal.add_checkin(checkin(4, infusion_id=logged.id), BASE + timedelta(hours=4))
    checkins = stored(journal)["checkins"]
    assert {doc["infusion_id"] for doc in checkins.values()} == {logged.id}
    journal.close()


def test_a_save_in_a_long_journal_encodes_only_the_new_check_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = journal_of(tmp_path, 29)
    encoded = watch_dumps(monkeypatch)
    journal.add_checkin(checkin(30), BASE)
    assert {checkin(30).id: checkin(30).to_dict()} in encoded
    earlier = checkin(29).id
    assert not [o for o in encoded if isinstance(o, dict) and ({earlier, "checkins"} & set(o))], (
        "the journal, or its table of earlier check-ins, was encoded again"
    )
    assert len(stored(journal)["checkins"]) == 30
    journal.close()
