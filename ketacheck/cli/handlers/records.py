"""Recording: ``infusion add``, ``checkin`` and ``questionnaire``."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context, open_journal, when
from ketacheck.cli.output import say_alerts, say_raised
from ketacheck.cli.prompts import ask_questionnaire, interactive_answers
from ketacheck.cli.questions import answers_from_flags
from ketacheck.core.course import course_label
from ketacheck.core.records import Infusion
from ketacheck.core.scales import ValidationError
from ketacheck.core.timeparse import format_clock, format_day_time
from ketacheck.usecases.checkins import record_checkin
from ketacheck.usecases.status import status_report


def infusion_add(ctx: Context) -> int:
    """``ketacheck infusion add [--at TIME] [--minutes N] [--note TEXT]``."""
    started = when(ctx, ctx.args.at, "--at")
    infusion = Infusion.create(started, ctx.args.minutes, ctx.args.note)
    journal = open_journal(ctx)
    journal.add_infusion(infusion)
    report = status_report(journal.overview(), ctx.now())
    course = report.course
    clock24 = report.settings.clock_24h
    ended = format_day_time(infusion.ended_at, None, clock24, ctx.now())
    number = next(
        (n for n, inf in enumerate(journal.infusions(), start=1) if inf.id == infusion.id), 0
    )
    ctx.say(f"Logged {course_label(number, course.planned, capital=False)}, ending {ended}.")
    driving = next((s for s in report.restrictions if s.restriction.id == "driving"), None)
    if driving is None or course.latest is None or course.latest.id != infusion.id:
        return EXIT_OK
    if driving.active:
        lifts = format_day_time(driving.lifts_at, None, clock24, ctx.now())
        ctx.say(f"Please don't drive until {lifts}. 'ketacheck status' shows every countdown.")
    else:
        ctx.say("Its driving restriction has already lifted. 'ketacheck status' shows the rest.")
    return EXIT_OK


def checkin(ctx: Context) -> int:
    """``ketacheck checkin`` with score flags, or as plain-text questions."""
    at = when(ctx, ctx.args.at, "--at")
    answers = answers_from_flags(vars(ctx.args))
    if answers is None:
        answers = interactive_answers(ctx)
    journal = open_journal(ctx)
    saved = record_checkin(journal, answers, at)
    settings = journal.settings()
    say_raised(ctx, saved.alerts, settings)
    ctx.say(f"Saved your check-in of {format_clock(saved.at, None, settings.clock_24h)}.")
    not_asked = saved.mood <= 3 and saved.self_harm_thoughts is None
    say_alerts(ctx, saved.alerts, settings, crisis_reminder=not_asked)
    return EXIT_OK


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


def questionnaire(ctx: Context) -> int:
    """``ketacheck questionnaire phq9|gad7 [--answers 0,1,...] [--difficulty N]``."""
    from ketacheck.core.questionnaires import QUESTIONNAIRES, check_answers, questionnaire_alerts
    from ketacheck.usecases.checkins import record_questionnaire

    kind = ctx.args.kind
    difficulty = ctx.args.difficulty
    if difficulty is not None and not 0 <= difficulty <= 3:
        raise ValidationError("--difficulty", f"must be 0, 1, 2 or 3, not {difficulty}")
    if ctx.args.answers is not None:
        answers = _answer_list(kind, ctx.args.answers)
    else:
        answers, asked = ask_questionnaire(ctx, kind)
        difficulty = asked if difficulty is None else difficulty
    journal = open_journal(ctx)
    settings = journal.settings()
    # The crisis lines come first, before anything is saved or said.
    say_raised(ctx, questionnaire_alerts(kind, check_answers(kind, answers)), settings)
    result = record_questionnaire(journal, kind, answers, ctx.now(), difficulty)
    form = QUESTIONNAIRES[kind]
    ctx.say(f"Saved your {form.name}: total {result.total} of {form.max_total} ({result.band}).")
    say_alerts(ctx, result.alerts, settings)
    return EXIT_OK
