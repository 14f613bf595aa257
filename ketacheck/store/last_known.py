"""What the journal last showed, for the moments it can't be read.

A journal that can't be read must not hide an open alert or the crisis line. The summary
beside it (:mod:`ketacheck.store.summary`) was written at the last save that worked, and
its seal shows ketacheck wrote it, so ``status`` and the app show its open alerts and
crisis line beside the error, as what the journal last held.
"""

from __future__ import annotations

from pathlib import Path

from ketacheck.core.crisis import crisis_text
from ketacheck.core.settings import Settings
from ketacheck.store.errors import StoreError
from ketacheck.store.overview import Overview, overview_from_summary
from ketacheck.store.paths import JOURNAL_NAME, SUMMARY_NAME
from ketacheck.store.summary_format import read_sealed_summary


def last_known_overview(data_dir: Path) -> Overview | None:
    """The overview of the journal as it was at its last good save; None if unknown."""
    summary = read_sealed_summary(data_dir / SUMMARY_NAME)
    if summary is None:
        return None
    try:
        return overview_from_summary(summary, data_dir / JOURNAL_NAME)
    except StoreError:
        return None


def last_known_crisis_line(data_dir: Path, overview: Overview | None) -> str:
    """The crisis line to show: the patient's (from the last summary, else from
    ``plain.json``), else the general one."""
    if overview is not None:
        return crisis_text(overview.settings)
    from ketacheck.store.plain_file import read_plain_file

    plain = read_plain_file(data_dir)
    if plain is not None and plain.crisis_line:
        return plain.crisis_line
    return crisis_text(Settings())
