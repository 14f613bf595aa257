"""What the command line prints for people: status, alerts, the crisis lines first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ketacheck.core.alert_words import care_team_line, seen_words
from ketacheck.core.levels import CALL_NOW, CALL_TODAY, TIP, URGENT
from ketacheck.core.timeparse import format_when

if TYPE_CHECKING:
    # Only names for the checker: `ketacheck status` loads this module without the
    # record types (see ketacheck.cli.quick_status).
    from ketacheck.cli.context import Context
    from ketacheck.core.alert_records import AlertRecord
    from ketacheck.core.records import Alert
    from ketacheck.core.settings import Settings
    from ketacheck.usecases.status import StatusReport

#: How the command line says to add the care team's number, where the app says "in Settings".
ADD_PHONE = "with: ketacheck settings set care-team-phone NUMBER"


def care_team(settings: Settings) -> str:
    """How to reach the care team, or how to add their number from the command line."""
    return care_team_line(settings.care_team_name, settings.care_team_phone, ADD_PHONE)


def when_text(moment: datetime, now: datetime, clock_24h: bool) -> str:
    """``today 10:15``, ``Wed 10:15``: a moment mid-sentence, in this computer's zone."""
    return format_when(moment, None, now=now, clock_24h=clock_24h, sentence=True)


def alert_lines(report: StatusReport) -> list[str]:
    if not report.alerts:
        return []
    settings = report.settings
    lines = [""]
    if any(a.level == URGENT for a in report.alerts):
        lines.extend(crisis_lines(settings))
    lines.extend(alert_text(alert, report.now, settings) for alert in report.alerts)
    lines.append(f"   Care team: {care_team(settings)}")
    lines.append("   Once you have acted on one: ketacheck alerts resolve ID")
    return lines


def crisis_lines(settings: Settings) -> list[str]:
    from ketacheck.core.crisis import crisis_text  # only with an urgent alert: status stays quick

    return [
        "!! If you are thinking of harming yourself, please reach out now:",
        f"   Crisis line: {crisis_text(settings)}",
        f"   Care team: {care_team(settings)}",
        "   ketacheck sends nothing to anyone, so please make the call yourself.",
    ]


MARKS = {URGENT: "!!", CALL_NOW: "! ", CALL_TODAY: "! "}
#: How many letters of an alert's id are shown: enough to resolve it by.
ALERT_ID_SHOWN = 8


def short_id(alert: AlertRecord) -> str:
    """The first letters of an alert's id: enough to resolve it by."""
    return alert.id[:ALERT_ID_SHOWN]


def alert_text(alert: AlertRecord, now: datetime, settings: Settings) -> str:
    """One open alert: its message, then how often and since when, and its id."""
    raised = when_text(alert.raised_at, now, settings.clock_24h)
    seen = seen_words(alert.seen, alert.source_kind, raised, alert.latest.answer)
    return alert_line(alert.level, alert.message, alert.id, raised, seen)


def alert_line(level: str, message: str, alert_id: str, raised: str, seen: str) -> str:
    """One open alert from plain values: ``raised`` and ``seen`` as
    :func:`when_text` and :func:`~ketacheck.core.alert_words.seen_words` say them."""
    about = seen or f"raised {raised}"
    return f"{MARKS[level]} {message} ({about}, id {alert_id[:ALERT_ID_SHOWN]})"


def tip_text(alert: Alert) -> str:
    mark = {URGENT: "!!", CALL_NOW: "! ", CALL_TODAY: "! "}.get(alert.level, "· ")
    return f"{mark} {alert.message}"


def say_raised(ctx: Context, alerts: tuple[Alert, ...], settings: Settings) -> None:
    """An urgent alert's numbers come first, before anything else is said."""
    if any(a.level == URGENT for a in alerts):
        for line in crisis_lines(settings):
            ctx.say(line)


def say_alerts(
    ctx: Context, alerts: tuple[Alert, ...], settings: Settings, crisis_reminder: bool = False
) -> None:
    """Serious alerts and who to call, then (with a low mood not asked about) the crisis
    line, then the tips."""
    serious = [a for a in alerts if a.level != TIP]
    for alert in serious:
        ctx.say(tip_text(alert))
    if serious:
        ctx.say(f"   Care team: {care_team(settings)}")
        ctx.say("   This stays on 'ketacheck status' until you mark it: ketacheck alerts")
    if crisis_reminder and not any(a.level == URGENT for a in alerts):
        from ketacheck.core.crisis import crisis_text

        ctx.say(f"   If things feel very dark, the crisis line is there: {crisis_text(settings)}")
    for tip in alerts:
        if tip.level == TIP:
            ctx.say(tip_text(tip))
