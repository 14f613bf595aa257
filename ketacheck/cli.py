"""The ``ketacheck`` command. Only the default action (the TUI) imports Textual.

Exit codes: 0 ok, 1 runtime error, 2 bad usage or bad input. Every error is one plain
line on stderr; no traceback reaches the patient.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from ketacheck import __version__
from ketacheck.core.clock import Clock, utc_now
from ketacheck.core.scales import ValidationError
from ketacheck.store.errors import StoreError
from ketacheck.store.paths import resolve_data_dir

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad usage or bad input: exit code 2."""


class CliParser(argparse.ArgumentParser):
    """argparse, but errors become :class:`UsageError` instead of exiting."""

    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see 'ketacheck --help')")


def build_parser() -> CliParser:
    """The full command-line interface."""
    parser = CliParser(
        prog="ketacheck",
        description=(
            "A calm companion for the days after a ketamine infusion. With no command, "
            "opens the full-screen app. It reminds you of your clinic's instructions; it "
            "is not medical advice."
        ),
    )
    parser.add_argument("--version", action="version", version=f"ketacheck {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="where the journal is kept")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a throwaway copy of sample data"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)

    status = commands.add_parser("status", help="countdowns, alerts and the last check-in")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    infusion = commands.add_parser("infusion", help="log an infusion")
    infusion_commands = infusion.add_subparsers(
        dest="infusion_command", metavar="ACTION", required=True, parser_class=CliParser
    )
    add = infusion_commands.add_parser("add", help="log an infusion")
    add.add_argument("--at", metavar="TIME", default="now", help="when it started (default now)")
    add.add_argument("--minutes", type=int, default=45, help="how long it lasted (default 45)")
    add.add_argument("--note", default="", help="a note to keep with it")

    checkin = commands.add_parser(
        "checkin", help="record a check-in (asks each question if no scores are given)"
    )
    for name, what in (
        ("dizziness", "0-10"),
        ("nausea", "0-10"),
        ("fluids", "glasses since the last check-in"),
        ("mood", "0 very low - 10 very good"),
    ):
        checkin.add_argument(f"--{name}", type=int, metavar="N", help=what)
    checkin.add_argument("--electrolytes", action="store_true", help="had an electrolyte drink")
    checkin.add_argument("--vomited", action="store_true", help="was sick since the last one")
    checkin.add_argument("--note", default="", help="anything else to remember")
    checkin.add_argument("--at", metavar="TIME", default="now", help="when (default now)")

    export = commands.add_parser("export", help="write the whole record to a file")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--since", metavar="DATE", help="only records on or after YYYY-MM-DD")

    report = commands.add_parser(
        "report", help="a one-page summary to take to your next appointment"
    )
    report.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    report.add_argument("--format", choices=("md", "html"), default="md")
    report.add_argument("--since", metavar="DATE", help="only records on or after YYYY-MM-DD")

    imp = commands.add_parser("import", help="add the records of an export file")
    imp.add_argument("file", metavar="FILE")

    restore = commands.add_parser(
        "restore", help="replace an unreadable journal with the newest good backup"
    )
    restore.add_argument("--from", dest="source", metavar="FILE", help="a specific backup")
    restore.add_argument(
        "--start-empty",
        action="store_true",
        help="set the unreadable journal aside and start a new, empty one",
    )
    restore.add_argument("--list", action="store_true", help="list the backups")
    return parser


class Context:
    """What every command needs: where the data is, the clock, the output streams."""

    def __init__(
        self, args: argparse.Namespace, clock: Clock, stdout: TextIO, stderr: TextIO
    ) -> None:
        self.args = args
        self.clock = clock
        self.stdout = stdout
        self.stderr = stderr
        self.data_dir = resolve_data_dir(args.data_dir)

    def now(self) -> datetime:
        """The current time, from the injected clock."""
        return self.clock()

    def today(self) -> date:
        """Today's local date."""
        return self.now().astimezone().date()

    def say(self, text: str = "") -> None:
        """Print for the patient."""
        print(text, file=self.stdout)

    def note(self, text: str) -> None:
        """Print a message that must not mix with data on stdout."""
        print(text, file=self.stderr)


def _run_tui(ctx: Context) -> int:
    from ketacheck.tui.launch import run_app

    return run_app(ctx.data_dir, demo=ctx.args.demo, clock=ctx.clock)


def _dispatch(ctx: Context) -> int:
    command = ctx.args.command
    if command is None:
        return _run_tui(ctx)
    from ketacheck import commands

    handlers: dict[str, Callable[[Context], int]] = {
        "status": commands.status,
        "infusion": commands.infusion_add,
        "checkin": commands.checkin,
        "export": commands.export,
        "report": commands.report,
        "import": commands.import_file,
        "restore": commands.restore,
    }
    return handlers[command](ctx)


def main(
    argv: Sequence[str] | None = None,
    clock: Clock = utc_now,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        # --help and --version print through argparse, which writes to sys.stdout:
        # send that to the streams this call was given.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
        ctx = Context(args, clock, out, err)
        return _dispatch(ctx)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        print(f"ketacheck: {exc}", file=err)
        return EXIT_USAGE
    except ValidationError as exc:
        print(f"ketacheck: {exc}", file=err)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"ketacheck: {exc}", file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("\nketacheck: stopped; nothing more was saved.", file=err)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"ketacheck: {exc.strerror or exc}{where}", file=err)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still no traceback for the patient
        print(
            f"ketacheck: something went wrong inside ketacheck ({type(exc).__name__}: {exc}). "
            "Your journal was not changed by this error. Please report it.",
            file=err,
        )
        return EXIT_ERROR
