"""Getting the passphrase for an encrypted journal, the calm way.

In order: the system keyring, if the patient asked for it (``--remember``) and it still
has the key; the file named by ``KETACHECK_PASSPHRASE_FILE``; a prompt on the terminal
(three tries). With none of these (a script, a scheduler) the command stops with one
line saying what would work. Nothing here changes the journal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ketacheck.cli.context import Context
from ketacheck.cli.parser import UsageError
from ketacheck.store.errors import StoreError, WrongSecretError

PASSPHRASE_ENV = "KETACHECK_PASSPHRASE_FILE"
TRIES = 3


def can_ask() -> bool:
    """Whether someone is at a terminal to type (tests replace this)."""
    return sys.stdin.isatty()


def ask_secret(prompt: str) -> str:
    """Ask for a secret on the terminal without showing it (tests replace this).

    Raises:
        UsageError: the input ended before anything was typed (Ctrl+D).
    """
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise UsageError("nothing was typed; nothing was changed") from None


def read_passphrase_file(path: Path, what: str = "--passphrase-file") -> str:
    """The passphrase in ``path``: its text without the line ending.

    Raises:
        UsageError: the file is missing, empty, too big or not text.
    """
    from ketacheck.store.passphrase_file import PassphraseFileError, read_passphrase

    try:
        return read_passphrase(path)
    except PassphraseFileError as exc:
        raise UsageError(f"{what}: {exc}") from None


def passphrase_from_env() -> tuple[str, Path] | None:
    """The passphrase in the file ``KETACHECK_PASSPHRASE_FILE`` names, if it is set."""
    from ketacheck.store.passphrase_file import env_passphrase_path

    path = env_passphrase_path()
    return None if path is None else (read_passphrase_file(path, PASSPHRASE_ENV), path)


def new_passphrase(ctx: Context, file: str | None, first: str = "Choose a passphrase: ") -> str:
    """A new passphrase: from ``--passphrase-file``, else typed twice on the terminal.

    Raises:
        UsageError: too short, the two didn't match three times, or no way to ask.
    """
    from ketacheck.store.keyfile import MIN_PASSPHRASE

    if file is not None:
        passphrase = read_passphrase_file(Path(file).expanduser())
        _check_length(passphrase, MIN_PASSPHRASE)
        return passphrase
    if not can_ask():
        raise UsageError(
            "there is no terminal to type a passphrase in: give --passphrase-file FILE; "
            "nothing was changed"
        )
    for _ in range(3):
        passphrase = ask_secret(first)
        if len(passphrase) < MIN_PASSPHRASE:
            ctx.note(f"Please use at least {MIN_PASSPHRASE} characters; a few words work well.")
            continue
        if ask_secret("Type it again: ") == passphrase:
            return passphrase
        ctx.note("Those two were not the same. Let's try once more.")
    raise UsageError("no passphrase was chosen; nothing was changed")


def _check_length(passphrase: str, minimum: int) -> None:
    if len(passphrase) < minimum:
        raise UsageError(
            f"--passphrase-file: a passphrase needs at least {minimum} characters; "
            "nothing was changed"
        )


def no_one_to_ask(data_dir: Path) -> StoreError:
    """The error for an encrypted journal with no way to get its passphrase."""
    return StoreError(
        f"your journal in {data_dir} is encrypted and needs its passphrase: run this in a "
        f"terminal to type it, or set {PASSPHRASE_ENV} to a private file that holds it. "
        "Nothing was read or changed."
    )


def unlock_current(ctx: Context, *, use_keyring: bool = True) -> None:
    """Unlock the journal in ``ctx.data_dir`` for this process, however works.

    Raises:
        UsageError: the passphrase given does not open it (exit 2); nothing was changed.
        StoreError: it can't be unlocked here (no terminal, no passphrase file), or its
            key file is missing (the recovery key still works).
    """
    from ketacheck.store import unlock

    if use_keyring and unlock.wants_remembering(ctx.data_dir):
        from ketacheck.store.remembered import recall

        key = recall(ctx.data_dir)
        if key is not None and unlock.unlock_with_data_key(ctx.data_dir, key):
            return
    from_env = passphrase_from_env()
    if from_env is not None:
        passphrase, path = from_env
        try:
            unlock.unlock_with_passphrase(ctx.data_dir, passphrase)
        except WrongSecretError:
            raise UsageError(
                f"the passphrase in {path} ({PASSPHRASE_ENV}) doesn't open your journal; "
                "nothing was changed"
            ) from None
        return
    if not can_ask():
        raise no_one_to_ask(ctx.data_dir)
    for attempt in range(1, TRIES + 1):
        passphrase = ask_secret("Passphrase for your journal: ")
        try:
            unlock.unlock_with_passphrase(ctx.data_dir, passphrase)
            return
        except WrongSecretError:
            if attempt < TRIES:
                ctx.note("That passphrase doesn't open your journal. Please try again.")
    raise UsageError(
        "that passphrase doesn't open your journal; nothing was changed. If you have "
        "forgotten it, 'ketacheck unlock --recovery' sets a new one with your recovery key"
    )


def ensure_unlocked(ctx: Context) -> None:
    """Before a command reads or writes the journal: unlock it if it is encrypted, and
    finish turning encryption on or off if a kill stopped that half-way.

    Costs one ``lstat`` when the journal is not encrypted.
    """
    from ketacheck.store import unlock

    state = unlock.lock_state(ctx.data_dir)
    if state == unlock.OFF:
        return
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(ctx.data_dir))
    if state == unlock.LOCKED:
        try:
            unlock_current(ctx)
        except StoreError as exc:
            if ctx.args.command == "status":
                _say_crisis_line(ctx, exc)
            raise
    finish_if_stopped(ctx)


def _say_crisis_line(ctx: Context, error: StoreError) -> None:
    """A locked journal never hides the crisis line: ``status`` still says it (its JSON
    has the shape of ``status`` on an unreadable journal)."""
    from ketacheck.store.last_known import last_known_crisis_line

    crisis = last_known_crisis_line(ctx.data_dir, None)
    if ctx.args.json:
        ctx.say_json(
            {"error": str(error), "crisis_line": crisis, "alerts": [], "alerts_known": False}
        )
    else:
        ctx.say(f"In a crisis: {crisis}")


def finish_if_stopped(ctx: Context) -> None:
    """Finish turning encryption on or off, if that was stopped part-way."""
    from ketacheck.store import codec, unlock

    if not unlock.unfinished(ctx.data_dir):
        return
    from ketacheck.store.encryption import finish  # the conversion's code, only if needed

    data_key = codec.key_for(ctx.data_dir)
    if data_key is None:
        return
    turning_on = codec.folder_mode(ctx.data_dir) == "turning-on"
    report = finish(ctx.data_dir, data_key)
    if report is None:
        return
    done = "on" if turning_on else "off"
    ctx.note(f"Finished turning encryption {done}, which had been stopped part-way.")
    for path in report.left:
        ctx.note(
            f"  {path} could not be converted (damaged, or from an earlier key); kept as it is."
        )
