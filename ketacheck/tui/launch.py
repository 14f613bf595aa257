"""Start the app: the one factory shared by the CLI, the tests and the screenshot script."""

from __future__ import annotations

import gc
import io
import shutil
import sys
import tempfile
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ketacheck.core.clock import Clock, utc_now
from ketacheck.store.journal import Journal

if TYPE_CHECKING:
    from textual.app import App

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
    # Every record is checked here, before the screen is taken over, so a bad one is
    # named in the CLI's one line instead of ending the app half-drawn.
    seen = journal.identity()
    overview = journal.overview(now)
    return KetacheckApp(journal, overview, seen, clock=clock, tz=tz, demo=demo)


#: What the patient reads if the app itself fails: no traceback, no patient data.
CRASH_MESSAGE = (
    "ketacheck: the app stopped because of an error inside it. Everything you saved is in "
    "your journal; 'ketacheck status' shows it. Please report this."
)


def run_safely(app: App[Any], stderr: TextIO | None = None, headless: bool = False) -> int:
    """Run ``app``; if it fails, say so in one line and return 1.

    Textual prints an unhandled error as a traceback with the local variables of every
    frame, and those can hold the patient's notes. Its error console is pointed at a
    buffer that is thrown away, so nothing of that reaches the terminal.
    """
    from rich.console import Console

    app.error_console = Console(file=io.StringIO(), stderr=False)
    app.run(headless=headless)
    if app.return_code:
        print(CRASH_MESSAGE, file=stderr or sys.stderr)
        return 1
    return 0


def run_app(data_dir: Path, *, demo: bool = False, clock: Clock = utc_now) -> int:
    """Run the app until the patient quits; ``--demo`` uses a throwaway folder.

    An encrypted journal is unlocked first (see :func:`ketacheck.tui.unlocking.unlock_for_app`);
    a journal that can't be read gets a screen of its own on a terminal, with its open
    alerts and the crisis line as it last held them, before the error is raised.

    Raises:
        StoreError: the journal can't be opened (the CLI prints it and exits 1).
    """
    if not demo:
        from ketacheck.store.errors import JournalUnreadableError
        from ketacheck.tui.unlocking import unlock_for_app

        if not unlock_for_app(data_dir):
            return 0
        try:
            app = make_app(data_dir, clock=clock)
            loaded()
        except JournalUnreadableError as exc:
            # On a terminal, a calm screen first (its alerts and the crisis line); then,
            # as without one, the one line the command line prints, and exit 1.
            gc.enable()
            if sys.stdin.isatty() and sys.stdout.isatty():
                from ketacheck.tui.unlock import UnreadableApp

                run_safely(UnreadableApp(data_dir, exc, clock))
            raise
        return run_safely(app)
    scratch = Path(tempfile.mkdtemp(prefix="ketacheck-demo-"))
    try:
        app = make_app(scratch / "data", clock=clock, demo=True)
        loaded()
        return run_safely(app)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def loaded() -> None:
    """The app is loaded: let the garbage collector run again, past what was loaded.

    The command line turns the collector off while it loads the app (see
    :func:`ketacheck.cli.main.run_tui`): Textual and the app make a few hundred
    thousand objects that live as long as the app does, and walking them again and
    again cost the first frame tens of milliseconds. They are set aside for good
    (:func:`gc.freeze`), so later collections walk only what the app makes as it runs.
    """
    gc.freeze()
    gc.enable()
