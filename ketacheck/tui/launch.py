"""Start the app: the one factory shared by the CLI, the tests and the screenshot script."""

from __future__ import annotations

import shutil
import tempfile
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from ketacheck.core.clock import Clock, utc_now
from ketacheck.store.journal import Journal

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp


def make_app(
    data_dir: Path,
    *,
    clock: Clock = utc_now,
    tz: tzinfo | None = None,
    demo: bool = False,
) -> KetacheckApp:
    """Open the journal in ``data_dir`` and build the app around it.

    With ``demo``, ``data_dir`` is filled with the sample course first.

    Raises:
        StoreError: if the journal can't be opened (the CLI prints it and exits 1).
    """
    from ketacheck.tui.app import KetacheckApp

    now = clock()
    if demo:
        from ketacheck.demo import write_demo_journal

        journal = write_demo_journal(data_dir, now)
    else:
        journal = Journal.open(data_dir, now.astimezone(tz).date())
    return KetacheckApp(journal, clock=clock, tz=tz, demo=demo)


def run_app(data_dir: Path, *, demo: bool = False, clock: Clock = utc_now) -> int:
    """Run the app until the patient quits; ``--demo`` uses a throwaway folder."""
    if not demo:
        make_app(data_dir, clock=clock).run()
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="ketacheck-demo-"))
    try:
        make_app(scratch / "data", clock=clock, demo=True).run()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0
