"""The store under real processes: killed writers, simultaneous writers, readers during writes.

Each writer is a small Python script using the public store API. It prints a record's id
(flushed) only after ``add_checkin`` / ``add_infusion`` has returned, so every printed id is a
save the patient was told had worked.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO

import orjson
import pytest

from ketacheck.store.journal import Journal
from ketacheck.store.migrations import CURRENT_SCHEMA_VERSION, schema_version
from ketacheck.store.overview_reader import read_overview
from ketacheck.store.paths import JOURNAL_NAME
from ketacheck.store.summary import KEPT_INFUSIONS
from tests.conftest import run_env

TODAY = date(2026, 11, 23)
REPO = Path(__file__).resolve().parents[1]


def child_env(data_dir: Path) -> dict[str, str]:
    """``run_env`` that also makes the children import this checkout of ketacheck."""
    env = run_env(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


WRITER = """
import json, sys, time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store.journal import Journal

cfg = json.loads(sys.argv[1])
base = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=cfg["offset"])
journal = Journal.open(Path(cfg["data_dir"]), date(2026, 11, 23))
print("ready", flush=True)
if cfg["wait"]:
    sys.stdin.readline()
n = 0
while cfg["count"] == 0 or n < cfg["count"]:
    at = base + timedelta(minutes=n)
    rid = f"{cfg['tag']}-{n:05d}"
    if cfg["infusion_every"] and n % cfg["infusion_every"] == cfg["infusion_every"] - 1:
        journal.add_infusion(Infusion.from_dict({
            "id": rid,
            "started_at": at.isoformat(),
            "ended_at": (at + timedelta(minutes=45)).isoformat(),
            "note": "from " + cfg["tag"],
        }))
        print("infusion", rid, flush=True)
    else:
        journal.add_checkin(CheckIn.from_dict({
            "id": rid,
            "at": at.isoformat(),
            "infusion_id": None,
            "dizziness": 2,
            "nausea": 1,
            "vomited": False,
            "fluids_glasses": 3,
            "electrolytes": True,
            "mood": 6,
            "note": "from " + cfg["tag"],
        }))
        print("checkin", rid, flush=True)
    n += 1
    if cfg["pause"]:
        time.sleep(cfg["pause"])
"""

READER = """
import json, sys
from datetime import date
from pathlib import Path

from ketacheck.store.journal import Journal
from ketacheck.store.overview_reader import read_overview

data_dir, stop = Path(sys.argv[1]), Path(sys.argv[2])
today = date(2026, 11, 23)
print("ready", flush=True)
while True:
    last = stop.exists()
    overview = read_overview(data_dir, today)
    journal = Journal.open(data_dir, today)
    ids = [c.id for c in journal.checkins()]
    journal.close()
    assert len(ids) == len(set(ids)), "duplicate ids"
    print(json.dumps([overview.checkin_count, len(ids)]), flush=True)
    if last:
        break
"""


class Lines:
    """Collects a child's output lines on a thread, so waiting can time out."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self.closed = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            with self._cond:
                self.lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def wait_for(self, text: str, timeout: float) -> bool:
        with self._cond:
            self._cond.wait_for(lambda: f"{text}\n" in self.lines or self.closed, timeout)
            return f"{text}\n" in self.lines

    def finish(self, timeout: float = 10) -> list[str]:
        """The complete lines, once the child has closed its output."""
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "the child's output never ended"
        return [line[:-1] for line in self.lines if line.endswith("\n")]


class Child:
    def __init__(self, args: list[str], env: dict[str, str], wait: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE if wait else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.out = Lines(self.proc.stdout)

    def ready(self, timeout: float = 30) -> None:
        if not self.out.wait_for("ready", timeout):
            self.proc.kill()
            pytest.fail(f"child did not start: {self.stderr()}")

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        self.proc.wait(30)
        return self.proc.stderr.read()

    def saved(self) -> dict[str, str]:
        """id -> kind for every save the child reported as done."""
        found: dict[str, str] = {}
        for line in self.out.finish():
            if line == "ready":
                continue
            kind, record_id = line.split()
            found[record_id] = kind
        return found

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    yield started
    for child in started:
        child.kill()


@pytest.fixture
def writer_script(tmp_path: Path) -> Path:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    return script


def start_writer(
    children: list[Child],
    script: Path,
    data_dir: Path,
    tag: str,
    *,
    count: int = 0,
    offset: int = 0,
    infusion_every: int = 0,
    pause: float = 0.0,
    wait: bool = False,
) -> Child:
    config = {
        "data_dir": str(data_dir),
        "tag": tag,
        "count": count,
        "offset": offset,
        "infusion_every": infusion_every,
        "pause": pause,
        "wait": wait,
    }
    child = Child([str(script), json.dumps(config)], child_env(data_dir), wait=wait)
    children.append(child)
    return child


def check_journal(data_dir: Path, promised: dict[str, str], context: str) -> tuple[int, int]:
    """The journal opens and holds every promised record exactly once.

    Returns:
        The number of check-ins and infusions it holds.
    """
    payload = (data_dir / JOURNAL_NAME).read_bytes()
    tables = orjson.loads(payload)  # the file on disk is always one whole journal
    assert schema_version(tables) == CURRENT_SCHEMA_VERSION, context
    journal = Journal.open(data_dir, TODAY)
    try:
        checkins = [c.id for c in journal.checkins()]
        infusions = [i.id for i in journal.infusions()]
    finally:
        journal.close()
    assert len(checkins) == len(set(checkins)), f"duplicate check-ins {context}"
    assert len(infusions) == len(set(infusions)), f"duplicate infusions {context}"
    missing_checkins = {i for i, k in promised.items() if k == "checkin"} - set(checkins)
    missing_infusions = {i for i, k in promised.items() if k == "infusion"} - set(infusions)
    assert not missing_checkins, f"lost check-ins {sorted(missing_checkins)} {context}"
    assert not missing_infusions, f"lost infusions {sorted(missing_infusions)} {context}"
    overview = read_overview(data_dir, TODAY)
    assert overview.checkin_count == len(checkins), f"summary disagrees {context}"
    # The summary keeps the latest infusions and counts the ones before them.
    kept = infusions[overview.earlier_infusions :]
    assert [i.id for i in overview.infusions] == kept, f"summary disagrees {context}"
    assert len(kept) == min(len(infusions), KEPT_INFUSIONS), f"summary disagrees {context}"
    return len(checkins), len(infusions)


def test_killed_writer_never_breaks_or_loses_saved_entries(
    isolated_data_dir: Path, writer_script: Path, children: list[Child]
) -> None:
    data_dir = isolated_data_dir
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    promised: dict[str, str] = {}
    started = time.monotonic()
    rounds = 0
    for rounds in range(1, 26):
        child = start_writer(
            children,
            writer_script,
            data_dir,
            f"r{rounds:02d}",
            offset=rounds * 10_000,
            infusion_every=4,
        )
        child.ready()
        delay = rng.uniform(0, 0.150)
        time.sleep(delay)
        child.proc.send_signal(signal.SIGKILL)
        child.proc.wait(30)
        context = f"(round {rounds}, killed {delay * 1000:.0f} ms in, seed {seed})"
        assert child.proc.returncode == -signal.SIGKILL, f"{context}: {child.stderr()}"
        promised.update(child.saved())
        check_journal(data_dir, promised, context)
        if time.monotonic() - started > 50:
            break
    assert rounds >= 10, "too few rounds ran"
    assert promised, "the writers never saved anything before being killed"
    checkins, infusions = check_journal(data_dir, promised, f"(at the end, seed {seed})")
    assert checkins + infusions >= len(promised)


def test_simultaneous_writers_lose_nothing(
    isolated_data_dir: Path, writer_script: Path, children: list[Child]
) -> None:
    data_dir = isolated_data_dir
    writers = [
        start_writer(children, writer_script, data_dir, "a", count=40, offset=0, wait=True),
        start_writer(children, writer_script, data_dir, "b", count=40, offset=1, wait=True),
        start_writer(
            children, writer_script, data_dir, "c", count=40, offset=2, infusion_every=5, wait=True
        ),
    ]
    for writer in writers:
        writer.ready()
    for writer in writers:  # all start writing at the same moment
        writer.go()
    promised: dict[str, str] = {}
    for writer in writers:
        writer.proc.wait(60)
        assert writer.proc.returncode == 0, writer.stderr()
        saved = writer.saved()
        assert len(saved) == 40
        promised.update(saved)
    assert len(promised) == 120
    checkins, infusions = check_journal(data_dir, promised, "(after three writers)")
    assert checkins == sum(1 for kind in promised.values() if kind == "checkin") == 112
    assert infusions == 8


def test_reader_can_open_while_another_process_writes(
    isolated_data_dir: Path, tmp_path: Path, writer_script: Path, children: list[Child]
) -> None:
    data_dir = isolated_data_dir
    reader_script = tmp_path / "reader.py"
    reader_script.write_text(READER)
    stop = tmp_path / "stop"

    writer = start_writer(children, writer_script, data_dir, "w", count=80, pause=0.005, wait=True)
    writer.ready()
    reader = Child([str(reader_script), str(data_dir), str(stop)], child_env(data_dir))
    children.append(reader)
    reader.ready()
    writer.go()

    # The real command line, pointed here by --data-dir (the environment says elsewhere).
    elsewhere = tmp_path / "elsewhere"
    statuses = []
    while writer.proc.poll() is None and len(statuses) < 5:
        done = subprocess.run(
            [sys.executable, "-m", "ketacheck", "--data-dir", str(data_dir), "status", "--json"],
            cwd=REPO,
            env=child_env(elsewhere),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        statuses.append(json.loads(done.stdout))

    writer.proc.wait(60)
    assert writer.proc.returncode == 0, writer.stderr()
    saved = writer.saved()
    assert len(saved) == 80
    stop.touch()
    reader.proc.wait(60)
    assert reader.proc.returncode == 0, reader.stderr()
    readings = [json.loads(line) for line in reader.out.finish() if line != "ready"]

    assert readings, "the reader never read"
    # Each reading is the summary first, then the journal itself; together, in order, they
    # must never go back in time.
    sequence = [value for pair in readings for value in pair]
    assert sequence == sorted(sequence), readings
    assert readings[-1] == [80, 80]
    assert any(0 < value < 80 for value in sequence), "the reader never overlapped the writer"

    assert statuses, "the command line never ran during the writes"
    for status in statuses:
        last = status["last_checkin"]
        assert last is None or last["id"] in saved
    assert not elsewhere.exists()
    check_journal(data_dir, saved, "(after the reader test)")


# --- restore and backup rotation under SIGKILL --------------------------------------------


def slowed_file_steps(seed_arg: int, most: float) -> str:
    """The start of a child script that slows every step of the file dance a little (by
    up to ``most`` seconds either side, seeded by ``sys.argv[seed_arg]``), so that a kill
    can land between any two of them."""
    return f"""
import os, random, sys, time

rng = random.Random(int(sys.argv[{seed_arg}]))
for name in ("link", "replace", "rename", "fsync", "unlink"):
    real = getattr(os, name)

    def slowed(*args, _real=real, **kwargs):
        time.sleep(rng.uniform(0, {most}))
        result = _real(*args, **kwargs)
        time.sleep(rng.uniform(0, {most}))
        return result

    setattr(os, name, slowed)
"""


RESTORER = (
    slowed_file_steps(2, 0.02)
    + """
from datetime import UTC, datetime

# Loaded before "ready", so the kill lands in the restore itself.
import ketacheck.cli.handlers.restore
from ketacheck.cli import main

print("ready", flush=True)
code = main(["--data-dir", sys.argv[1], "restore", "--from", sys.argv[3], "--force"],
            clock=lambda: datetime(2026, 11, 23, 15, 0, tzinfo=UTC))
print("done", code, flush=True)
"""
)


def _history_with_backup(data_dir: Path) -> tuple[bytes, bytes]:
    """A journal of four check-ins and a backup of one; returns (journal, backup) bytes."""
    from ketacheck.core.records import CheckIn
    from ketacheck.store import backups

    def checkin(n: int) -> CheckIn:
        return CheckIn.from_dict(
            {
                "id": f"k{n:031x}",
                "at": f"2026-11-22T1{n}:00:00+00:00",
                "infusion_id": None,
                "dizziness": 1,
                "nausea": 0,
                "vomited": False,
                "fluids_glasses": 2,
                "electrolytes": False,
                "mood": 7,
                "note": "",
            }
        )

    journal = Journal.open(data_dir, date(2026, 11, 22))
    journal.add_checkin(checkin(1))
    journal.close()
    journal = Journal.open(data_dir, TODAY)
    for n in (2, 3, 4):
        journal.add_checkin(checkin(n))
    journal.close()
    backup = backups.backup_path(data_dir, TODAY).read_bytes()
    return (data_dir / JOURNAL_NAME).read_bytes(), backup


def test_killed_restore_always_leaves_a_journal(
    isolated_data_dir: Path, tmp_path: Path, children: list[Child]
) -> None:
    data_dir = isolated_data_dir
    script = tmp_path / "restorer.py"
    script.write_text(RESTORER)
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    old, new = _history_with_backup(data_dir)
    source = tmp_path / "monday.json"  # later commands add backups of their own day
    source.write_bytes(new)
    outcomes = {"old": 0, "new": 0}
    started = time.monotonic()
    for rounds in range(1, 41):
        context = f"(round {rounds}, seed {seed})"
        # Each round starts from the journal of four check-ins, with nothing set aside.
        for aside in data_dir.glob("journal.json.*"):
            aside.unlink()
        atomic_write_journal(data_dir, old)
        child = Child(
            [str(script), str(data_dir), str(rng.randrange(2**32)), str(source)],
            child_env(data_dir),
        )
        children.append(child)
        child.ready()
        time.sleep(rng.uniform(0, 0.3))
        child.proc.send_signal(signal.SIGKILL)
        child.proc.wait(30)
        journal = data_dir / JOURNAL_NAME
        assert journal.exists(), f"no journal after a killed restore {context}"
        current = journal.read_bytes()
        assert current in (old, new), f"a garbled journal {context}"
        if current == new:
            outcomes["new"] += 1
            kept = [p.read_bytes() for p in data_dir.glob("journal.json.before-restore-*")]
            assert old in kept, f"the replaced journal was lost {context}"
        else:
            outcomes["old"] += 1
        # The next command finds a whole journal, never an empty new one.
        done = subprocess.run(
            [sys.executable, "-m", "ketacheck", "status", "--json"],
            cwd=REPO,
            env=child_env(data_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{done.stderr} {context}"
        expected = 4 if current == old else 1
        assert read_overview(data_dir, TODAY).checkin_count == expected, context
        if rounds >= 12 and time.monotonic() - started > 45:
            break
    assert outcomes["old"] and outcomes["new"], f"kills never landed on both sides {outcomes}"


def atomic_write_journal(data_dir: Path, payload: bytes) -> None:
    from ketacheck.store.fileio import atomic_write

    atomic_write(data_dir / JOURNAL_NAME, payload)


ROTATOR = """
import sys
from datetime import date, timedelta
from pathlib import Path

from ketacheck.core.records import CheckIn
from ketacheck.store.journal import Journal

data_dir, start = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
for n in range(start, start + 400):
    journal = Journal.open(data_dir, date(2026, 1, 1) + timedelta(days=n))
    journal.add_checkin(CheckIn.from_dict({
        "id": f"r{n:031x}", "at": f"2025-12-31T12:00:00+00:00", "infusion_id": None,
        "dizziness": 1, "nausea": 0, "vomited": False, "fluids_glasses": 2,
        "electrolytes": False, "mood": 7, "note": "",
    }))
    journal.close()
    print("day", n, flush=True)
"""


def test_killed_backup_rotation_keeps_whole_backups_and_prunes_only_its_own(
    isolated_data_dir: Path, tmp_path: Path, children: list[Child]
) -> None:
    from ketacheck.store import backups

    data_dir = isolated_data_dir
    script = tmp_path / "rotator.py"
    script.write_text(ROTATOR)
    folder = backups.backup_dir(data_dir)
    folder.mkdir(parents=True, mode=0o700)
    mine = {}
    for n in range(1, 9):  # the patient's own files, which happen to look like backups
        path = folder / f"journal-2020-01-0{n}.json"
        path.write_bytes(b'{"my own": %d}' % n)
        os.chmod(path, 0o644)
        mine[path.name] = path.read_bytes()
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    day = 0
    started = time.monotonic()
    for rounds in range(1, 21):
        context = f"(round {rounds}, seed {seed})"
        child = Child([str(script), str(data_dir), str(day)], child_env(data_dir))
        children.append(child)
        child.ready()
        time.sleep(rng.uniform(0.05, 0.4))
        child.proc.send_signal(signal.SIGKILL)
        child.proc.wait(30)
        days = [int(line.split()[1]) for line in child.out.finish() if line.startswith("day")]
        day = (days[-1] if days else day) + 2
        ours = backups.list_backups(data_dir)
        assert len(ours) <= backups.KEEP_BACKUPS + 1, context  # one more until the next prune
        for backup in ours:
            orjson.loads(backup.read_bytes())  # every backup is whole
        for name, payload in mine.items():
            assert (folder / name).read_bytes() == payload, f"pruned the patient's {name} {context}"
        check_journal(data_dir, {}, context)
        if rounds >= 8 and time.monotonic() - started > 40:
            break
    Journal.open(data_dir, date(2030, 1, 1)).close()
    assert len(backups.list_backups(data_dir)) == backups.KEEP_BACKUPS
