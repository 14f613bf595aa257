"""The command line's grammar for encryption at rest: encrypt, decrypt, passphrase, unlock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PASSPHRASE_FILE_HELP = (
    "read the passphrase from FILE (its first line) instead of asking; for scripts"
)


def _encrypt_command(commands: Any) -> None:
    """``encrypt``."""
    encrypt = commands.add_parser(
        "encrypt",
        help="encrypt your journal with a passphrase (you get a recovery key to write down)",
        description=(
            "Encrypts the journal, its backups, drafts and summary with a passphrase you "
            "choose. You are shown a recovery key once: write it down. Losing both the "
            "passphrase and the recovery key loses the journal."
        ),
    )
    encrypt.add_argument("--passphrase-file", metavar="FILE", help=PASSPHRASE_FILE_HELP)
    encrypt.add_argument(
        "--remember",
        action="store_true",
        help="keep the key in your system's keyring so you are not asked on this computer",
    )


def _decrypt_command(commands: Any) -> None:
    """``decrypt``."""
    commands.add_parser("decrypt", help="turn encryption off: every file plain again")


def _passphrase_command(commands: Any) -> None:
    """``passphrase``."""
    passphrase = commands.add_parser("passphrase", help="change your passphrase")
    passphrase.add_argument(
        "--passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )


def _unlock_command(commands: Any) -> None:
    """``unlock``."""
    unlock = commands.add_parser(
        "unlock",
        help="check your passphrase; --recovery sets a new one with your recovery key",
    )
    unlock.add_argument(
        "--recovery",
        action="store_true",
        help="forgot your passphrase? type your recovery key and choose a new one",
    )
    unlock.add_argument(
        "--passphrase-file", metavar="FILE", help="with --recovery: the new passphrase's file"
    )
    keep = unlock.add_mutually_exclusive_group()
    keep.add_argument(
        "--remember", action="store_true", help="keep the key in your system's keyring"
    )
    keep.add_argument("--forget", action="store_true", help="remove it from the keyring")


#: The encryption commands, as :data:`ketacheck.cli.parser.COMMANDS` lists them.
ENCRYPTION_COMMANDS: dict[str, Callable[[Any], None]] = {
    "encrypt": _encrypt_command,
    "decrypt": _decrypt_command,
    "passphrase": _passphrase_command,
    "unlock": _unlock_command,
}
