"""Plain-text questions, one per line, for screen readers and scripts on a pipe."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO, TypeVar

from ketacheck.cli.context import Context
from ketacheck.core.alert_records import RESOLUTIONS, AlertRecord
from ketacheck.core.scales import ValidationError

T = TypeVar("T")

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


def confirm_urgent(ctx: Context) -> bool:
    """Whether the patient confirms marking an urgent alert; anything but "yes" keeps it.

    With no answer to read (a script without ``--yes``), it is kept open and the command
    says how to mark it from a script.
    """
    ctx.say("Mark it as dealt with? Only if you are safe now and have reached someone.")
    try:
        typed = input("Type yes to mark it, or press Enter to keep it open: ")
    except EOFError:
        raise ValidationError(
            "--yes", "an urgent alert is marked only when you confirm; it stays open"
        ) from None
    return typed.strip().lower() in ("yes", "y")


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
