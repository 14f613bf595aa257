"""What the command line prints for people: status, alerts, the crisis lines first."""

from __future__ import annotations

from datetime import datetime

from ketacheck.cli.context import Context
from ketacheck.core.alert_records import AlertRecord, seen_phrase
from ketacheck.core.clock import format_duration
from ketacheck.core.course import course_label
from ketacheck.core.levels import CALL_NOW, CALL_TODAY, TIP, URGENT
from ketacheck.core.records import Alert
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import format_when
from ketacheck.core.words import plural
from ketacheck.usecases.status import StatusReport

#: How the command line says to add the care team's number, where the app says "in Settings".
ADD_PHONE = "with: ketacheck settings set care-team-phone NUMBER"


def care_team(settings: Settings) -> str:
    """How to reach the care team, or how to add their number from the command line."""
    return settings.care_team_contact(ADD_PHONE)


def when_text(moment: datetime, now: datetime, clock_24h: bool) -> str:
    """``today 10:15``, ``Wed 10:15``: a moment mid-sentence, in this computer's zone."""
    return format_when(moment, None, now=now, clock_24h=clock_24h, sentence=True)


def status_text(report: StatusReport) -> str:
    """The status as a short, plain table for people."""
    settings = report.settings
    clock24 = settings.clock_24h
    course = report.course
    lines: list[str] = []
    if course.latest is None:
        lines.append("No infusion logged yet. Log one with: ketacheck infusion add")
    else:
        ended = when_text(course.latest.ended_at, report.now, clock24)
        if course.in_progress:
            lines.append(f"{course_label(course.number, course.planned)} is under way.")
        else:
            since = format_duration(report.now - course.latest.ended_at)
            lines.append(
                f"{course_label(course.number, course.planned)} · ended {ended} ({since} ago)"
            )
        if course.integration_day is not None:
            lines.append(f"Integration day {course.integration_day} of 10")
    lines.extend(alert_lines(report))
    if report.restrictions:
        lines.append("")
        width = max(len(s.restriction.label) for s in report.restrictions)
        for s in report.restrictions:
            label = s.restriction.label.ljust(width)
            when = when_text(s.lifts_at, report.now, clock24)
            if s.active:
                left = format_duration(s.remaining)
                ends = "at least until" if s.restriction.ask_first else "lifts"
                lines.append(f"  {label}  {left:>9} left   {ends} {when}")
            else:
                mark, words = s.finished_mark, s.finished_wording
                if s.passed_not_lifted:
                    lines.append(f"  {label}  {mark} {words} (since {when})")
                else:
                    lines.append(f"  {label}  {mark} {words}        since {when}")
    if report.next_appointment is not None and report.fasting_starts_at is not None:
        lines.append("")
        appointment = when_text(report.next_appointment, report.now, clock24)
        fasting = when_text(report.fasting_starts_at, report.now, clock24)
        lines.append(
            f"Next infusion {appointment}. Your clinic may ask you to stop eating from "
            f"{fasting}; arrange a ride there and back."
        )
    last = report.last_checkin
    lines.append("")
    if last is None:
        lines.append("No check-ins yet. Start one with: ketacheck checkin")
    else:
        when = when_text(last.at, report.now, clock24)
        lines.append(
            f"Last check-in {when}: dizziness {last.dizziness}, nausea {last.nausea}, "
            f"fluids {plural(last.fluids_glasses, 'glass')}, mood {last.mood}"
        )
    return "\n".join(lines)


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


def short_id(alert: AlertRecord) -> str:
    """The first letters of an alert's id: enough to resolve it by."""
    return alert.id[:8]


def alert_text(alert: AlertRecord, now: datetime, settings: Settings) -> str:
    """One open alert: its message, then how often and since when, and its id."""
    raised = when_text(alert.raised_at, now, settings.clock_24h)
    about = seen_phrase(alert, raised) or f"raised {raised}"
    return f"{MARKS[alert.level]} {alert.message} ({about}, id {short_id(alert)})"


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
