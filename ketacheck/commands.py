"""The CLI subcommands. None of them imports Textual, so they start fast."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from ketacheck.core.alert_records import RESOLUTIONS, AlertRecord
from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, TIP, URGENT
from ketacheck.core.clock import format_duration
from ketacheck.core.crisis import crisis_text
from ketacheck.core.records import Alert, Infusion
from ketacheck.core.restrictions import finished_mark, finished_wording
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import Settings
from ketacheck.core.timeparse import format_clock, format_day_time, parse_when
from ketacheck.core.words import plural
from ketacheck.store import backups
from ketacheck.store.journal import Journal, read_overview
from ketacheck.usecases.checkins import record_checkin
from ketacheck.usecases.status import (
    StatusReport,
    alert_json,
    status_json,
    status_report,
)

if TYPE_CHECKING:
    from ketacheck.cli import Context

EXIT_OK = 0
EXIT_USAGE = 2

T = TypeVar("T")


def _open(ctx: Context) -> Journal:
    return Journal.open(ctx.data_dir, ctx.today())


def status(ctx: Context) -> int:
    """``ketacheck status [--json]``."""
    now = ctx.now()
    report = status_report(read_overview(ctx.data_dir, ctx.today()), now)
    if ctx.args.json:
        ctx.say_json(status_json(report))
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
                mark, words = finished_mark(s.restriction), finished_wording(s.restriction)
                if s.restriction.ask_first:
                    lines.append(f"  {label}  {mark} {words} (since {when})")
                else:
                    lines.append(f"  {label}  {mark} {words}        since {when}")
    if report.next_appointment is not None and report.fasting_starts_at is not None:
        lines.append("")
        appointment = format_day_time(report.next_appointment, None, clock24, report.now)
        fasting = format_day_time(report.fasting_starts_at, None, clock24, report.now)
        lines.append(
            f"Next infusion {appointment}. Your clinic may ask you to stop eating from "
            f"{fasting}; arrange a ride there and back."
        )
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
    if not report.alerts:
        return []
    settings = report.settings
    lines = [""]
    if any(a.level == URGENT for a in report.alerts):
        lines.extend(_crisis_lines(settings))
    lines.extend(_alert_text(alert, report.now, settings) for alert in report.alerts)
    lines.append(f"   Care team: {settings.care_team_contact()}")
    lines.append("   Once you have acted on one: ketacheck alerts resolve ID")
    return lines


def _crisis_lines(settings: Settings) -> list[str]:
    return [
        "!! If you are thinking of harming yourself, please reach out now:",
        f"   Crisis line: {crisis_text(settings)}",
        f"   Care team: {settings.care_team_contact()}",
        "   ketacheck sends nothing to anyone, so please make the call yourself.",
    ]


_MARKS = {URGENT: "!!", CALL_NOW: "! ", CALL_TODAY: "! "}


def short_id(alert: AlertRecord) -> str:
    """The first letters of an alert's id: enough to resolve it by."""
    return alert.id[:8]


def _alert_text(alert: AlertRecord, now: datetime, settings: Settings) -> str:
    raised = format_day_time(alert.raised_at, None, settings.clock_24h, now)
    return f"{_MARKS[alert.level]} {alert.message} (raised {raised}, id {short_id(alert)})"


def _tip_text(alert: Alert) -> str:
    mark = {URGENT: "!!", CALL_NOW: "! ", CALL_TODAY: "! "}.get(alert.level, "· ")
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

#: How many unclear answers in a row before the interactive check-in gives up.
MAX_TRIES = 3


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise ValidationError("answer", "no answer was given; nothing was saved") from None


def _ask_until(
    prompt: str, field: str, parse: Callable[[str], T | None], help_text: str, err: TextIO
) -> T:
    """Ask until ``parse`` accepts the answer; after three unclear ones, stop (exit 2)."""
    for _ in range(MAX_TRIES):
        value = parse(_ask(prompt).strip())
        if value is not None:
            return value
        print(f"  {help_text}", file=err)
    raise ValidationError(field, f"no clear answer after {MAX_TRIES} tries; nothing was saved")


def _ask_number(prompt: str, field: str, low: int, high: int, err: TextIO) -> int:
    def parse(text: str) -> int | None:
        return int(text) if text.isdigit() and low <= int(text) <= high else None

    return _ask_until(
        prompt, field, parse, f"Please type a whole number from {low} to {high}.", err
    )


def _yes_no(text: str, empty: bool | None) -> bool | None:
    answer = text.lower()
    if answer in ("y", "yes"):
        return True
    if answer in ("n", "no"):
        return False
    return empty if answer == "" else None


def _ask_yes_no(prompt: str, err: TextIO, field: str = "answer") -> bool:
    return _ask_until(prompt, field, lambda t: _yes_no(t, False), "Please type y or n.", err)


def _ask_self_harm(err: TextIO) -> bool:
    # No default here: an empty answer to this question is asked again, never taken as "no".
    return _ask_until(
        "Since your last check-in, have you had any thoughts of harming yourself? [y/n] ",
        "self_harm",
        lambda t: _yes_no(t, None),
        "Please type y or n.",
        err,
    )


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
    answers["self_harm_thoughts"] = _ask_self_harm(ctx.stderr)
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
        "self_harm_thoughts": None if args.self_harm is None else args.self_harm == "yes",
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
    _say_raised(ctx, saved.alerts, settings)
    ctx.say(f"Saved your check-in of {format_clock(saved.at, None, settings.clock_24h)}.")
    not_asked = saved.mood <= 3 and saved.self_harm_thoughts is None
    _say_alerts(ctx, saved.alerts, settings, crisis_reminder=not_asked)
    return EXIT_OK


def _say_raised(ctx: Context, alerts: tuple[Alert, ...], settings: Settings) -> None:
    """An urgent alert's numbers come first, before anything else is said."""
    if any(a.level == URGENT for a in alerts):
        for line in _crisis_lines(settings):
            ctx.say(line)


def _say_alerts(
    ctx: Context, alerts: tuple[Alert, ...], settings: Settings, crisis_reminder: bool = False
) -> None:
    """Serious alerts and who to call, then (with a low mood not asked about) the crisis
    line, then the tips."""
    serious = [a for a in alerts if a.level != TIP]
    for alert in serious:
        ctx.say(_tip_text(alert))
    if serious:
        ctx.say(f"   Care team: {settings.care_team_contact()}")
        ctx.say("   This stays on 'ketacheck status' until you mark it: ketacheck alerts")
    if crisis_reminder and not any(a.level == URGENT for a in alerts):
        ctx.say(f"   If things feel very dark, the crisis line is there: {crisis_text(settings)}")
    for tip in alerts:
        if tip.level == TIP:
            ctx.say(_tip_text(tip))


def alerts(ctx: Context) -> int:
    """``ketacheck alerts [--all] [--json]`` and ``ketacheck alerts resolve ID [--how TEXT]``."""
    if ctx.args.alerts_command == "resolve":
        return _resolve_alert(ctx)
    kept = read_overview(ctx.data_dir, ctx.today())
    shown = _open(ctx).alerts() if ctx.args.all else kept.open_alerts
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
        for line in _crisis_lines(settings):
            ctx.say(line)
        ctx.say()
    ctx.say(
        f"{plural(len(open_ones), 'open alert')}, most serious first:"
        if open_ones
        else "No open alerts."
    )
    for alert in open_ones:
        ctx.say(_alert_text(alert, now, settings))
    resolved = [a for a in shown if not a.is_open]
    if resolved:
        ctx.say()
        ctx.say("Resolved:")
        for alert in resolved:
            assert alert.resolved_at is not None
            when = format_day_time(alert.resolved_at, None, settings.clock_24h, now)
            ctx.say(
                f"✓  {alert.message} (id {short_id(alert)}; resolved {when}: {alert.resolution})"
            )
    if open_ones:
        ctx.say()
        ctx.say(f"Care team: {settings.care_team_contact()}")
        ctx.say("Once you have acted on one: ketacheck alerts resolve ID --how care-team")
    return EXIT_OK


#: Short words for the ready answers of ``alerts resolve --how``.
HOW_WORDS = dict(zip(("care-team", "crisis-line", "passed"), RESOLUTIONS, strict=True))


def _resolve_alert(ctx: Context) -> int:
    journal = _open(ctx)
    wanted = ctx.args.alert_id.strip().lower()
    if len(wanted) < 4:
        raise ValidationError("ID", "give at least the first 4 letters of the alert's id")
    matches = [a for a in journal.alerts() if a.id.startswith(wanted)]
    if not matches:
        raise ValidationError(
            "ID", f"no alert has an id starting {wanted!r} (see: ketacheck alerts)"
        )
    if len(matches) > 1:
        raise ValidationError("ID", f"{len(matches)} alerts start {wanted!r}; give more letters")
    (alert,) = matches
    if not alert.is_open:
        ctx.say(f"That alert was already resolved: {alert.resolution}")
        return EXIT_OK
    how = ctx.args.how
    if how is None:
        how = _ask_how(ctx, alert)
    how = HOW_WORDS.get(how.strip().lower(), how)
    closed = journal.resolve_alert(alert.id, how, ctx.now(), "command line")
    ctx.say(f"Marked as resolved ({closed.resolution}). It stays in your history and report.")
    return EXIT_OK


def _ask_how(ctx: Context, alert: AlertRecord) -> str:
    ctx.say(alert.message)
    ctx.say("How did you act on it?")
    for number, text in enumerate(RESOLUTIONS, start=1):
        ctx.say(f"  {number}  {text}")
    ctx.say(f"  {len(RESOLUTIONS) + 1}  In my own words")

    def parse(text: str) -> str | None:
        if text.isdigit() and 1 <= int(text) <= len(RESOLUTIONS):
            return RESOLUTIONS[int(text) - 1]
        return "own" if text == str(len(RESOLUTIONS) + 1) else None

    choice = _ask_until(
        "Type a number: ",
        "--how",
        parse,
        f"Please type a number from 1 to {len(RESOLUTIONS) + 1}.",
        ctx.stderr,
    )
    if choice != "own":
        return choice
    return _ask_until(
        "In a few words: ",
        "--how",
        lambda t: t or None,
        "A few words, please (or Ctrl+C to stop).",
        ctx.stderr,
    )


def _answer_list(kind: str, text: str) -> list[int]:
    from ketacheck.core.questionnaires import QUESTIONNAIRES

    form = QUESTIONNAIRES[kind]
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != len(form.items):
        raise ValidationError(
            "--answers", f"the {form.name} has {len(form.items)} answers, not {len(parts)}"
        )
    values = []
    for position, part in enumerate(parts, start=1):
        if not (part.isdigit() and 0 <= int(part) <= 3):
            raise ValidationError(
                "--answers", f"answer {position} must be 0, 1, 2 or 3, not {part!r}"
            )
        values.append(int(part))
    return values


def _ask_questionnaire(ctx: Context, kind: str) -> tuple[list[int], int | None]:
    from ketacheck.core.questionnaires import (
        DIFFICULTY_OPTIONS,
        DIFFICULTY_QUESTION,
        OPTIONS,
        QUESTIONNAIRES,
    )

    form = QUESTIONNAIRES[kind]
    ctx.say(f"The {form.name}. {form.stem}")
    ctx.say("Answer each with a number and Enter. Ctrl+C stops without saving.")
    choices = "  ".join(f"{n} = {text}" for n, text in enumerate(OPTIONS))
    ctx.say(choices)
    answers = []
    for number, item in enumerate(form.items, start=1):
        answers.append(_ask_number(f"{number}. {item}: ", f"answer {number}", 0, 3, ctx.stderr))
    ctx.say(DIFFICULTY_QUESTION)
    ctx.say("  ".join(f"{n} = {text}" for n, text in enumerate(DIFFICULTY_OPTIONS)))

    def parse(text: str) -> int | None:
        return int(text) if text.isdigit() and int(text) <= 3 else (-1 if text == "" else None)

    difficulty = _ask_until(
        "Your answer (Enter to skip): ",
        "difficulty",
        parse,
        "Please type 0, 1, 2 or 3, or just Enter to skip.",
        ctx.stderr,
    )
    return answers, None if difficulty < 0 else difficulty


def questionnaire(ctx: Context) -> int:
    """``ketacheck questionnaire phq9|gad7 [--answers 0,1,...] [--difficulty N]``."""
    from ketacheck.core.questionnaires import QUESTIONNAIRES, QuestionnaireResult
    from ketacheck.core.records import latest_infusion_before

    kind = ctx.args.kind
    difficulty = ctx.args.difficulty
    if difficulty is not None and not 0 <= difficulty <= 3:
        raise ValidationError("--difficulty", f"must be 0, 1, 2 or 3, not {difficulty}")
    if ctx.args.answers is not None:
        answers = _answer_list(kind, ctx.args.answers)
    else:
        answers, asked = _ask_questionnaire(ctx, kind)
        difficulty = asked if difficulty is None else difficulty
    journal = _open(ctx)
    now = ctx.now()
    latest = latest_infusion_before(journal.overview().infusions, now)
    result = QuestionnaireResult.create(
        kind, answers, now, latest.id if latest else None, difficulty=difficulty
    )
    settings = journal.settings()
    _say_raised(ctx, result.alerts, settings)
    journal.add_questionnaire(result)
    form = QUESTIONNAIRES[kind]
    ctx.say(f"Saved your {form.name}: total {result.total} of {form.max_total} ({result.band}).")
    _say_alerts(ctx, result.alerts, settings)
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


def _refuse_data_folder(ctx: Context, path: Path) -> None:
    """Never let ``-o`` write over the journal, a backup or anything else in the data folder."""
    from ketacheck.store.paths import inside_data_folder

    if inside_data_folder(path, ctx.data_dir):
        raise ValidationError(
            "-o",
            f"{path} is in ketacheck's data folder ({ctx.data_dir}), where only ketacheck "
            "writes; choose a file outside it. Nothing was written",
        )


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
        alerts=journal.alerts(),
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
    _refuse_data_folder(ctx, path)
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
        alerts=journal.alerts(),
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
    _refuse_data_folder(ctx, path)
    try:
        atomic_write(path, text.encode())
    except OSError as exc:  # name the file asked for, not the temporary file beside it
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    ctx.note(f"Saved a summary of {what} to {path}")
    return EXIT_OK


def import_file(ctx: Context) -> int:
    """``ketacheck import FILE``: all or nothing, and importing twice adds nothing."""
    from ketacheck.exchange.files import import_bundle
    from ketacheck.exchange.importer import ImportFileError, parse_export, read_export_file

    path = Path(ctx.args.file).expanduser()
    try:
        bundle = parse_export(read_export_file(path))
    except FileNotFoundError:
        raise ValidationError("FILE", f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError("FILE", f"{path} is a folder, not a file") from None
    except ImportFileError as exc:
        ctx.note(f"ketacheck: can't import {path}: {exc}. Nothing was imported.")
        return EXIT_USAGE
    message = import_bundle(_open(ctx), bundle, ctx.args.with_settings)
    ctx.say(f"From {path}: {message}")
    if "settings were not taken" in message:
        ctx.say("To take them too, import again with --with-settings.")
    return EXIT_OK


def restore(ctx: Context) -> int:
    """``ketacheck restore [--from FILE] [--start-empty] [--force] [--list]``.

    Refuses (exit 2) to replace a journal that opens fine unless ``--force`` is given.
    """
    from ketacheck.store.errors import BadBackupError, RestoreRefusedError

    if ctx.args.list:
        found = backups.list_backups(ctx.data_dir, ctx.today())
        if not found:
            ctx.say(f"No backups yet in {backups.backup_dir(ctx.data_dir)}.")
        for path in found:
            ctx.say(str(path))
        return EXIT_OK
    source = Path(ctx.args.source).expanduser() if ctx.args.source else None
    if source is not None and not source.is_file():
        raise ValidationError("--from", f"{source} is not a file")
    try:
        result = backups.restore(
            ctx.data_dir, ctx.now(), source, ctx.args.start_empty, force=ctx.args.force
        )
    except (RestoreRefusedError, BadBackupError) as exc:
        ctx.note(f"ketacheck: {exc}")
        return EXIT_USAGE
    if result.set_aside is not None:
        ctx.say(f"Your previous journal was kept, unchanged, as {result.set_aside}")
    if result.restored_from is not None:
        ctx.say(f"Restored the journal from {result.restored_from}")
        ctx.say(_restored_text(result))
    else:
        ctx.say("Started a new, empty journal.")
    _open(ctx).close()
    return EXIT_OK


def _restored_text(result: backups.RestoreResult) -> str:
    """Which backup came back, what it holds, and what the journal it replaced held."""
    taken = f" on {result.taken_on:%a %d %b %Y}" if result.taken_on is not None else ""
    if result.previous is not None:
        before = f"the journal it replaced held {result.previous.describe()}"
    elif result.previous_state == "missing":
        before = "there was no journal in its place"
    elif result.previous_state == "too-new":
        before = "the journal it replaced was saved by a newer ketacheck"
    else:
        before = "the journal it replaced could not be read"
    return f"That backup was taken{taken} and holds {result.restored.describe()}; {before}."
