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
DIR_MODE = 0o700
FILE_MODE = 0o600


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
