"""``ketacheck status``."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context
from ketacheck.cli.output import status_text
from ketacheck.store.journal import read_overview
from ketacheck.usecases.status import status_json, status_report


def status(ctx: Context) -> int:
    """``ketacheck status [--json]``."""
    now = ctx.now()
    report = status_report(read_overview(ctx.data_dir, ctx.today()), now)
    if ctx.args.json:
        ctx.say_json(status_json(report))
    else:
        ctx.say(status_text(report))
    return EXIT_OK
