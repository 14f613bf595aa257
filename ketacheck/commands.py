"""The CLI subcommands. None of them imports Textual, so they start fast."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ketacheck.core.alerts import CALL_TODAY, URGENT, asks_about_self_harm
from ketacheck.core.clock import format_duration
from ketacheck.core.records import Alert, Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.timeparse import format_clock, format_day_time, parse_when
from ketacheck.core.words import plural
from ketacheck.services import StatusReport, record_checkin, status_json, status_report
from ketacheck.store import backups
from ketacheck.store.journal import Journal, read_overview

if TYPE_CHECKING:
    from ketacheck.cli import Context

EXIT_OK = 0
EXIT_USAGE = 2


def _open(ctx: Context) -> Journal:
    return Journal.open(ctx.data_dir, ctx.today())


def status(ctx: Context) -> int:
    """``ketacheck status [--json]``."""
    now = ctx.now()
    report = status_report(read_overview(ctx.data_dir, ctx.today()), now)
    if ctx.args.json:
        ctx.say(json.dumps(status_json(report), indent=2, ensure_ascii=False))
    else:
        ctx.say(status_text(report))
    return EXIT_OK


def status_text(report: StatusReport) -> str:
    """The status as a short, plain table for people."""
    settings = report.settings
    clock24 = settings.clock_24h
    course = report.course
    lines: list[str] = []
    if course.latest is None:
        lines.append("No infusion logged yet. Log one with: ketacheck infusion add")
    else:
        ended = format_day_time(course.latest.ended_at, None, clock24, report.now)
        if course.in_progress:
            lines.append(f"Infusion {course.number} of {course.planned} is under way.")
        else:
            since = format_duration(report.now - course.latest.ended_at)
            lines.append(
                f"Infusion {course.number} of {course.planned} · ended {ended} ({since} ago)"
            )
        if course.integration_day is not None:
            lines.append(f"Integration day {course.integration_day} of 10")
    lines.extend(_alert_lines(report))
    if report.restrictions:
        lines.append("")
        width = max(len(s.restriction.label) for s in report.restrictions)
        for s in report.restrictions:
            label = s.restriction.label.ljust(width)
            when = format_day_time(s.lifts_at, None, clock24, report.now)
            if s.active:
                left = format_duration(s.remaining)
                lines.append(f"  {label}  {left:>9} left   lifts {when}")
            else:
                lines.append(f"  {label}  ✓ lifted        since {when}")
    if report.next_appointment is not None and report.fasting_starts_at is not None:
        lines.append("")
        appointment = format_day_time(report.next_appointment, None, clock24, report.now)
        fasting = format_day_time(report.fasting_starts_at, None, clock24, report.now)
        lines.append(f"Next infusion {appointment}. Stop eating from {fasting}; arrange a ride.")
    last = report.last_checkin
    lines.append("")
    if last is None:
        lines.append("No check-ins yet. Start one with: ketacheck checkin")
    else:
        when = format_day_time(last.at, None, clock24, report.now)
        lines.append(
            f"Last check-in {when}: dizziness {last.dizziness}, nausea {last.nausea}, "
            f"fluids {plural(last.fluids_glasses, 'glass')}, mood {last.mood}"
        )
    return "\n".join(lines)


def _alert_lines(report: StatusReport) -> list[str]:
    serious = [a for a in report.alerts if a.level in (URGENT, CALL_TODAY)]
    if not serious:
        return []
    lines = [""]
    lines.extend(_alert_text(alert) for alert in serious)
    lines.append(f"  Care team: {report.settings.care_team_contact()}")
    if any(a.level == URGENT for a in serious):
        lines.append(f"  Crisis line: {report.settings.crisis_line}")
    return lines


def _alert_text(alert: Alert) -> str:
    mark = {URGENT: "!!", CALL_TODAY: "! "}.get(alert.level, "· ")
    return f"{mark} {alert.message}"


def _when(ctx: Context, text: str, field: str) -> datetime:
    return parse_when(text, ctx.now(), None, field=field)


def infusion_add(ctx: Context) -> int:
    """``ketacheck infusion add [--at TIME] [--minutes N] [--note TEXT]``."""
    started = _when(ctx, ctx.args.at, "--at")
    infusion = Infusion.create(started, ctx.args.minutes, ctx.args.note)
    journal = _open(ctx)
    journal.add_infusion(infusion)
    report = status_report(journal.overview(), ctx.now())
    course = report.course
    clock24 = report.settings.clock_24h
    ended = format_day_time(infusion.ended_at, None, clock24, ctx.now())
    number = next(
        (n for n, inf in enumerate(journal.infusions(), start=1) if inf.id == infusion.id), 0
    )
    ctx.say(f"Logged infusion {number} of {course.planned}, ending {ended}.")
    driving = next((s for s in report.restrictions if s.restriction.id == "driving"), None)
    if driving is not None and course.latest is not None and course.latest.id == infusion.id:
        lifts = format_day_time(driving.lifts_at, None, clock24, ctx.now())
        ctx.say(f"Please don't drive until {lifts}. 'ketacheck status' shows every countdown.")
    return EXIT_OK


_QUESTIONS = (
    ("dizziness", "How dizzy do you feel? 0 = not at all, 10 = the worst: "),
    ("nausea", "How sick to your stomach? 0 = not at all, 10 = the worst: "),
    ("fluids_glasses", "How many glasses of water or other drinks since your last check-in? "),
    ("mood", "How is your mood? 0 = very low, 10 = very good: "),
)


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise ValidationError("answer", "no answer was given; nothing was saved") from None


def _ask_number(prompt: str, field: str, low: int, high: int, err: TextIO) -> int:
    while True:
        text = _ask(prompt).strip()
        if text.isdigit() and low <= int(text) <= high:
            return int(text)
        print(f"  Please type a whole number from {low} to {high}.", file=err)


def _ask_yes_no(prompt: str, err: TextIO) -> bool:
    while True:
        text = _ask(prompt).strip().lower()
        if text in ("y", "yes"):
            return True
        if text in ("n", "no", ""):
            return False
        print("  Please type y or n.", file=err)


def _interactive_answers(ctx: Context) -> dict[str, object]:
    ctx.say("A short check-in. Type a number and press Enter. Ctrl+C stops without saving.")
    answers: dict[str, object] = {}
    for field, prompt in _QUESTIONS:
        high = 100 if field == "fluids_glasses" else 10
        answers[field] = _ask_number(prompt, field, 0, high, ctx.stderr)
        if field == "nausea":
            answers["vomited"] = _ask_yes_no(
                "Have you been sick (vomited) since last time? [y/N] ", ctx.stderr
            )
        if field == "fluids_glasses":
            answers["electrolytes"] = _ask_yes_no("Any electrolyte drink? [y/N] ", ctx.stderr)
    mood = answers["mood"]
    assert isinstance(mood, int)
    if asks_about_self_harm(mood):
        answers["self_harm_thoughts"] = _ask_yes_no(
            "Have you had any thoughts of harming yourself? [y/N] ", ctx.stderr
        )
    answers["note"] = _ask("Anything else to note? (press Enter to skip) ").strip()
    return answers


def _flag_answers(ctx: Context) -> dict[str, object] | None:
    args = ctx.args
    given = {
        "dizziness": args.dizziness,
        "nausea": args.nausea,
        "fluids_glasses": args.fluids,
        "mood": args.mood,
    }
    if all(value is None for value in given.values()):
        return None
    missing = [
        f"--{name}"
        for name, value in zip(
            ("dizziness", "nausea", "fluids", "mood"), given.values(), strict=True
        )
        if value is None
    ]
    if missing:
        raise ValidationError(", ".join(missing), "is needed too (or give no scores to be asked)")
    return {
        **given,
        "vomited": args.vomited,
        "electrolytes": args.electrolytes,
        "note": args.note,
    }


def checkin(ctx: Context) -> int:
    """``ketacheck checkin`` with score flags, or as plain-text questions."""
    at = _when(ctx, ctx.args.at, "--at")
    answers = _flag_answers(ctx)
    if answers is None:
        answers = _interactive_answers(ctx)
    journal = _open(ctx)
    saved = record_checkin(journal, answers, at)
    settings = journal.settings()
    ctx.say(f"Saved your check-in of {format_clock(saved.at, None, settings.clock_24h)}.")
    urgent = [a for a in saved.alerts if a.level == URGENT]
    calls = [a for a in saved.alerts if a.level == CALL_TODAY]
    tips = [a for a in saved.alerts if a.level not in (URGENT, CALL_TODAY)]
    for alert in urgent + calls:
        ctx.say(_alert_text(alert))
    if urgent or (saved.mood <= 3 and saved.self_harm_thoughts is None):
        ctx.say(f"   Crisis line: {settings.crisis_line}")
    if urgent or calls:
        ctx.say(f"   Care team: {settings.care_team_contact()}")
    for tip in tips:
        ctx.say(_alert_text(tip))
    return EXIT_OK


def _since(ctx: Context) -> date | None:
    if ctx.args.since is None:
        return None
    try:
        return date.fromisoformat(ctx.args.since)
    except ValueError:
        raise ValidationError(
            "--since", f"{ctx.args.since!r} is not a date like 2026-11-01"
        ) from None


def default_export_path(
    home: Path, today: date, extension: str, stem: str = "ketacheck-export"
) -> Path:
    """A dated file in the home folder that doesn't exist yet: ``{stem}-{today}.{extension}``."""
    base = home / f"{stem}-{today.isoformat()}"
    candidate = base.with_suffix(f".{extension}")
    counter = 2
    while candidate.exists():
        candidate = home / f"{base.name}-{counter}.{extension}"
        counter += 1
    return candidate


def export(ctx: Context) -> int:
    """``ketacheck export [-o FILE|-] [--format json|csv] [--since DATE]``."""
    from ketacheck.exchange.files import render_export
    from ketacheck.store.fileio import atomic_write

    since = _since(ctx)
    journal = _open(ctx)
    payload, what = render_export(
        journal.settings(),
        journal.infusions(),
        journal.checkins(),
        ctx.args.format,
        ctx.now(),
        since,
        questionnaires=journal.questionnaires(),
    )
    target = ctx.args.output
    if target == "-":
        ctx.stdout.write(payload.decode())
        ctx.stdout.flush()
        ctx.note(f"Exported {what}.")
        return EXIT_OK
    path = (
        Path(target).expanduser()
        if target
        else default_export_path(Path.home(), ctx.today(), ctx.args.format)
    )
    try:
        atomic_write(path, payload)
    except OSError as exc:  # name the file asked for, not the temporary file beside it
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    ctx.note(f"Exported {what} to {path}")
    return EXIT_OK


def report(ctx: Context) -> int:
    """``ketacheck report [-o FILE|-] [--format md|html] [--since DATE]``."""
    from ketacheck.exchange.report import build_report, render_html, render_markdown
    from ketacheck.store.fileio import atomic_write

    since = _since(ctx)
    journal = _open(ctx)
    summary = build_report(
        journal.settings(),
        journal.infusions(),
        journal.checkins(),
        ctx.now(),
        since,
        None,
        questionnaires=journal.questionnaires(),
    )
    text = render_html(summary) if ctx.args.format == "html" else render_markdown(summary)
    what = (
        f"{plural(len(summary.infusions), 'infusion')} and "
        f"{plural(summary.checkins_shown, 'check-in')}"
    )
    target = ctx.args.output
    if target == "-":
        ctx.stdout.write(text)
        ctx.stdout.flush()
        ctx.note(f"Made a summary of {what}.")
        return EXIT_OK
    path = (
        Path(target).expanduser()
        if target
        else default_export_path(Path.home(), ctx.today(), ctx.args.format, stem="ketacheck-report")
    )
    try:
        atomic_write(path, text.encode())
    except OSError as exc:  # name the file asked for, not the temporary file beside it
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    ctx.note(f"Saved a summary of {what} to {path}")
    return EXIT_OK


def import_file(ctx: Context) -> int:
    """``ketacheck import FILE``: all or nothing, and importing twice adds nothing."""
    from ketacheck.exchange.files import import_bundle
    from ketacheck.exchange.importer import ImportFileError, parse_export

    path = Path(ctx.args.file).expanduser()
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError("FILE", f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError("FILE", f"{path} is a folder, not a file") from None
    try:
        bundle = parse_export(payload)
    except ImportFileError as exc:
        ctx.note(f"ketacheck: can't import {path}: {exc}. Nothing was imported.")
        return EXIT_USAGE
    ctx.say(f"From {path}: {import_bundle(_open(ctx), bundle)}")
    return EXIT_OK


def restore(ctx: Context) -> int:
    """``ketacheck restore [--from FILE] [--start-empty] [--list]``."""
    if ctx.args.list:
        found = backups.list_backups(ctx.data_dir)
        if not found:
            ctx.say(f"No backups yet in {backups.backup_dir(ctx.data_dir)}.")
        for path in found:
            ctx.say(str(path))
        return EXIT_OK
    source = Path(ctx.args.source).expanduser() if ctx.args.source else None
    if source is not None and not source.is_file():
        raise ValidationError("--from", f"{source} is not a file")
    result = backups.restore(ctx.data_dir, ctx.now(), source, ctx.args.start_empty)
    if result.set_aside is not None:
        ctx.say(f"Your previous journal was kept, unchanged, as {result.set_aside}")
    if result.restored_from is not None:
        ctx.say(f"Restored the journal from {result.restored_from}")
    else:
        ctx.say("Started a new, empty journal.")
    _open(ctx)
    return EXIT_OK
