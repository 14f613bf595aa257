"""``ketacheck status``."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context
from ketacheck.cli.quick_status import source_from_overview, status_text, summary_status_text


def status(ctx: Context) -> int:
    """``ketacheck status [--json]``.

    The text comes from the summary when it can answer (:mod:`ketacheck.cli.quick_status`);
    ``--json`` and everything the summary can't answer go through the journal's own
    records. With the journal unreadable: exit 1, and the open alerts and the crisis line
    as it last held them beside the error.
    """
    from ketacheck.store.errors import JournalUnreadableError

    now = ctx.now()
    if not ctx.args.json:
        text = summary_status_text(ctx.data_dir, now)
        if text is not None:
            ctx.say(text)
            return EXIT_OK
    from ketacheck.store.overview_reader import read_overview
    from ketacheck.usecases.status import status_json, status_report

    try:
        overview = read_overview(ctx.data_dir, ctx.today(), now)
    except JournalUnreadableError as exc:
        from ketacheck.cli.unreadable import status_while_unreadable

        return status_while_unreadable(ctx, exc)
    if ctx.args.json:
        ctx.say_json(status_json(status_report(overview, now)))
    else:
        ctx.say(status_text(source_from_overview(overview), now))
    return EXIT_OK
