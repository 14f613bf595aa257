"""Recording: ``infusion add``, ``checkin`` and ``questionnaire``."""

from __future__ import annotations

from datetime import datetime

from ketacheck.cli.checkin_prompts import interactive_answers
from ketacheck.cli.context import EXIT_OK, Context, open_journal, when
from ketacheck.cli.output import crisis_lines, say_alerts, say_raised, when_text
from ketacheck.cli.prompts import ask_questionnaire
from ketacheck.cli.questions import answers_from_flags
from ketacheck.core.course import course_label
from ketacheck.core.records import Infusion, new_id
from ketacheck.core.scales import ValidationError
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.checkins import build_checkin, record_checkin, record_self_harm_yes
from ketacheck.usecases.status import status_report


def infusion_add(ctx: Context) -> int:
    """``ketacheck infusion add [--at TIME] [--minutes N] [--note TEXT]``."""
    started = when(ctx, ctx.args.at, "--at")
    infusion = Infusion.create(started, ctx.args.minutes, ctx.args.note)
    journal = open_journal(ctx)
    journal.add_infusion(infusion, ctx.now())
    now = ctx.now()
    report = status_report(journal.overview(now), now)
    course = report.course
    clock24 = report.settings.clock_24h
    ended = when_text(infusion.ended_at, ctx.now(), clock24)
    number = next(
        (n for n, inf in enumerate(journal.infusions(), start=1) if inf.id == infusion.id), 0
    )
    ctx.say(f"Logged {course_label(number, course.planned, capital=False)}, ending {ended}.")
    driving = next((s for s in report.restrictions if s.restriction.id == "driving"), None)
    if driving is None or course.latest is None or course.latest.id != infusion.id:
        return EXIT_OK
    if driving.active:
        lifts = when_text(driving.lifts_at, ctx.now(), clock24)
        ctx.say(f"Please don't drive until {lifts}. 'ketacheck status' shows every countdown.")
    else:
        ctx.say("Its driving restriction has already lifted. 'ketacheck status' shows the rest.")
    return EXIT_OK


def checkin(ctx: Context) -> int:
    """``ketacheck checkin`` with score flags, or as plain-text questions."""
    at = when(ctx, ctx.args.at, "--at")
    checkin_id = new_id()
    answers = answers_from_flags(vars(ctx.args))
    if answers is None:
        answers = _asked(ctx, checkin_id, at)
        said_crisis = answers.get("self_harm_thoughts") is True
    else:
        said_crisis = False
        build_checkin(answers, at, [], None)  # a refused answer creates no journal
    journal = open_journal(ctx)
    saved = record_checkin(journal, answers, at, ctx.now(), checkin_id)
    settings = journal.settings()
    if not said_crisis:
        say_raised(ctx, saved.alerts, settings)
    ctx.say(f"Saved your check-in of {when_text(saved.at, ctx.now(), settings.clock_24h)}.")
    say_alerts(ctx, saved.alerts, settings, crisis_reminder=saved.mood <= 3)
    return EXIT_OK


def _asked(ctx: Context, checkin_id: str, at: datetime) -> dict[str, object]:
    """The plain-text check-in. A self-harm "yes" is kept at once, and the crisis line
    and care team's number are printed before any other question; stopping after it
    (Ctrl+C, or the end of the input) keeps that alert and prints them again."""
    said_yes = False

    def crisis_now() -> None:
        nonlocal said_yes
        record_self_harm_yes(open_journal(ctx), checkin_id, at)
        said_yes = True
        settings = read_overview(ctx.data_dir, ctx.today()).settings
        ctx.say()
        for line in crisis_lines(settings):
            ctx.say(line)

    try:
        return interactive_answers(ctx, crisis_now)
    except (KeyboardInterrupt, ValidationError):
        if said_yes:
            ctx.say()
            for line in crisis_lines(read_overview(ctx.data_dir, ctx.today()).settings):
                ctx.say(line)
            ctx.say("Your answer about harming yourself is kept: 'ketacheck status' shows it.")
        raise


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
