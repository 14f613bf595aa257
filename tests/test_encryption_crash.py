"""Turning encryption on, off, and changing the passphrase never bricks the journal, even
when the process is killed (SIGKILL) at any instant (issue 22).

Each round copies a prepared data folder, runs the real command in a child process whose
file operations are slowed at random (so a kill can land between any two of them), kills
it at a random moment, and then checks that the journal opens with the old secret or the
new one, never neither, holding every record; and that the next command finishes what
was stopped, leaving no answer in plain text when encryption ends up on.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ketacheck.core.records import CheckIn, Infusion
from ketacheck.store import codec, keyfile, unlock
from ketacheck.store.drafts import save_draft
from ketacheck.store.encryption import turn_on
from ketacheck.store.envelope import MAGIC
from ketacheck.store.journal import Journal
from ketacheck.store.paths import KEYS_NAME
from tests.test_store_crash import REPO, Lines, slowed_file_steps

TODAY = date(2026, 11, 23)
OLD, NEW = "the old passphrase, long enough", "the new passphrase, also long"
MARK = "zebra-lantern"

CHILD = (
    slowed_file_steps(1, 0.015)
    + """
import ketacheck.cli.handlers.encryption
import ketacheck.store.encryption
from ketacheck.cli import main

print("ready", flush=True)
code = main(sys.argv[2:])
print(f"exit {code}", flush=True)
"""
)


def prepared(folder: Path) -> None:
    """A journal of infusions and check-ins (each note marked), two days of backups, a
    draft and a kept-aside journal: every kind of file encryption must convert."""
    for day in (date(2026, 11, 21), date(2026, 11, 22), TODAY):
        journal = Journal.open(folder, day)
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
        journal.add_infusion(
            Infusion.from_dict(
                {
                    "id": f"i{day:%d}".ljust(32, "0"),
                    "started_at": start.isoformat(),
                    "ended_at": (start + timedelta(minutes=45)).isoformat(),
                    "note": f"{MARK} infusion",
                }
            )
        )
        for n in range(15):
            journal.add_checkin(
                CheckIn.from_dict(
                    {
                        "id": f"c{day:%d}{n:02d}".ljust(32, "0"),
                        "at": (start + timedelta(hours=1, minutes=n)).isoformat(),
                        "infusion_id": None,
                        "dizziness": 2,
                        "nausea": 1,
                        "vomited": False,
                        "fluids_glasses": 3,
                        "electrolytes": True,
                        "mood": 6,
                        "note": f"{MARK} {n}",
                    }
                )
            )
        journal.overview()
        journal.close()
    save_draft(folder, "checkin", {"note": MARK})
    (folder / "journal.json.v3-before-upgrade").write_bytes((folder / "journal.json").read_bytes())


def records_in(folder: Path) -> set[str]:
    journal = Journal.open(folder, TODAY)
    try:
        return {c.id for c in journal.checkins()} | {i.id for i in journal.infusions()}
    finally:
        journal.close()


def opens_with(folder: Path, passphrase: str | None) -> set[str] | None:
    """The records the journal holds when opened with ``passphrase`` (None: no secret);
    None if that secret does not open it."""
    codec.forget_keys()
    state = unlock.lock_state(folder)
    assert state != unlock.KEYS_MISSING, "encrypted files but no key file"
    if state == unlock.OFF:
        if passphrase is not None:
            return None
    elif passphrase is None:
        return None
    else:
        try:
            unlock.unlock_with_passphrase(folder, passphrase)
        except Exception:
            return None
    try:
        return records_in(folder)
    finally:
        codec.forget_keys()


def plain_marks(folder: Path) -> list[str]:
    found = subprocess.run(
        ["grep", "-rl", "--binary-files=text", MARK, str(folder)], capture_output=True, text=True
    )
    return found.stdout.split()


def encrypted_copy(source: Path, target: Path) -> str:
    """``target``: a copy of ``source`` with encryption on (passphrase OLD); its recovery
    key."""
    shutil.copytree(source, target)
    data_key, recovery = keyfile.new_data_key()
    wrap = keyfile.wrap_for_passphrase(data_key, OLD)
    turn_on(target, data_key, keyfile.KeyFile(data_key.key_id, wrap, data_key.recovery))
    codec.forget_keys()
    assert plain_marks(target) == []
    return recovery


def run_child(
    script: Path,
    folder: Path,
    argv: list[str],
    seed: int,
    kill_after: float | None,
    env: dict[str, str],
) -> tuple[int, list[str], float]:
    """Run the command; kill it ``kill_after`` seconds after it is ready (or let it end).

    Returns:
        Its exit code (``-SIGKILL`` if killed), its lines of output, how long it ran.
    """
    proc = subprocess.Popen(
        [sys.executable, str(script), str(seed), "--data-dir", str(folder), *argv],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines = Lines(proc.stdout)
    try:
        assert lines.wait_for("ready", 60), "the child never started"
        ready = time.monotonic()
        if kill_after is not None:
            time.sleep(kill_after)
            proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        return proc.returncode, lines.finish(), time.monotonic() - ready
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def world(tmp_path: Path) -> dict[str, object]:
    pristine = tmp_path / "pristine"
    prepared(pristine)
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    old, new = tmp_path / "old", tmp_path / "new"
    old.write_text(OLD + "\n")
    new.write_text(NEW + "\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.pop("KETACHECK_PASSPHRASE_FILE", None)
    return {
        "pristine": pristine,
        "records": records_in(pristine),
        "script": script,
        "old": old,
        "new": new,
        "env": env,
        "tmp": tmp_path,
    }


#: Rounds of each kill test (fewer when its time budget runs out, never under 10).
ROUNDS = 30
#: How far past the uninterrupted run's length the kills reach. Each round slows its file
#: steps at random (its own seed) and a busy machine slows it more, so a round can take
#: longer than the run that was timed; reaching past the end keeps some kills landing
#: after the change took effect (a decryption takes effect only at its very end), where
#: kills within the timed length alone had missed it in all 30 rounds once.
REACH = 1.5


def kill_instants(rng: random.Random, duration: float, rounds: int = ROUNDS) -> list[float]:
    """``rounds`` moments to kill at, one at a random place in each of ``rounds`` equal
    slices of ``REACH * duration``, in an order whose every beginning is spread over the
    whole span (the slices taken in bit-reversed order): a test cut short by its time
    budget has still killed early, midway and late."""
    bits = max(1, (rounds - 1).bit_length())
    order = sorted(range(rounds), key=lambda n: int(f"{n:0{bits}b}"[::-1], 2))
    width = REACH * duration / rounds
    return [(n + rng.random()) * width for n in order]


def rounds(
    world: dict[str, object],
    make: Callable[[Path], str | None],
    argv: list[str],
    env_extra: dict[str, str],
    check: Callable[[Path, str | None, list[str]], str],
) -> int:
    """Kill the command at random moments, many times; ``check`` each folder left."""
    tmp = world["tmp"]
    assert isinstance(tmp, Path)
    env = {**world["env"], **env_extra}  # type: ignore[dict-item]
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    whole = tmp / "whole"
    make(whole)
    code, _, duration = run_child(world["script"], whole, argv, seed, None, env)  # type: ignore[arg-type]
    assert code == 0
    done = 0
    outcomes: set[str] = set()
    budget = time.monotonic() + 60
    for number, delay in enumerate(kill_instants(rng, duration), start=1):
        folder = tmp / f"round-{number}"
        recovery = make(folder)
        code, lines, _ = run_child(world["script"], folder, argv, seed + number, delay, env)  # type: ignore[arg-type]
        context = f"round {number}, killed {delay * 1000:.0f} ms in, seed {seed}"
        try:
            outcomes.add(check(folder, recovery, lines))
        except AssertionError as exc:
            raise AssertionError(f"{context}: {exc}") from None
        done += 1
        shutil.rmtree(folder)
        if time.monotonic() > budget and done >= 10:
            break
    # The kills landed both before and after the change took effect.
    assert outcomes == {"old", "new"}, f"only {outcomes} in {done} rounds (seed {seed})"
    return done


def finish_by_next_command(folder: Path, passphrase: str) -> None:
    """The next command (here ``status``) finishes a conversion a kill stopped."""
    from ketacheck.cli import main

    os.environ["KETACHECK_PASSPHRASE_FILE"] = str(folder.parent / "next-pass")
    (folder.parent / "next-pass").write_text(passphrase)
    try:
        codec.forget_keys()
        assert main(["--data-dir", str(folder), "status"]) == 0
    finally:
        del os.environ["KETACHECK_PASSPHRASE_FILE"]
        codec.forget_keys()


@pytest.mark.timeout(300)
def test_killed_while_turning_encryption_on(world: dict[str, object]) -> None:
    expected = world["records"]

    def make(folder: Path) -> None:
        shutil.copytree(world["pristine"], folder)  # type: ignore[arg-type]

    def check(folder: Path, _: str | None, lines: list[str]) -> str:
        plain, sealed = opens_with(folder, None), opens_with(folder, OLD)
        assert (plain is None) != (sealed is None), "opens with both, or neither"
        assert (plain or sealed) == expected
        printed = [line.strip() for line in lines if line.startswith("    ")]
        if sealed is not None:
            # Encryption went on only after the recovery key was printed, and it opens too.
            assert printed, "encryption is on but its recovery key was never shown"
            info = keyfile.read_keyfile(folder)
            assert info is not None
            assert keyfile.unwrap_recovery(info.recovery, printed[0], info.key_id) is not None
            finish_by_next_command(folder, OLD)
            assert plain_marks(folder) == []
            assert opens_with(folder, OLD) == expected
        return "old" if plain is not None else "new"

    done = rounds(world, make, ["encrypt", "--passphrase-file", str(world["old"])], {}, check)
    assert done >= 10


@pytest.mark.timeout(300)
def test_killed_while_turning_encryption_off(world: dict[str, object]) -> None:
    expected = world["records"]

    def make(folder: Path) -> str:
        return encrypted_copy(world["pristine"], folder)  # type: ignore[arg-type]

    def check(folder: Path, recovery: str | None, _: list[str]) -> str:
        plain, sealed = opens_with(folder, None), opens_with(folder, OLD)
        assert (plain is None) != (sealed is None), "opens with both, or neither"
        assert (plain or sealed) == expected
        if plain is not None:
            assert not any(
                p.read_bytes().startswith(MAGIC) for p in folder.rglob("*") if p.is_file()
            ), "a file is still encrypted, but its key file is gone"
        else:
            info = keyfile.read_keyfile(folder)
            assert info is not None and recovery is not None
            assert keyfile.unwrap_recovery(info.recovery, recovery, info.key_id) is not None
            finish_by_next_command(folder, OLD)
            if not (folder / KEYS_NAME).exists():
                assert opens_with(folder, None) == expected
        return "new" if plain is not None else "old"

    env = {"KETACHECK_PASSPHRASE_FILE": str(world["old"])}
    assert rounds(world, make, ["decrypt"], env, check) >= 10


@pytest.mark.timeout(300)
def test_killed_while_changing_the_passphrase(world: dict[str, object]) -> None:
    expected = world["records"]

    def make(folder: Path) -> str:
        return encrypted_copy(world["pristine"], folder)  # type: ignore[arg-type]

    def check(folder: Path, recovery: str | None, _: list[str]) -> str:
        old, new = opens_with(folder, OLD), opens_with(folder, NEW)
        assert (old is None) != (new is None), "opens with both passphrases, or neither"
        assert (old or new) == expected
        info = keyfile.read_keyfile(folder)
        assert info is not None and recovery is not None
        assert keyfile.unwrap_recovery(info.recovery, recovery, info.key_id) is not None
        assert plain_marks(folder) == []
        return "old" if old is not None else "new"

    env = {"KETACHECK_PASSPHRASE_FILE": str(world["old"])}
    argv = ["passphrase", "--passphrase-file", str(world["new"])]
    assert rounds(world, make, argv, env, check) >= 10
