"""Encryption at rest (issue 22): on, off, change, recover; wrong secrets change nothing;
no answer is ever left in plain text in the data folder while it is on.

Each test drives the real command line (``ketacheck.cli.main``) in this process. Between
two commands the data key this process was given is forgotten, as it would be between
two runs of ``ketacheck``. Argon2id runs with small settings here (they are stored with
each wrapping, so opening uses whatever wrote it); the subprocess tests use the real ones.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketacheck.cli import main, unlocking
from ketacheck.store import codec, keyfile
from ketacheck.store.envelope import MAGIC
from ketacheck.store.paths import KEYS_NAME
from tests.cli_support import Result

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NOTE = "my brother's wedding made me anxious, zebra-lantern"
PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "a quite different passphrase"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest: each test unlocks many times."""
    monkeypatch.setattr(keyfile, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(keyfile, "ARGON2_MEMORY_KIB", 64)
    monkeypatch.setattr(keyfile, "ARGON2_PARALLELISM", 1)


@pytest.fixture(autouse=True)
def nobody_at_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(unlocking, "can_ask", lambda: False)
    monkeypatch.delenv("KETACHECK_PASSPHRASE_FILE", raising=False)


@pytest.fixture
def cli(local_zone: str) -> Callable[..., Result]:
    def run(*argv: str, stdin: str | None = None) -> Result:
        codec.forget_keys()  # every command is a new process
        out, err = io.StringIO(), io.StringIO()
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)
        finally:
            sys.stdin = old_stdin
            codec.forget_keys()
        return Result(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def passfile(tmp_path: Path) -> Callable[[str], Path]:
    def make(text: str) -> Path:
        path = tmp_path / f"pass-{abs(hash(text))}"
        path.write_text(text + "\n")
        return path

    return make


@pytest.fixture
def with_passphrase(
    monkeypatch: pytest.MonkeyPatch, passfile: Callable[[str], Path]
) -> Callable[[str | None], None]:
    def use(text: str | None) -> None:
        if text is None:
            monkeypatch.delenv("KETACHECK_PASSPHRASE_FILE", raising=False)
        else:
            monkeypatch.setenv("KETACHECK_PASSPHRASE_FILE", str(passfile(text)))

    return use


@pytest.fixture
def journal(cli: Callable[..., Result], isolated_data_dir: Path) -> Path:
    """An infusion and a check-in (thoughts of self-harm: an urgent alert, and a note)."""
    assert cli("infusion", "add", "--at", "2026-11-23T09:00:00+00:00").code == 0
    done = cli(
        "checkin", "--dizziness", "3", "--nausea", "2", "--fluids", "2", "--mood", "2",
        "--self-harm", "yes", "--note", NOTE, "--at", "2026-11-23T12:00:00+00:00",
    )  # fmt: skip
    assert done.code == 0, done.err
    return isolated_data_dir


def encrypt(cli: Callable[..., Result], passfile: Callable[[str], Path]) -> str:
    """Turn encryption on; the recovery key it printed."""
    result = cli("encrypt", "--passphrase-file", str(passfile(PASSPHRASE)))
    assert result.code == 0, result.err
    keys = [line.strip() for line in result.lines if line.startswith("    ")]
    assert len(keys) == 1
    return keys[0]


def unlock_with_recovery(
    cli: Callable[..., Result], passfile: Callable[[str], Path], typed: str, new: str = ""
) -> Result:
    """``ketacheck unlock --recovery``, ``typed`` at its prompt, setting passphrase ``new``."""
    new_file = str(passfile(new or NEW_PASSPHRASE))
    return cli("unlock", "--recovery", "--passphrase-file", new_file, stdin=typed + "\n")


def files_under(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.is_file())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in files_under(folder)}


def note_is_plain_somewhere(folder: Path) -> list[str]:
    found = subprocess.run(
        ["grep", "-rl", "--binary-files=text", "zebra-lantern", str(folder)],
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


# --- on, off, change, recover -----------------------------------------------------------


def test_round_trip_on_then_off(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    before = cli("status", "--json")
    recovery = encrypt(cli, passfile)

    assert keyfile.parse_recovery_key(recovery) == recovery
    assert (journal / "journal.json").read_bytes().startswith(MAGIC)
    locked = cli("status")
    assert locked.code == 1
    assert locked.err.count("\n") == 1 and "KETACHECK_PASSPHRASE_FILE" in locked.err
    assert locked.out.startswith("In a crisis: Call a crisis line")  # never hidden
    assert NOTE not in locked.out
    as_json = json.loads(cli("status", "--json").out)
    assert as_json["alerts_known"] is False and as_json["crisis_line"]
    with_passphrase(PASSPHRASE)
    opened = cli("status", "--json")
    assert opened.code == 0, opened.err
    assert json.loads(opened.out)["alerts"] == json.loads(before.out)["alerts"]

    off = cli("decrypt")
    assert off.code == 0, off.err
    assert not (journal / KEYS_NAME).exists()
    assert not (journal / "plain.json").exists()
    with_passphrase(None)
    plain = cli("status", "--json")
    assert plain.code == 0
    assert json.loads(plain.out)["last_checkin"]["note"] == NOTE
    assert not any(p.read_bytes().startswith(MAGIC) for p in files_under(journal))


def test_changing_the_passphrase_rewraps_only(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    recovery = encrypt(cli, passfile)
    sealed = {name: data for name, data in snapshot(journal).items() if name != KEYS_NAME}
    with_passphrase(PASSPHRASE)

    changed = cli("passphrase", "--passphrase-file", str(passfile(NEW_PASSPHRASE)))

    assert changed.code == 0, changed.err
    assert changed.lines == ["Your passphrase is changed. Your recovery key is the same as before."]
    after = snapshot(journal)
    assert {name: after[name] for name in sealed} == sealed  # every file as it was
    refused = cli("status")
    assert refused.code == 2
    assert "doesn't open your journal" in refused.err
    with_passphrase(NEW_PASSPHRASE)
    assert cli("status").code == 0
    with_passphrase(None)
    back = unlock_with_recovery(
        cli, passfile, recovery.lower().replace("-", " "), new="third one here"
    )
    assert back.code == 0, back.err


def test_recovery_key_sets_a_new_passphrase(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    recovery = encrypt(cli, passfile)

    result = unlock_with_recovery(cli, passfile, recovery)

    assert result.code == 0, result.err
    assert "opens with your new passphrase" in result.out
    with_passphrase(PASSPHRASE)
    assert cli("status").code == 2
    with_passphrase(NEW_PASSPHRASE)
    status = cli("status", "--json")
    assert status.code == 0
    assert json.loads(status.out)["last_checkin"]["note"] == NOTE


def test_the_recovery_key_works_even_when_keys_json_is_lost(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    recovery = encrypt(cli, passfile)
    (journal / KEYS_NAME).unlink()
    with_passphrase(PASSPHRASE)

    lost = cli("status")

    assert lost.code == 1
    assert "unlock --recovery" in lost.err and lost.err.count("\n") == 1
    found = unlock_with_recovery(cli, passfile, recovery)
    assert found.code == 0, found.err
    with_passphrase(NEW_PASSPHRASE)
    assert json.loads(cli("status", "--json").out)["last_checkin"]["note"] == NOTE


def test_a_wrong_recovery_key_changes_nothing(
    journal: Path, cli: Callable[..., Result], passfile: Callable[[str], Path]
) -> None:
    encrypt(cli, passfile)
    before = snapshot(journal)
    wrong = keyfile.new_recovery_key()

    result = unlock_with_recovery(cli, passfile, wrong)

    assert result.code == 2
    assert result.err == (
        "ketacheck: that recovery key doesn't open this journal; nothing was changed\n"
    )
    assert snapshot(journal) == before
    garbled = unlock_with_recovery(cli, passfile, "not a key")
    assert garbled.code == 2 and "seven groups of four" in garbled.err


# --- a wrong passphrase changes nothing -------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("status",),
        (
            "checkin",
            "--dizziness",
            "1",
            "--nausea",
            "1",
            "--fluids",
            "1",
            "--mood",
            "7",
            "--self-harm",
            "no",
        ),
        ("decrypt",),
        ("passphrase", "--passphrase-file", "NEW"),
        ("export", "-o", "OUT"),
        ("restore", "--force"),
    ],
)
def test_a_wrong_passphrase_changes_nothing_and_says_so(
    argv: tuple[str, ...],
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
    tmp_path: Path,
) -> None:
    encrypt(cli, passfile)
    before = snapshot(journal)
    with_passphrase("not the passphrase at all")
    argv = tuple(
        str(passfile(NEW_PASSPHRASE)) if a == "NEW" else str(tmp_path / "out.json") if a == "OUT"
        else a
        for a in argv
    )  # fmt: skip

    result = cli(*argv)

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "doesn't open your journal; nothing was changed" in result.err
    assert snapshot(journal) == before
    assert not (tmp_path / "out.json").exists()


def test_three_wrong_tries_at_the_terminal_then_it_stops(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encrypt(cli, passfile)
    before = snapshot(journal)
    typed = iter(["nope", "still no", "wrong again"])
    monkeypatch.setattr(unlocking, "can_ask", lambda: True)
    monkeypatch.setattr(unlocking, "ask_secret", lambda prompt: next(typed))

    result = cli("status")

    assert result.code == 2
    assert result.err.count("Please try again.") == 2
    assert "unlock --recovery" in result.err.splitlines()[-1]
    assert snapshot(journal) == before


def test_typed_at_the_terminal_it_opens(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encrypt(cli, passfile)
    typed = iter(["a typo here", PASSPHRASE])
    monkeypatch.setattr(unlocking, "can_ask", lambda: True)
    monkeypatch.setattr(unlocking, "ask_secret", lambda prompt: next(typed))

    result = cli("status", "--json")

    assert result.code == 0
    assert json.loads(result.out)["last_checkin"]["note"] == NOTE
    assert result.err == "That passphrase doesn't open your journal. Please try again.\n"


# --- turning it on at the terminal ------------------------------------------------------


def test_encrypt_at_the_terminal_asks_twice_and_for_the_last_group(
    journal: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    prompts: list[str] = []
    answers = iter(["short", PASSPHRASE, "a mistake", PASSPHRASE, PASSPHRASE, "LAST"])

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        value = next(answers)
        if value == "LAST":
            key = [line for line in out_so_far() if line.startswith("    ")][0]
            return key.strip().rsplit("-", 1)[1].lower()
        return value

    captured = io.StringIO()

    def out_so_far() -> list[str]:
        return captured.getvalue().splitlines()

    monkeypatch.setattr(unlocking, "can_ask", lambda: True)
    monkeypatch.setattr(unlocking, "ask_secret", answer)
    from ketacheck.cli.handlers import encryption

    monkeypatch.setattr(encryption, "can_ask", lambda: True)
    monkeypatch.setattr(encryption, "ask_secret", answer)
    codec.forget_keys()
    err = io.StringIO()

    code = main(["encrypt"], clock=lambda: NOW, stdout=captured, stderr=err)

    assert code == 0, err.getvalue()
    assert prompts == [
        "Choose a passphrase: ",
        "Choose a passphrase: ",
        "Type it again: ",
        "Choose a passphrase: ",
        "Type it again: ",
        "To show it is written down, type its last group of four: ",
    ]
    assert "at least 8 characters" in err.getvalue()
    assert "not the same" in err.getvalue()
    assert captured.getvalue().count("recovery key") >= 1
    assert (journal / KEYS_NAME).exists()


def test_a_wrong_last_group_leaves_encryption_off(
    journal: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketacheck.cli.handlers import encryption

    before = snapshot(journal)
    answers = iter([PASSPHRASE, PASSPHRASE, "0000", "1111", "2222"])
    for module in (encryption, unlocking):
        monkeypatch.setattr(module, "can_ask", lambda: True)
        monkeypatch.setattr(module, "ask_secret", lambda prompt: next(answers))

    result = cli("encrypt")

    assert result.code == 2
    assert "encryption is still off" in result.err.splitlines()[-1]
    assert snapshot(journal) == before


def test_encrypt_without_a_terminal_needs_a_passphrase_file(
    journal: Path, cli: Callable[..., Result]
) -> None:
    result = cli("encrypt")

    assert result.code == 2
    assert "--passphrase-file" in result.err
    assert not (journal / KEYS_NAME).exists()


def test_a_short_passphrase_is_refused(
    journal: Path, cli: Callable[..., Result], passfile: Callable[[str], Path]
) -> None:
    result = cli("encrypt", "--passphrase-file", str(passfile("short")))

    assert result.code == 2
    assert "at least 8 characters" in result.err
    assert not (journal / KEYS_NAME).exists()


def test_encrypt_twice_says_it_is_on(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    encrypt(cli, passfile)
    with_passphrase(PASSPHRASE)
    before = snapshot(journal)

    again = cli("encrypt", "--passphrase-file", str(passfile(NEW_PASSPHRASE)))

    assert again.code == 0
    assert again.lines == ["Encryption is already on; nothing was changed."]
    assert snapshot(journal) == before


# --- nothing in plain text while it is on -----------------------------------------------


def test_no_answer_is_left_in_plain_text_anywhere_in_the_data_folder(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    from ketacheck.store.drafts import save_draft, set_aside_draft

    # Every kind of file that can hold the note, before encryption is turned on:
    save_draft(journal, "checkin", {"note": NOTE})
    set_aside_draft(journal, "checkin")
    save_draft(journal, "checkin", {"note": NOTE, "step": 3})
    (journal / "journal.json.v3-before-upgrade").write_bytes(
        (journal / "journal.json").read_bytes()
    )
    (journal / "journal.json.unreadable-20261120T100000").write_bytes(
        b'{"checkins": {"x": {"note": "' + NOTE.encode()
    )
    (journal / "backups" / "journal-2026-11-20.json").write_bytes(
        (journal / "journal.json").read_bytes()
    )
    os.chmod(journal / "backups" / "journal-2026-11-20.json", 0o600)
    (journal / ".journal.json.abc.tmp").write_bytes(f"half a save: {NOTE}".encode())
    assert len(note_is_plain_somewhere(journal)) >= 7

    encrypt(cli, passfile)

    assert note_is_plain_somewhere(journal) == []
    # Then the folder keeps working, and stays sealed, through every kind of write.
    with_passphrase(PASSPHRASE)
    for argv in (
        ("checkin", "--dizziness", "1", "--nausea", "0", "--fluids", "3", "--mood", "6",
         "--self-harm", "no", "--note", NOTE + " again"),
        ("infusion", "add", "--at", "2026-11-23T14:00:00+00:00", "--note", NOTE),
        ("questionnaire", "phq9", "--answers", "1,1,1,1,1,1,1,1,1", "--difficulty", "1"),
        ("restore", "--force"),
        ("status",),
    ):  # fmt: skip
        result = cli(*argv)
        assert result.code == 0, (argv, result.err)
    codec.forget_keys()
    from ketacheck.store.unlock import unlock_with_passphrase

    unlock_with_passphrase(journal, PASSPHRASE)
    save_draft(journal, "checkin", {"note": NOTE})
    assert note_is_plain_somewhere(journal) == []
    names = {p.name for p in files_under(journal)}
    assert {"journal.json", "summary.json", "checkin.json", "checkin.set-aside.json"} <= names
    assert any(name.startswith("journal.json.before-restore-") for name in names)
    plain = json.loads((journal / "plain.json").read_text())
    assert set(plain) == {"format", "version", "made_on", "ends", "crisis_line", "reminders"}
    assert all(set(r) <= {"key", "kind", "at", "title", "until"} for r in plain["reminders"])


def test_exports_and_reports_stay_plain_with_a_reminder(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
    tmp_path: Path,
) -> None:
    encrypt(cli, passfile)
    with_passphrase(PASSPHRASE)

    exported = cli("export", "-o", str(tmp_path / "out.json"))
    reported = cli("report", "-o", str(tmp_path / "report.md"))

    assert exported.code == reported.code == 0
    assert (
        exported.err.splitlines()[-1] == "This export is not encrypted: keep it somewhere private."
    )
    assert (
        reported.err.splitlines()[-1] == "This report is not encrypted: keep it somewhere private."
    )
    assert NOTE in (tmp_path / "out.json").read_text()


def test_an_encrypted_export_imports_into_another_folder(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
    tmp_path: Path,
) -> None:
    encrypt(cli, passfile)
    with_passphrase(PASSPHRASE)
    target = tmp_path / "export.json.encrypted"

    exported = cli("export", "--encrypt", "-o", str(target))

    assert exported.code == 0, exported.err
    assert target.read_bytes().startswith(MAGIC)
    assert note_is_plain_somewhere(tmp_path) == []
    elsewhere = tmp_path / "elsewhere"
    with_passphrase("the wrong one entirely")
    refused = cli("--data-dir", str(elsewhere), "import", str(target))
    assert refused.code == 2
    assert "doesn't open this file" in refused.err
    with_passphrase(PASSPHRASE)
    imported = cli("--data-dir", str(elsewhere), "import", str(target))
    assert imported.code == 0, imported.err
    with_passphrase(None)
    status = cli("--data-dir", str(elsewhere), "status", "--json")
    assert json.loads(status.out)["last_checkin"]["note"] == NOTE


def test_an_encrypted_export_of_a_plain_journal_has_its_own_passphrase(
    journal: Path,
    cli: Callable[..., Result],
    with_passphrase: Callable[[str | None], None],
    tmp_path: Path,
) -> None:
    target = tmp_path / "export.enc"
    with_passphrase("a passphrase just for the file")

    assert cli("export", "--encrypt", "-o", str(target)).code == 0
    assert target.read_bytes().startswith(MAGIC)
    assert not (journal / KEYS_NAME).exists()
    imported = cli("--data-dir", str(tmp_path / "other"), "import", str(target))
    assert imported.code == 0, imported.err
    with_passphrase(None)
    lacking = cli("--data-dir", str(tmp_path / "third"), "import", str(target))
    assert lacking.code == 2 and "asks for its passphrase" in lacking.err


def test_remind_works_from_the_plain_times_with_nobody_to_type(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    encrypt(cli, passfile)
    with_passphrase(None)
    later = datetime(2026, 11, 24, 10, 0, 30, tzinfo=UTC)
    codec.forget_keys()
    out, err = io.StringIO(), io.StringIO()

    code = main(["remind", "--print"], clock=lambda: later, stdout=out, stderr=err)

    assert code == 0, err.getvalue()
    assert "Driving: 24 hours have passed" in out.getvalue()
    assert NOTE not in out.getvalue()
    out2 = io.StringIO()
    assert main(["remind", "--print"], clock=lambda: later, stdout=out2, stderr=err) == 0
    assert out2.getvalue() == ""  # each reminder once


def test_a_tampered_byte_is_detected_and_restore_brings_back_a_good_backup(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    encrypt(cli, passfile)
    with_passphrase(PASSPHRASE)
    path = journal / "journal.json"
    backup = journal / "backups" / "journal-2026-11-23.json"
    assert backup.read_bytes().startswith(MAGIC)
    sealed = bytearray(path.read_bytes())
    sealed[-5] ^= 0x01
    path.write_bytes(bytes(sealed))

    status = cli("status")

    assert status.code == 1
    assert "failed its check" in status.err
    assert "changed or damaged" in status.err
    restored = cli("restore")
    assert restored.code == 0, restored.err
    assert f"Restored the journal from {backup}" in restored.lines
    assert cli("status").code == 0
    assert path.read_bytes().startswith(MAGIC)


def test_remember_keeps_the_key_in_the_keyring_and_losing_it_never_matters(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        entries: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.entries.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        encrypt(cli, passfile)
        with_passphrase(PASSPHRASE)
        assert cli("unlock", "--remember").code == 0
        with_passphrase(None)
        assert cli("status").code == 0  # no passphrase given: the keyring had the key
        MemoryKeyring.entries.clear()  # an upgrade lost it
        lost = cli("status")
        assert lost.code == 1 and "needs its passphrase" in lost.err
        with_passphrase(PASSPHRASE)
        assert cli("status").code == 0
        forgot = cli("unlock", "--forget")
        assert forgot.code == 0
        assert json.loads((journal / KEYS_NAME).read_text())["remember"] is False
    finally:
        keyring.set_keyring(previous)


def test_a_damaged_key_file_is_not_the_end_the_recovery_key_rebuilds_it(
    journal: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    recovery = encrypt(cli, passfile)
    (journal / KEYS_NAME).write_text('{"format": "ketacheck-keys", "vers')
    with_passphrase(PASSPHRASE)

    damaged = cli("status")

    assert damaged.code == 1
    assert "missing or damaged" in damaged.err and "unlock --recovery" in damaged.err
    assert damaged.out.startswith("In a crisis: ")  # a locked journal never hides it
    rebuilt = unlock_with_recovery(cli, passfile, recovery)
    assert rebuilt.code == 0, rebuilt.err
    with_passphrase(NEW_PASSPHRASE)
    assert json.loads(cli("status", "--json").out)["last_checkin"]["note"] == NOTE


def test_encrypt_on_a_first_start_makes_an_encrypted_journal(
    isolated_data_dir: Path,
    cli: Callable[..., Result],
    passfile: Callable[[str], Path],
    with_passphrase: Callable[[str | None], None],
) -> None:
    encrypt(cli, passfile)

    assert (isolated_data_dir / "journal.json").read_bytes().startswith(MAGIC)
    with_passphrase(PASSPHRASE)
    assert cli("checkin", "--dizziness", "1", "--nausea", "0", "--fluids", "2", "--mood", "7",
               "--self-harm", "no", "--note", NOTE).code == 0  # fmt: skip
    assert note_is_plain_somewhere(isolated_data_dir) == []


def test_encrypt_in_a_real_terminal_with_getpass(
    journal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real prompts, through a pseudo-terminal: typed passphrases are not echoed."""
    import pty
    import select

    from tests.test_store_crash import REPO

    env = dict(os.environ, KETACHECK_DATA_DIR=str(journal), TERM="dumb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    pid, master = pty.fork()
    if pid == 0:  # the child: ketacheck on the terminal
        os.execve(sys.executable, [sys.executable, "-m", "ketacheck", "encrypt"], env)
    seen = b""

    def until(text: bytes, seconds: float = 60) -> bytes:
        nonlocal seen
        deadline = time.monotonic() + seconds
        while text not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
        assert text in seen, seen.decode(errors="replace")
        return seen

    try:
        until(b"Choose a passphrase: ")
        os.write(master, PASSPHRASE.encode() + b"\n")
        until(b"Type it again: ")
        os.write(master, PASSPHRASE.encode() + b"\n")
        shown = until(b"type its last group of four: ")
        key = [w for w in shown.decode().split() if w.count("-") == 6][0]
        os.write(master, key.rsplit("-", 1)[1].encode() + b"\n")
        until(b"Encryption is on")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(master)
    assert os.waitstatus_to_exitcode(status) == 0
    assert PASSPHRASE.encode() not in seen  # never echoed
    assert (journal / KEYS_NAME).exists()


def test_a_data_key_never_shows_the_key_itself() -> None:
    """Not in its repr (a log line, a traceback) nor when Rich pretty-prints it."""
    from rich.pretty import pretty_repr

    secret = bytes(range(32))
    data_key = keyfile.DataKey(secret, "key-id-1", {"salt": "s"})
    for shown in (repr(data_key), pretty_repr(data_key), str(data_key)):
        assert "key-id-1" in shown
        assert repr(secret) not in shown and secret.hex() not in shown
        assert "\\x00\\x01" not in shown
