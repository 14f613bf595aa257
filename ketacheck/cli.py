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
from ketacheck.core.words import json_text, printable
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
    checkin.add_argument(
        "--self-harm",
        choices=("yes", "no"),
        help="any thoughts of harming yourself since the last check-in",
    )
    checkin.add_argument("--note", default="", help="anything else to remember")
    checkin.add_argument("--at", metavar="TIME", default="now", help="when (default now)")

    alerts = commands.add_parser(
        "alerts", help="alerts that are still open (all of them with --all); resolve one"
    )
    alerts.add_argument("--all", action="store_true", help="resolved ones too")
    alerts.add_argument("--json", action="store_true", help="print one JSON list")
    alert_commands = alerts.add_subparsers(
        dest="alerts_command", metavar="ACTION", parser_class=CliParser
    )
    resolve = alert_commands.add_parser("resolve", help="say you have acted on an alert")
    resolve.add_argument("alert_id", metavar="ID", help="the alert's id (its first 8 letters do)")
    resolve.add_argument(
        "--how",
        metavar="TEXT",
        help="care-team, crisis-line, passed, or your own words (asked if not given)",
    )

    questionnaire = commands.add_parser(
        "questionnaire", help="take the PHQ-9 (mood) or GAD-7 (anxiety) questionnaire"
    )
    questionnaire.add_argument("kind", choices=("phq9", "gad7"), metavar="phq9|gad7")
    questionnaire.add_argument(
        "--answers", metavar="N,N,...", help="every answer, 0-3, in order (asked if not given)"
    )
    questionnaire.add_argument(
        "--difficulty", type=int, metavar="N", help="how difficult these problems made life, 0-3"
    )

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
    imp.add_argument(
        "--with-settings",
        action="store_true",
        help="also take the file's settings (crisis line, care team, hours); each is named",
    )

    restore = commands.add_parser(
        "restore", help="replace an unreadable journal with the newest good backup"
    )
    restore.add_argument("--from", dest="source", metavar="FILE", help="a specific backup")
    restore.add_argument(
        "--start-empty",
        action="store_true",
        help="set the unreadable journal aside and start a new, empty one",
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help="replace the journal even though it opens fine (it is kept aside, unchanged)",
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
        """Print for the patient: no control character of stored text reaches the terminal."""
        print(printable(text), file=self.stdout)

    def note(self, text: str) -> None:
        """Print a message that must not mix with data on stdout."""
        print(printable(text), file=self.stderr)

    def say_json(self, value: object) -> None:
        """Print ``value`` as exact JSON, every control character escaped."""
        print(json_text(value), file=self.stdout)


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
        "alerts": commands.alerts,
        "questionnaire": commands.questionnaire,
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
    commits_before = _commits()
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
