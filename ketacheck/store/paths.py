"""Where the journal lives: ``--data-dir`` > ``KETACHECK_DATA_DIR`` > the platform's folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VAR = "KETACHECK_DATA_DIR"
JOURNAL_NAME = "journal.json"
LOCK_NAME = "journal.lock"
SUMMARY_NAME = "summary.json"
BACKUP_DIR_NAME = "backups"
DRAFT_DIR_NAME = "drafts"
#: With encryption on: the data key, wrapped by the passphrase and by the recovery key.
KEYS_NAME = "keys.json"
#: With encryption on: what stays readable while the journal is locked (reminder times,
#: the crisis line), so ``remind`` and the unlock screen work with nobody to type.
PLAIN_NAME = "plain.json"
DIR_MODE = 0o700
FILE_MODE = 0o600
#: How a journal set aside by ``restore`` is named: ``journal.json.<marker>-<time>``.
UNREADABLE_MARKER = "unreadable"
REPLACED_MARKER = "before-restore"
SET_ASIDE_MARKERS = (UNREADABLE_MARKER, REPLACED_MARKER)


def platform_data_dir() -> Path:
    """The per-user data folder platformdirs picks for this system."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("ketacheck", appauthor=False))


def resolve_data_dir(
    cli_value: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """The data folder to use, by the documented order of precedence."""
    environ = os.environ if environ is None else environ
    if cli_value:
        return Path(cli_value).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    return platform_data_dir()


def inside_data_folder(path: Path, data_dir: Path) -> bool:
    """Whether writing ``path`` would land in the data folder (links followed, as a write would).

    An export or a report written there could replace the journal, a backup or the
    summary, or be pruned or taken for one of them.
    """
    target = Path(os.path.realpath(path))
    folder = Path(os.path.realpath(data_dir))
    return target == folder or folder in target.parents
