"""The command line's grammar: every command, flag and help line."""

from __future__ import annotations

import argparse
from typing import Any

from ketacheck import __version__
from ketacheck.cli.questions import argparse_options, checkin_flags, flag_dest

#: What ``--at`` accepts; a time without a day is today, and without an offset is local.
TIME_HELP = '"2pm", "yesterday 9:30", "1 hour ago" or a date and time (default now)'


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
    for add_commands in (
        _add_record_commands,
        _add_alert_commands,
        _add_exchange_commands,
        _add_reminder_commands,
    ):
        add_commands(commands)
    return parser


Subcommands = Any  # argparse's private _SubParsersAction


def _add_record_commands(commands: Subcommands) -> None:
    """status, infusion add, checkin, questionnaire."""
    status = commands.add_parser("status", help="countdowns, alerts and the last check-in")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    infusion = commands.add_parser("infusion", help="log an infusion")
    infusion_commands = infusion.add_subparsers(
        dest="infusion_command", metavar="ACTION", required=True, parser_class=CliParser
    )
    add = infusion_commands.add_parser("add", help="log an infusion")
    add.add_argument("--at", metavar="TIME", default="now", help=f"when it started: {TIME_HELP}")
    add.add_argument("--minutes", type=int, default=45, help="how long it lasted (default 45)")
    add.add_argument("--note", default="", help="a note to keep with it")

    checkin = commands.add_parser(
        "checkin", help="record a check-in (asks each question if no scores are given)"
    )
    for question in checkin_flags():  # one option per question, from the question table
        checkin.add_argument(question.flag, dest=flag_dest(question), **argparse_options(question))
    checkin.add_argument("--at", metavar="TIME", default="now", help=f"when: {TIME_HELP}")

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


def _add_alert_commands(commands: Subcommands) -> None:
    """alerts, alerts resolve."""
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
    resolve.add_argument(
        "--yes",
        action="store_true",
        help="for an urgent alert: mark it without asking to confirm (for scripts)",
    )


def _add_exchange_commands(commands: Subcommands) -> None:
    """export, report, import, restore."""
    export = commands.add_parser("export", help="write the whole record to a file")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    export.add_argument(
        "--format",
        choices=("json", "csv", "fhir"),
        help="json (everything), csv (check-ins) or fhir; default: what the file's name "
        "ends in (.json, .csv, .fhir.json), else json",
    )
    export.add_argument("--since", metavar="DATE", help="only records on or after YYYY-MM-DD")

    report = commands.add_parser(
        "report", help="a one-page summary to take to your next appointment"
    )
    report.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    report.add_argument(
        "--format",
        choices=("md", "html", "pdf"),
        help="md (plain text), html (a web page) or pdf (needs WeasyPrint); default: what "
        "the file's name ends in (.md, .html, .pdf), else md",
    )
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


def _add_reminder_commands(commands: Subcommands) -> None:
    """calendar, remind."""
    calendar = commands.add_parser(
        "calendar", help="reminders as a calendar file for your phone or computer"
    )
    calendar.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (.ics), or - for stdout"
    )
    calendar.add_argument(
        "--days", type=int, default=14, metavar="N", help="how many days ahead (default 14)"
    )

    remind = commands.add_parser(
        "remind",
        help="show what is due now as a notification (for a scheduler; see --install)",
        description=(
            "Shows each reminder that has fallen due (a check-in, a questionnaire, fasting, "
            "a restriction that has lifted) once, as a desktop notification or else a line "
            "of text. Prints nothing when nothing is due."
        ),
    )
    remind.add_argument(
        "--print", action="store_true", help="print what is due instead of notifying"
    )
    schedule = remind.add_mutually_exclusive_group()
    schedule.add_argument(
        "--install", action="store_true", help="run it every 15 minutes (no root needed)"
    )
    schedule.add_argument(
        "--uninstall", action="store_true", help="remove the schedule --install set up"
    )
    schedule.add_argument("--show", action="store_true", help="show the schedule, installed or not")
