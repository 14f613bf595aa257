"""Running the command line in a test: what it printed and how it exited, on a clock the
test holds."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ketacheck.cli import main


@dataclass
class Result:
    """How a command exited and what it printed (stdout, stderr)."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """Stdout, line by line."""
        return self.out.splitlines()


class FixedClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time on, e.g. ``advance(hours=2)``."""
        self.now += timedelta(**delta)


def run_cli(*argv: str, clock: Callable[[], datetime]) -> Result:
    """Run ``ketacheck ARGV`` in this process at ``clock``'s time."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=clock, stdout=out, stderr=err)
    return Result(code, out.getvalue(), err.getvalue())
