"""``calendar``: the reminders as a file the patient's own calendar understands."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context, open_journal
from ketacheck.cli.handlers.exchange import output_format, write_rendered
from ketacheck.usecases.reminders import CALENDAR_HOW, render_calendar


def calendar(ctx: Context) -> int:
    """``ketacheck calendar [-o FILE|-] [--days N]``; ``-o`` may not be named like
    another format (``x.csv``)."""
    output_format(ctx, "calendar")
    contents = open_journal(ctx).contents()
    rendered = render_calendar(contents, ctx.now(), None, ctx.args.days)
    where = write_rendered(ctx, rendered, "ics", "ketacheck-reminders")
    if where != ".":
        ctx.note(f"Saved {rendered.what}{where}")
        ctx.note(CALENDAR_HOW)
    return EXIT_OK
