"""``encrypt``, ``decrypt``, ``passphrase`` and ``unlock``: encryption at rest, opt-in.

Each either finishes or changes nothing: the store does the work in atomic steps (see
:mod:`ketacheck.store.encryption`), and these only ask, explain and report.
"""

from __future__ import annotations

from ketacheck.cli.context import EXIT_ERROR, EXIT_OK, Context, open_journal
from ketacheck.cli.parser import UsageError
from ketacheck.cli.unlocking import (
    ask_secret,
    can_ask,
    finish_if_stopped,
    new_passphrase,
    unlock_current,
)
from ketacheck.store import codec, unlock
from ketacheck.store.errors import StoreError, WrongSecretError

#: Said once the recovery key is shown: what it is for, and what losing it means.
RECOVERY_WORDS = (
    "This is your recovery key. It is shown only this once. Write it down on paper and "
    "keep it somewhere safe, away from this computer. If you ever forget your passphrase, "
    "it lets you choose a new one ('ketacheck unlock --recovery'). If you lose both the "
    "passphrase and this key, no one can open your journal again, not even ketacheck."
)


def encrypt(ctx: Context) -> int:
    """``ketacheck encrypt [--passphrase-file F] [--remember]``."""
    from ketacheck.store.encryption import turn_on
    from ketacheck.store.keyfile import KeyFile, new_data_key, wrap_for_passphrase

    state = unlock.lock_state(ctx.data_dir)
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(ctx.data_dir))
    if state != unlock.OFF:
        if state == unlock.LOCKED:
            unlock_current(ctx)
        finish_if_stopped(ctx)
        ctx.say("Encryption is already on; nothing was changed.")
        return EXIT_OK
    passphrase = new_passphrase(ctx, ctx.args.passphrase_file)
    data_key, recovery_key = new_data_key()
    keyfile = KeyFile(data_key.key_id, wrap_for_passphrase(data_key, passphrase), data_key.recovery)
    ctx.say(RECOVERY_WORDS)
    ctx.say("")
    ctx.say(f"    {recovery_key}")
    ctx.say("")
    ctx.stdout.flush()
    if ctx.args.passphrase_file is None:
        _confirm_written_down(ctx, recovery_key)
    report = turn_on(ctx.data_dir, data_key, keyfile)
    _after_turning_on(ctx)
    ctx.say(
        f"Encryption is on: your journal, its backups, drafts and summary are encrypted "
        f"({report.changed} files). Every ketacheck command will now ask for the passphrase."
    )
    if ctx.args.remember:
        _remember(ctx)
    return EXIT_OK


def _confirm_written_down(ctx: Context, recovery_key: str) -> None:
    """The patient types the last group back, so the key is really written down."""
    last = recovery_key.rsplit("-", 1)[1]
    for _ in range(3):
        typed = ask_secret("To show it is written down, type its last group of four: ")
        if typed.strip().upper().replace("O", "0") == last:
            return
        ctx.note("That is not its last group. Please look at what you wrote down.")
    raise UsageError("the recovery key was not confirmed, so encryption is still off")


def _after_turning_on(ctx: Context) -> None:
    """Open the journal once: the summary and the plain reminder times are made afresh."""
    journal = open_journal(ctx)
    try:
        journal.overview()
        journal.refresh_plain_file()
    finally:
        journal.close()


def _remember(ctx: Context) -> bool:
    """Keep the key in the system keyring; False (having said why) if it can't be kept."""
    from ketacheck.store.remembered import remember

    data_key = codec.key_for(ctx.data_dir)
    if data_key is None:
        return False
    try:
        remember(ctx.data_dir, data_key)
    except StoreError as exc:
        ctx.note(f"ketacheck: {exc}")
        return False
    ctx.say(
        "Your system's keyring now keeps the key, so you won't be asked on this computer. "
        "If the keyring ever loses it, your passphrase still works."
    )
    return True


def decrypt(ctx: Context) -> int:
    """``ketacheck decrypt``: every file plain again; ``keys.json`` goes last."""
    from ketacheck.store.encryption import turn_off
    from ketacheck.store.remembered import forget

    state = unlock.lock_state(ctx.data_dir)
    if state == unlock.OFF:
        ctx.say("Encryption is already off; nothing was changed.")
        return EXIT_OK
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(ctx.data_dir))
    if state == unlock.LOCKED:
        unlock_current(ctx)
    data_key = codec.key_for(ctx.data_dir)
    assert data_key is not None
    forget(ctx.data_dir)
    report = turn_off(ctx.data_dir, data_key)
    for path in report.left:
        ctx.note(f"ketacheck: {path} could not be decrypted (damaged, or from an earlier key).")
    if report.left:
        ctx.note("Those files keep your passphrase; everything else is plain again.")
        return EXIT_ERROR
    ctx.say(
        f"Encryption is off: your journal and its files are plain again ({report.changed} "
        "files). Your passphrase and recovery key are no longer needed."
    )
    return EXIT_OK


def passphrase(ctx: Context) -> int:
    """``ketacheck passphrase [--passphrase-file NEW]``: the current one, then the new."""
    from ketacheck.store.encryption import change_passphrase

    state = unlock.lock_state(ctx.data_dir)
    if state == unlock.OFF:
        raise UsageError("encryption is off, so there is no passphrase to change")
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(ctx.data_dir))
    codec.forget_keys()  # the current passphrase itself must be given, not a kept key
    unlock_current(ctx, use_keyring=False)
    data_key = codec.key_for(ctx.data_dir)
    assert data_key is not None
    new = new_passphrase(ctx, ctx.args.passphrase_file, "Choose a new passphrase: ")
    change_passphrase(ctx.data_dir, data_key, new)
    ctx.say("Your passphrase is changed. Your recovery key is the same as before.")
    from ketacheck.store.passphrase_file import ENV_VAR, env_passphrase_path

    named = env_passphrase_path()
    if named is not None:
        ctx.note(f"{ENV_VAR} names {named}: put the new passphrase there too.")
    return EXIT_OK


def unlock_command(ctx: Context) -> int:
    """``ketacheck unlock [--recovery] [--passphrase-file NEW] [--remember | --forget]``."""
    if ctx.args.recovery:
        return _recover(ctx)
    state = unlock.lock_state(ctx.data_dir)
    if state == unlock.OFF:
        raise UsageError("encryption is off, so there is nothing to unlock")
    if state == unlock.KEYS_MISSING:
        raise StoreError(unlock.missing_keys_message(ctx.data_dir))
    if ctx.args.forget:
        from ketacheck.store.remembered import forget

        forget(ctx.data_dir)
        ctx.say("The system keyring no longer keeps the key; you will be asked each time.")
        return EXIT_OK
    unlock_current(ctx, use_keyring=not ctx.args.remember)
    finish_if_stopped(ctx)
    if ctx.args.remember:
        return EXIT_OK if _remember(ctx) else EXIT_ERROR
    ctx.say("Your passphrase opens your journal.")
    return EXIT_OK


def _recover(ctx: Context) -> int:
    from ketacheck.store.encryption import recover
    from ketacheck.store.keyfile import parse_recovery_key

    if can_ask():
        typed = ask_secret("Your recovery key (the groups of letters and digits): ")
    else:
        import sys

        typed = sys.stdin.readline()
    recovery_key = parse_recovery_key(typed)
    if recovery_key is None:
        raise UsageError(
            "that is not a recovery key: it has seven groups of four letters and digits, "
            "like 7KQ2-M4XD-...; nothing was changed"
        )
    new = new_passphrase(ctx, ctx.args.passphrase_file, "Choose a new passphrase: ")
    try:
        recover(ctx.data_dir, recovery_key, new)
    except WrongSecretError as exc:
        raise UsageError(str(exc)) from None
    finish_if_stopped(ctx)
    ctx.say(
        "Your journal opens with your new passphrase. Your recovery key stays the same: "
        "keep it safe."
    )
    return EXIT_OK
