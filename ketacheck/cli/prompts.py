"""Plain-text questions, one per line, for screen readers and scripts on a pipe."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO, TypeVar

from ketacheck.cli.context import Context
from ketacheck.core.alert_records import RESOLUTIONS, AlertRecord
from ketacheck.core.scales import ValidationError

T = TypeVar("T")

QUESTIONS = (
    ("dizziness", "How dizzy do you feel? 0 = not at all, 10 = the worst: "),
    ("nausea", "How sick to your stomach? 0 = not at all, 10 = the worst: "),
    ("fluids_glasses", "How many glasses of water or other drinks since your last check-in? "),
    ("mood", "How is your mood? 0 = very low, 10 = very good: "),
)

#: How many unclear answers in a row before the interactive check-in gives up.
MAX_TRIES = 3


def ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        raise ValidationError("answer", "no answer was given; nothing was saved") from None


def ask_until(
    prompt: str, field: str, parse: Callable[[str], T | None], help_text: str, err: TextIO
) -> T:
    """Ask until ``parse`` accepts the answer; after three unclear ones, stop (exit 2)."""
    for _ in range(MAX_TRIES):
        value = parse(ask(prompt).strip())
        if value is not None:
            return value
        print(f"  {help_text}", file=err)
    raise ValidationError(field, f"no clear answer after {MAX_TRIES} tries; nothing was saved")


def ask_number(prompt: str, field: str, low: int, high: int, err: TextIO) -> int:
    def parse(text: str) -> int | None:
        return int(text) if text.isdigit() and low <= int(text) <= high else None

    return ask_until(prompt, field, parse, f"Please type a whole number from {low} to {high}.", err)


def yes_no(text: str, empty: bool | None) -> bool | None:
    answer = text.lower()
    if answer in ("y", "yes"):
        return True
    if answer in ("n", "no"):
        return False
    return empty if answer == "" else None


def ask_yes_no(prompt: str, err: TextIO, field: str = "answer") -> bool:
    return ask_until(prompt, field, lambda t: yes_no(t, False), "Please type y or n.", err)


def ask_self_harm(err: TextIO) -> bool:
    # No default here: an empty answer to this question is asked again, never taken as "no".
    return ask_until(
        "Since your last check-in, have you had any thoughts of harming yourself? [y/n] ",
        "self_harm",
        lambda t: yes_no(t, None),
        "Please type y or n.",
        err,
    )


def interactive_answers(ctx: Context) -> dict[str, object]:
    ctx.say("A short check-in. Type a number and press Enter. Ctrl+C stops without saving.")
    answers: dict[str, object] = {}
    for field, prompt in QUESTIONS:
        high = 100 if field == "fluids_glasses" else 10
        answers[field] = ask_number(prompt, field, 0, high, ctx.stderr)
        if field == "nausea":
            answers["vomited"] = ask_yes_no(
                "Have you been sick (vomited) since last time? [y/N] ", ctx.stderr
            )
        if field == "fluids_glasses":
            answers["electrolytes"] = ask_yes_no("Any electrolyte drink? [y/N] ", ctx.stderr)
    answers["self_harm_thoughts"] = ask_self_harm(ctx.stderr)
    answers["note"] = ask("Anything else to note? (press Enter to skip) ").strip()
    return answers


def ask_how(ctx: Context, alert: AlertRecord) -> str:
    ctx.say(alert.message)
    ctx.say("How did you act on it?")
    for number, text in enumerate(RESOLUTIONS, start=1):
        ctx.say(f"  {number}  {text}")
    ctx.say(f"  {len(RESOLUTIONS) + 1}  In my own words")

    def parse(text: str) -> str | None:
        if text.isdigit() and 1 <= int(text) <= len(RESOLUTIONS):
            return RESOLUTIONS[int(text) - 1]
        return "own" if text == str(len(RESOLUTIONS) + 1) else None

    choice = ask_until(
        "Type a number: ",
        "--how",
        parse,
        f"Please type a number from 1 to {len(RESOLUTIONS) + 1}.",
        ctx.stderr,
    )
    if choice != "own":
        return choice
    return ask_until(
        "In a few words: ",
        "--how",
        lambda t: t or None,
        "A few words, please (or Ctrl+C to stop).",
        ctx.stderr,
    )


def ask_questionnaire(ctx: Context, kind: str) -> tuple[list[int], int | None]:
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
        answers.append(ask_number(f"{number}. {item}: ", f"answer {number}", 0, 3, ctx.stderr))
    ctx.say(DIFFICULTY_QUESTION)
    ctx.say("  ".join(f"{n} = {text}" for n, text in enumerate(DIFFICULTY_OPTIONS)))

    def parse(text: str) -> int | None:
        return int(text) if text.isdigit() and int(text) <= 3 else (-1 if text == "" else None)

    difficulty = ask_until(
        "Your answer (Enter to skip): ",
        "difficulty",
        parse,
        "Please type 0, 1, 2 or 3, or just Enter to skip.",
        ctx.stderr,
    )
    return answers, None if difficulty < 0 else difficulty
