"""``ketacheck alerts`` and ``alerts resolve``."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context, open_journal
from ketacheck.cli.output import alert_text, care_team, crisis_lines, short_id, when_text
from ketacheck.cli.prompts import ask_how, confirm_urgent
from ketacheck.core.alert_records import RESOLUTIONS
from ketacheck.core.alerts import URGENT
from ketacheck.core.words import plural
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.checkins import find_alert, resolve_alert
from ketacheck.usecases.status import alert_json


def alerts(ctx: Context) -> int:
    """``ketacheck alerts [--all] [--json]`` and ``ketacheck alerts resolve ID [--how TEXT]``."""
    if ctx.args.alerts_command == "resolve":
        return _resolve_alert(ctx)
    kept = read_overview(ctx.data_dir, ctx.today())
    shown = open_journal(ctx).alerts() if ctx.args.all else kept.open_alerts
    if ctx.args.json:
        ctx.say_json([alert_json(a) for a in shown])
        return EXIT_OK
    settings = kept.settings
    now = ctx.now()
    open_ones = [a for a in shown if a.is_open]
    if not shown:
        ctx.say("No open alerts." if not ctx.args.all else "No alerts yet.")
        return EXIT_OK
    if any(a.level == URGENT for a in open_ones):
        for line in crisis_lines(settings):
            ctx.say(line)
        ctx.say()
    ctx.say(
        f"{plural(len(open_ones), 'open alert')}, most serious first:"
        if open_ones
        else "No open alerts."
    )
    for alert in open_ones:
        ctx.say(alert_text(alert, now, settings))
    resolved = [a for a in shown if not a.is_open]
    if resolved:
        ctx.say()
        ctx.say("Resolved:")
        for alert in resolved:
            assert alert.resolved_at is not None
            when = when_text(alert.resolved_at, now, settings.clock_24h)
            ctx.say(
                f"✓  {alert.message} (id {short_id(alert)}; resolved {when}: {alert.resolution})"
            )
    if open_ones:
        ctx.say()
        ctx.say(f"Care team: {care_team(settings)}")
        ctx.say("Once you have acted on one: ketacheck alerts resolve ID --how care-team")
    return EXIT_OK


#: Short words for the ready answers of ``alerts resolve --how``.
HOW_WORDS = dict(zip(("care-team", "crisis-line", "passed"), RESOLUTIONS, strict=True))


def _resolve_alert(ctx: Context) -> int:
    journal = open_journal(ctx)
    alert = find_alert(journal, ctx.args.alert_id)
    if not alert.is_open:
        ctx.say(f"That alert was already resolved: {alert.resolution}")
        return EXIT_OK
    settings = journal.settings()
    if alert.level == URGENT:
        for line in crisis_lines(settings):
            ctx.say(line)
    how = ctx.args.how
    if how is None:
        how = ask_how(ctx, alert)
    how = HOW_WORDS.get(how.strip().lower(), how)
    if alert.level == URGENT and not ctx.args.yes and not confirm_urgent(ctx):
        ctx.say("It stays open, and the crisis line stays on 'ketacheck status'.")
        return EXIT_OK
    closed = resolve_alert(journal, alert, how, ctx.now(), "command line")
    ctx.say(f"Marked as resolved ({closed.resolution}). It stays in your history and report.")
    return EXIT_OK
