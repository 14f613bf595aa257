"""``ketacheck status``."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context
from ketacheck.cli.output import status_text
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.status import status_json, status_report


def status(ctx: Context) -> int:
    """``ketacheck status [--json]``.

    With the journal unreadable: exit 1, and the open alerts and the crisis line as it
    last held them beside the error.
    """
    from ketacheck.store.errors import JournalUnreadableError

    now = ctx.now()
    try:
        overview = read_overview(ctx.data_dir, ctx.today(), now)
    except JournalUnreadableError as exc:
        from ketacheck.cli.unreadable import status_while_unreadable

        return status_while_unreadable(ctx, exc)
    report = status_report(overview, now)
    if ctx.args.json:
        ctx.say_json(status_json(report))
    else:
        ctx.say(status_text(report))
    return EXIT_OK
