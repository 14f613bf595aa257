"""The command line builds only the grammar of the command it runs, and reads every
command line exactly as the full grammar does."""

from __future__ import annotations

import argparse
import contextlib
import io

import pytest

from ketacheck.cli.parser import COMMANDS, UsageError, build_parser, command_named

#: Command lines, good and bad, each read by the full grammar and by the one built for it.
ARGVS = [
    ["status"],
    ["status", "--json"],
    ["--data-dir", "/tmp/x", "status"],
    ["--data-dir=/tmp/x", "status", "--json"],
    ["--data", "/tmp/x", "status"],  # an abbreviation argparse accepts
    ["--data-dir", "status", "status"],  # a folder named "status"
    ["--demo"],
    ["--de", "status"],
    ["status", "--bogus"],
    ["status", "extra"],
    ["checkin", "--dizziness", "2", "--nausea", "1", "--fluids", "3", "--mood", "6"],
    ["checkin", "--dizziness", "twelve"],
    ["infusion", "add", "--at", "2pm", "--minutes", "50"],
    ["infusion"],
    ["alerts", "resolve", "abcd1234", "--how", "passed"],
    ["export", "--format", "fhir", "-o", "-"],
    ["export", "--format", "xml"],
    ["report", "--paper", "A4"],
    ["settings", "--json", "get", "country"],
    ["unlock", "--remember", "--forget"],
    ["stauts"],
    ["--d", "x", "status"],  # ambiguous: --data-dir or --demo
    [],
]


def outcome(parser: argparse.ArgumentParser, argv: list[str]) -> object:
    """The namespace read, or the error said."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            return vars(parser.parse_args(argv))
    except UsageError as exc:
        return ("usage error", str(exc))
    except SystemExit as exc:
        return ("exit", exc.code, out.getvalue())


@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_grammar_built_for_a_command_reads_it_as_the_full_one(argv: list[str]) -> None:
    full = build_parser([])  # no command named: every command
    assert outcome(build_parser(argv), argv) == outcome(full, argv)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["status"], "status"),
        (["--data-dir", "/x", "export", "-o", "-"], "export"),
        (["--data-dir=/x", "import", "f.json"], "import"),
        (["--data", "status", "checkin"], "checkin"),
        (["--demo", "status"], "status"),
        (["--demo=1", "status"], None),
        (["--d", "x", "status"], None),
        (["--help"], None),
        (["-h", "status"], None),
        (["--version"], None),
        (["--", "status"], None),
        (["stauts"], None),
        ([], None),
    ],
)
def test_which_command_a_line_plainly_names(argv: list[str], named: str | None) -> None:
    assert command_named(argv) == named


def test_the_top_help_lists_every_command() -> None:
    help_text = build_parser(["--help"]).format_help()
    assert all(f"    {name}" in help_text for name in COMMANDS)


def test_help_is_as_wide_as_columns_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    narrow = build_parser(["--help"]).format_help()
    monkeypatch.setenv("COLUMNS", "120")
    wide = build_parser(["--help"]).format_help()
    assert max(len(line) for line in narrow.splitlines()) <= 50
    assert max(len(line) for line in wide.splitlines()) > 50
