"""The report's PHQ-9 and GAD-7: each result's total, change and item scores, and the
latest of each of the period item by item.

PHQ-9 item 9 (thoughts of being better off dead or of self-harm) is always named on a line
of its own, and marked with ⚠ when answered anything but "Not at all": in text, so the
mark survives a black-and-white print. Pure, like :mod:`ketacheck.exchange.report`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from msgspec import Struct

from ketacheck.core.questionnaires import (
    GAD7,
    OPTIONS,
    PHQ9,
    PHQ9_ITEM9_INDEX,
    QUESTIONNAIRES,
    QuestionnaireResult,
    difficulty_label,
)

#: Each item's short name on the report, in the published order (the app asks the
#: published wording): one line per item, so both answer sheets fit beside each other.
ITEM_NAMES: dict[str, tuple[str, ...]] = {
    PHQ9: (
        "Little interest or pleasure",
        "Feeling down, depressed, hopeless",
        "Sleep: too little or too much",
        "Tired, little energy",
        "Poor appetite or overeating",
        "Feeling bad about oneself, a failure",
        "Trouble concentrating",
        "Moving or speaking slowly, or restless",
        "Better off dead, or hurting oneself",
    ),
    GAD7: (
        "Nervous, anxious or on edge",
        "Can't stop or control worrying",
        "Worrying too much",
        "Trouble relaxing",
        "So restless it's hard to sit still",
        "Easily annoyed or irritable",
        "Afraid something awful might happen",
    ),
}
ITEM9_NAME = "Item 9 (thoughts of death or self-harm)"
#: Marks PHQ-9 item 9 answered above "Not at all", in text as well as in bold, so the mark
#: survives a black-and-white print.
ITEM9_MARK = "\u26a0"


class ItemAnswer(Struct, frozen=True):
    """One item of an answer sheet.

    Attributes:
        flagged: PHQ-9 item 9 answered anything but "Not at all".
    """

    number: int
    name: str
    answer: str
    score: int
    flagged: bool = False


class AnswerSheet(Struct, frozen=True):
    """The latest PHQ-9 or GAD-7 of the period, answer by answer."""

    kind: str
    name: str
    at_text: str
    total: int
    max_total: int
    band: str
    items: tuple[ItemAnswer, ...]
    difficulty: str

    @property
    def item9(self) -> ItemAnswer | None:
        """PHQ-9 item 9 (None on a GAD-7)."""
        return self.items[PHQ9_ITEM9_INDEX] if self.kind == PHQ9 else None


def item9_line(item: ItemAnswer) -> str:
    """Item 9's answer, always shown, marked with ⚠ when it is not "Not at all"."""
    line = f"{ITEM9_NAME}: {item.answer}"
    return f"{ITEM9_MARK} {line}" if item.flagged else line


def answer_sheets(
    shown: list[QuestionnaireResult], when: Callable[[datetime], str]
) -> tuple[AnswerSheet, ...]:
    """The latest PHQ-9, then the latest GAD-7, of the period, each answer spelled out."""
    latest = {r.kind: r for r in sorted(shown, key=lambda r: r.at)}
    sheets = []
    for kind in (PHQ9, GAD7):
        result = latest.get(kind)
        if result is None:
            continue
        form = QUESTIONNAIRES[kind]
        items = tuple(
            ItemAnswer(
                number,
                name,
                OPTIONS[answer],
                answer,
                flagged=kind == PHQ9 and number == PHQ9_ITEM9_INDEX + 1 and answer > 0,
            )
            for number, (name, answer) in enumerate(
                zip(ITEM_NAMES[kind], result.answers, strict=True), start=1
            )
        )
        sheets.append(
            AnswerSheet(
                kind,
                form.name,
                when(result.at),
                result.total,
                form.max_total,
                result.band,
                items,
                difficulty_label(result.difficulty),
            )
        )
    return tuple(sheets)


class ScoreEntry(Struct, frozen=True):
    """One PHQ-9 or GAD-7 result as the report shows it."""

    name: str
    at_text: str
    total: int
    max_total: int
    band: str
    change: int | None
    difficulty: str = ""
    item9: str = ""
    """PHQ-9 item 9's answer ("0, Not at all"; ⚠ before any other); empty on a GAD-7."""
    answers: str = ""
    """Each item's score in order, "1 1 0 1 0 1 0 0 0"."""


def _item9(result: QuestionnaireResult) -> str:
    if result.kind != PHQ9:
        return ""
    answer = result.answers[PHQ9_ITEM9_INDEX]
    text = f"{answer}, {OPTIONS[answer]}"
    return f"{ITEM9_MARK} {text}" if answer > 0 else text


def score_entries(
    every: list[QuestionnaireResult],
    shown: list[QuestionnaireResult],
    when: Callable[[datetime], str],
) -> tuple[ScoreEntry, ...]:
    # Change is against the first result of the same kind in the whole course (the baseline).
    first: dict[str, QuestionnaireResult] = {}
    for result in every:
        first.setdefault(result.kind, result)
    return tuple(
        ScoreEntry(
            QUESTIONNAIRES[r.kind].name,
            when(r.at),
            r.total,
            QUESTIONNAIRES[r.kind].max_total,
            r.band,
            None if r is first[r.kind] else r.total - first[r.kind].total,
            difficulty_label(r.difficulty),
            _item9(r),
            " ".join(str(answer) for answer in r.answers),
        )
        for r in shown
    )
