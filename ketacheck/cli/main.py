"""The ``ketacheck`` command. Only the default action (the app) imports Textual.

Exit codes: 0 ok, 1 runtime error, 2 bad usage or bad input. Every error is one plain
line on stderr; no traceback reaches the patient.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ketacheck.cli.context import EXIT_ERROR, EXIT_OK, EXIT_USAGE, Context
from ketacheck.cli.parser import UsageError, build_parser
from ketacheck.core.clock import Clock, utc_now
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import printable
from ketacheck.store.errors import StoreError


def run_tui(ctx: Context) -> int:
    """Open the full-screen app; the garbage collector is off while it loads.

    The app turns it back on once loaded (:func:`ketacheck.tui.launch.loaded`); on any
    way out before that, it is turned back on here.
    """
    gc.disable()
    try:
        from ketacheck.tui.launch import run_app

        return run_app(ctx.data_dir, demo=ctx.args.demo, clock=ctx.clock)
    finally:
        gc.enable()


#: The commands that never need the journal unlocked first: ``remind`` works from the
#: plain reminder times, and the encryption commands do their own asking.
_NO_UNLOCK = frozenset({"remind", "encrypt", "decrypt", "passphrase", "unlock"})


def _dispatch(ctx: Context) -> int:
    command = ctx.args.command
    if command is None:
        return run_tui(ctx)
    if command not in _NO_UNLOCK:
        from ketacheck.cli.unlocking import ensure_unlocked

        ensure_unlocked(ctx)
    return _handler(command)(ctx)


def _handler(command: str) -> Callable[[Context], int]:
    """The handler of ``command``, importing only its own module (start-up stays quick)."""
    if command == "status":
        from ketacheck.cli.handlers.status import status

        return status
    if command in ("infusion", "checkin", "questionnaire"):
        from ketacheck.cli.handlers import records

        return {
            "infusion": records.infusion_add,
            "checkin": records.checkin,
            "questionnaire": records.questionnaire,
        }[command]
    if command == "alerts":
        from ketacheck.cli.handlers.alerts import alerts

        return alerts
    if command == "calendar":
        from ketacheck.cli.handlers.reminders import calendar

        return calendar
    if command == "remind":
        from ketacheck.cli.handlers.remind import remind

        return remind
    if command == "settings":
        from ketacheck.cli.handlers.settings import settings

        return settings
    if command == "restore":
        from ketacheck.cli.handlers.restore import restore

        return restore
    if command in ("encrypt", "decrypt", "passphrase", "unlock"):
        from ketacheck.cli.handlers import encryption

        return {
            "encrypt": encryption.encrypt,
            "decrypt": encryption.decrypt,
            "passphrase": encryption.passphrase,
            "unlock": encryption.unlock_command,
        }[command]
    from ketacheck.cli.handlers import exchange

    return {"export": exchange.export, "report": exchange.report, "import": exchange.import_file}[
        command
    ]


def main(
    argv: Sequence[str] | None = None,
    clock: Clock = utc_now,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    commits_before = _commits()
    try:
        # --help and --version print through argparse, which writes to sys.stdout:
        # send that to the streams this call was given.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser(argv).parse_args(argv)
        ctx = Context(args, clock, out, err)
        return _dispatch(ctx)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        print(f"ketacheck: {printable(str(exc), newlines=False)}", file=err)
        return EXIT_USAGE
    except ValidationError as exc:
        print(f"ketacheck: {printable(str(exc), newlines=False)}", file=err)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"ketacheck: {printable(str(exc), newlines=False)}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nketacheck: stopped; nothing more was saved.", file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"ketacheck: {printable(f'{exc.strerror or exc}{where}', False)}", file=err)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still no traceback for the patient
        print(f"ketacheck: {_bug_report(exc, commits_before)}", file=err)
        return EXIT_ERROR


def _commits() -> int:
    # Only a command that opened the journal has loaded the module that counts saves.
    journal = sys.modules.get("ketacheck.store.journal")
    return 0 if journal is None else int(journal.commits_landed())


def _bug_report(exc: Exception, commits_before: int) -> str:
    """One line for an unexpected error, true about whether anything was saved."""
    what = f"something went wrong inside ketacheck ({type(exc).__name__})"
    if _commits() != commits_before:
        return (
            f"your entry was saved, but {what} after saving it, so not everything was "
            "shown. 'ketacheck status' shows what is in your journal. Please report it."
        )
    return f"{what}. Your journal was not changed by this error. Please report it."
