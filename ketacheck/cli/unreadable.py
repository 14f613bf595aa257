"""``status`` while the journal can't be read: the error, and beside it the open alerts
and the crisis line as the journal last held them."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_ERROR, Context
from ketacheck.cli.output import alert_lines
from ketacheck.store.errors import StoreError
from ketacheck.store.last_known import last_known_crisis_line, last_known_overview
from ketacheck.usecases.status import alert_json, status_report


def status_while_unreadable(ctx: Context, error: StoreError) -> int:
    """Say why the journal can't be read (stderr), then what it last showed (stdout)."""
    overview = last_known_overview(ctx.data_dir)
    crisis = last_known_crisis_line(ctx.data_dir, overview)
    report = None if overview is None else status_report(overview, ctx.now())
    ctx.note(f"ketacheck: {error}")
    if ctx.args.json:
        ctx.say_json(
            {
                "error": str(error),
                "crisis_line": crisis,
                "alerts": [] if report is None else [alert_json(a) for a in report.alerts],
                "alerts_known": report is not None,
            }
        )
        return EXIT_ERROR
    ctx.say(f"In a crisis: {crisis}")
    if report is None:
        ctx.say("The alerts that were open can't be shown until the journal is restored.")
    elif report.alerts:
        ctx.say("")
        ctx.say("Open alerts, as at the last save that worked:")
        for line in alert_lines(report)[1:]:
            ctx.say(line)
    else:
        ctx.say("No alert was open at the last save that worked.")
    return EXIT_ERROR
