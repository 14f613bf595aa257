"""What every command handler gets: where the data is, the clock, the streams."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, TextIO

from ketacheck.core.clock import Clock
from ketacheck.core.scales import ValidationError
from ketacheck.core.words import json_text, printable
from ketacheck.store.paths import resolve_data_dir

if TYPE_CHECKING:
    # Loaded by the commands that open the journal: ``status`` reads the summary alone.
    from ketacheck.store.journal import Journal

EXIT_OK = 0

EXIT_ERROR = 1

EXIT_USAGE = 2


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


def open_journal(ctx: Context) -> Journal:
    """The journal in the data folder, created if this is the first command."""
    from ketacheck.store.journal import Journal

    return Journal.open(ctx.data_dir, ctx.today())


def when(ctx: Context, text: str, field: str) -> datetime:
    """A time the patient typed for ``field`` (``--at``), in this computer's zone."""
    from ketacheck.core.timeparse import parse_when

    return parse_when(text, ctx.now(), None, field=field)


def since_date(ctx: Context) -> date | None:
    """The ``--since`` date, if one was given."""
    if ctx.args.since is None:
        return None
    try:
        return date.fromisoformat(ctx.args.since)
    except ValueError:
        raise ValidationError(
            "--since", f"{ctx.args.since!r} is not a date like 2026-11-01"
        ) from None
