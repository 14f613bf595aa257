"""Reading the overview: from the summary when it answers, else from the journal.

This is the path of ``ketacheck status`` and of the app's Home: it loads the journal's own
machinery (TinyDB, the alert bookkeeping) only when the summary can't answer.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ketacheck.core.settings import Settings
from ketacheck.store.errors import JournalUnreadableError
from ketacheck.store.overview import Overview, overview_from_summary, with_country_guess
from ketacheck.store.paths import JOURNAL_NAME
from ketacheck.store.summary_format import current_summary


def read_overview(data_dir: Path, today: date, now: datetime | None = None) -> Overview:
    """The overview, from the summary file when it matches the journal, else the journal.

    Creates nothing when there is no journal yet, and never waits for a writer. Given
    ``now``, the overview answers for that moment even with the clock set back before
    what the summary keeps (then from the journal itself).
    """
    try:
        summary = current_summary(data_dir)
    except FileNotFoundError:
        return Overview(with_country_guess(Settings()), [], [], 0, None, exists=False)
    if summary is not None:
        try:
            overview = overview_from_summary(summary, data_dir / JOURNAL_NAME)
        except JournalUnreadableError:
            pass  # a damaged summary costs a full read, never a wrong answer
        else:
            if now is None or overview.covers(now):
                return overview
    from ketacheck.store.journal import Journal

    journal = Journal.open(data_dir, today)
    try:
        return journal.overview(now)
    finally:
        journal.close()  # release the file it keeps open (the TUI calls this repeatedly)
