"""The command line's grammar: every command, flag and help line."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from ketacheck import __version__
from ketacheck.cli.encryption_args import ENCRYPTION_COMMANDS

#: What ``--at`` accepts; a time without a day is today, and without an offset is local.
TIME_HELP = '"2pm", "yesterday 9:30", "1 hour ago" or a date and time (default now)'


class UsageError(Exception):
    """Bad usage or bad input: exit code 2."""


class CliParser(argparse.ArgumentParser):
    """argparse, but errors become :class:`UsageError` instead of exiting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see 'ketacheck --help')")


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, fitted to the terminal without loading :mod:`shutil`.

    argparse makes a formatter for every option it adds, and its own asks :mod:`shutil`
    for the terminal's size, which loads the compression libraries: a few milliseconds
    of every ``ketacheck status``.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = terminal_columns() - 2  # as argparse leaves a margin
        super().__init__(prog, indent_increment, max_help_position, width)


def terminal_columns() -> int:
    """The terminal's width as :func:`shutil.get_terminal_size` finds it: ``$COLUMNS``,
    else the terminal on standard output, else 80."""
    import os
    import sys

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def build_parser(argv: Sequence[str] | None = None) -> CliParser:
    """The command-line interface: every command, or only the one ``argv`` runs.

    Building the grammar of every command costs more than ``ketacheck status`` takes to
    run, so when ``argv`` plainly names one command (after the global options), only
    that command's grammar is built; it parses exactly as the full one would. Anything
    else (no command, ``--help``, ``--version``, a word that is no command, an option
    abbreviated ambiguously) gets the full grammar and its messages.
    """
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
    only = command_named(argv)
    for name, add_command in COMMANDS.items():
        if only is None or name == only:
            add_command(commands)
    return parser


#: The global options that take a value, and those that don't, as argparse reads them.
_VALUED_OPTIONS = ("--data-dir",)
_FLAG_OPTIONS = ("--demo",)


def command_named(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` runs, if it plainly names one of :data:`COMMANDS`; else None.

    Reads the global options as argparse does, abbreviations included (``--data DIR``,
    ``--data-dir=DIR``), and gives up on anything else.
    """
    import sys

    words = list(sys.argv[1:] if argv is None else argv)
    index = 0
    while index < len(words):
        word = words[index]
        if not word.startswith("-"):
            return word if word in COMMANDS else None
        name, has_value, _ = word.partition("=")
        matches = [o for o in (*_VALUED_OPTIONS, *_FLAG_OPTIONS) if o.startswith(name)]
        if len(name) < 3 or len(matches) != 1:
            return None  # -h, --help, --version, "--", an unknown or ambiguous option
        if matches[0] in _VALUED_OPTIONS and not has_value:
            index += 1  # its value, whatever it looks like
        elif matches[0] in _FLAG_OPTIONS and has_value:
            return None
        index += 1
    return None


Subcommands = Any  # argparse's private _SubParsersAction


def _status_command(commands: Subcommands) -> None:
    """``status``."""
    status = commands.add_parser("status", help="countdowns, alerts and the last check-in")
    status.add_argument("--json", action="store_true", help="print one JSON object")


def _infusion_command(commands: Subcommands) -> None:
    """``infusion``."""
    infusion = commands.add_parser("infusion", help="log an infusion")
    infusion_commands = infusion.add_subparsers(
        dest="infusion_command", metavar="ACTION", required=True, parser_class=CliParser
    )
    add = infusion_commands.add_parser("add", help="log an infusion")
    add.add_argument("--at", metavar="TIME", default="now", help=f"when it started: {TIME_HELP}")
    add.add_argument("--minutes", type=int, default=45, help="how long it lasted (default 45)")
    add.add_argument("--note", default="", help="a note to keep with it")


def _checkin_command(commands: Subcommands) -> None:
    """``checkin``."""
    checkin = commands.add_parser(
        "checkin", help="record a check-in (asks each question if no scores are given)"
    )
    from ketacheck.cli.questions import argparse_options, checkin_flags, flag_dest

    for question in checkin_flags():  # one option per question, from the question table
        checkin.add_argument(question.flag, dest=flag_dest(question), **argparse_options(question))
    checkin.add_argument("--at", metavar="TIME", default="now", help=f"when: {TIME_HELP}")


def _questionnaire_command(commands: Subcommands) -> None:
    """``questionnaire``."""
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


def _alerts_command(commands: Subcommands) -> None:
    """``alerts``."""
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


def _export_command(commands: Subcommands) -> None:
    """``export``."""
    export = commands.add_parser("export", help="write the whole record to a file")
    export.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    export.add_argument(
        "--format",
        choices=("json", "csv", "fhir"),
        help="json (everything), csv (check-ins) or fhir; default: what the file's name "
        "ends in (.json, .csv, .fhir.json), else json",
    )
    export.add_argument("--since", metavar="DATE", help="only records on or after YYYY-MM-DD")
    export.add_argument(
        "--encrypt", action="store_true", help="write it encrypted (import reads it back)"
    )
    export.add_argument(
        "--validate",
        action="store_true",
        help="check the written file: JSON against ketacheck's schema, FHIR against the R4B "
        "models (needs: pip install 'ketacheck[validate]')",
    )


def _report_command(commands: Subcommands) -> None:
    """``report``."""
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
    report.add_argument(
        "--paper",
        choices=("a4", "letter"),
        type=str.lower,
        help="paper size for printing (default: from your country, else your locale)",
    )


def _import_command(commands: Subcommands) -> None:
    """``import``."""
    imp = commands.add_parser("import", help="add the records of an export file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--with-settings",
        action="store_true",
        help="also take the file's settings (crisis line, care team, hours); each is named",
    )


def _restore_command(commands: Subcommands) -> None:
    """``restore``."""
    restore = commands.add_parser(
        "restore", help="give back what an unreadable journal holds, with the newest good backup"
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


def _calendar_command(commands: Subcommands) -> None:
    """``calendar``."""
    calendar = commands.add_parser(
        "calendar", help="reminders as a calendar file for your phone or computer"
    )
    calendar.add_argument(
        "-o", "--output", metavar="FILE", help="file to write (.ics), or - for stdout"
    )
    calendar.add_argument(
        "--days", type=int, default=14, metavar="N", help="how many days ahead (default 14)"
    )


def _remind_command(commands: Subcommands) -> None:
    """``remind``."""
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


def _settings_command(commands: Subcommands) -> None:
    """``settings``."""
    settings = commands.add_parser(
        "settings",
        help="list your settings; get, set or unset one (see 'ketacheck settings --help')",
        description=(
            "With no action, lists every setting with its value and where it comes from: "
            "set (by you), guessed (the country, from this computer's time zone or "
            "language) or default. The app's Settings screen changes the same settings."
        ),
    )
    settings.add_argument("--json", action="store_true", help="print JSON")
    actions = settings.add_subparsers(
        dest="settings_command", metavar="ACTION", parser_class=CliParser
    )
    # SUPPRESS: "settings --json get KEY" keeps the --json given before the action.
    as_json = {"action": "store_true", "default": argparse.SUPPRESS, "help": "print JSON"}
    get = actions.add_parser("get", help="show one setting")
    get.add_argument("key", metavar="KEY", help="a setting's name, as 'ketacheck settings' lists")
    get.add_argument("--json", **as_json)
    put = actions.add_parser(
        "set",
        help="change one setting",
        description=(
            "Change one setting, checked as the app's Settings screen checks it; a value "
            "it refuses changes nothing. Examples: 'settings set country GB', "
            "'settings set care-team-phone 555-0142', 'settings set hours.driving 36', "
            "'settings set reminder-times 9am, 8:30 pm'."
        ),
    )
    put.add_argument("key", metavar="KEY", help="a setting's name, as 'ketacheck settings' lists")
    put.add_argument("value", metavar="VALUE", nargs="*", help="its new value")
    put.add_argument(
        "--list", action="store_true", help="with country: list the countries to choose from"
    )
    put.add_argument("--json", **as_json)
    unset = actions.add_parser("unset", help="put one setting back to its default")
    unset.add_argument("key", metavar="KEY", help="a setting's name")
    unset.add_argument("--json", **as_json)


#: Every command, in the order ``--help`` lists them, with what adds its grammar.
COMMANDS: dict[str, Callable[[Subcommands], None]] = {
    "status": _status_command,
    "infusion": _infusion_command,
    "checkin": _checkin_command,
    "questionnaire": _questionnaire_command,
    "alerts": _alerts_command,
    "export": _export_command,
    "report": _report_command,
    "import": _import_command,
    "restore": _restore_command,
    "calendar": _calendar_command,
    "remind": _remind_command,
    "settings": _settings_command,
    **ENCRYPTION_COMMANDS,
}
