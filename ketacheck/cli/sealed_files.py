"""``export --encrypt`` and importing what it wrote: the passphrase asked for either."""

from __future__ import annotations

from collections.abc import Callable

from ketacheck.cli.context import Context
from ketacheck.cli.unlocking import ask_secret, can_ask, new_passphrase, passphrase_from_env
from ketacheck.core.scales import ValidationError
from ketacheck.usecases.exchange import Rendered


def check_encrypted_export(ctx: Context, export_format: str) -> None:
    """``--encrypt`` is for the JSON export (the one ``import`` reads), and never to a
    terminal.

    Args:
        export_format: The format the export will be written in (from ``-o``'s name or
            ``--format``).

    Raises:
        ValidationError: another format, or ``-o -`` onto a terminal.
    """
    if export_format != "json":
        raise ValidationError(
            "--encrypt", "works with --format json, the export that 'ketacheck import' reads"
        )
    if ctx.args.output == "-" and ctx.stdout.isatty():
        raise ValidationError(
            "-o", "an encrypted file can't be shown in a terminal: give a file name"
        )


def sealed_rendered(ctx: Context, rendered: Rendered) -> Rendered:
    """``rendered`` sealed: with the journal's key when encryption is on, else with a
    passphrase chosen for this file (from ``KETACHECK_PASSPHRASE_FILE`` or typed twice).
    """
    from ketacheck.store.sealed_export import seal_export
    from ketacheck.store.unlock import OFF, lock_state

    passphrase = None
    if lock_state(ctx.data_dir) == OFF:
        from_env = passphrase_from_env()
        if from_env is not None:
            passphrase = from_env[0]
        else:
            passphrase = new_passphrase(ctx, None, "Choose a passphrase for this file: ")
    payload = seal_export(ctx.data_dir, rendered.payload, passphrase)
    return Rendered(bytes(payload), f"{rendered.what}, encrypted")


def export_passphrase(ctx: Context) -> Callable[[], str] | None:
    """How ``import`` gets an encrypted file's passphrase, if it needs one."""
    from_env = passphrase_from_env()
    if from_env is not None:
        passphrase = from_env[0]
        return lambda: passphrase
    if can_ask():
        return lambda: ask_secret("Passphrase of this file: ")
    return None
