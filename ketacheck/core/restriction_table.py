"""The restrictions' plain facts and the words for a finished one, apart from their types.

:mod:`ketacheck.core.restrictions` builds its records from these; ``ketacheck status``
reads them as they are, without loading the record types (see
:mod:`ketacheck.cli.quick_status`).
"""

from __future__ import annotations

import math
from typing import Any

from ketacheck.core.scales import ValidationError

#: The longest a restriction may be set to: 60 days.
MAX_RESTRICTION_HOURS = 24 * 60

#: What a finished timer says for a restriction that simply ends.
LIFTED_WORDING = "lifted"
#: What a finished timer says for one that asks first (alcohol, recreational drugs).
ASK_FIRST_WORDING = "time has passed: check with your care team first"
LIFTED_MARK = "✓"
#: An open circle, not a tick: the time is over, but nothing has been allowed.
ASK_FIRST_MARK = "○"
#: What a finished timer says for driving, machinery or vigorous activity while the latest
#: check-in still reports dizziness: the hours are up, the reason for waiting is not.
STILL_DIZZY_WORDING = "time has passed — not while you still feel dizzy"
#: Shorter words for :data:`STILL_DIZZY_WORDING`, for narrower rows.
STILL_DIZZY_NARROW = "not while dizzy"
#: The restrictions that dizziness itself keeps in place. GUIDANCE.md: dizziness and
#: light-headedness are common after an infusion, and dizziness still there after a day
#: is worth a call (000); driving, machines and hard exercise are what dizziness makes
#: unsafe, whatever the clock says.
HELD_WHILE_DIZZY = frozenset({"driving", "machinery", "vigorous_activity"})

#: The defaults from GUIDANCE.md, one row per restriction: id (stable, used in settings
#: and exports), label, hours after the infusion ends, why (one plain sentence) and
#: whether the end of the wait is no permission but "check with your care team first".
#: The clinic's own instructions come first: every one of these can be changed in Settings.
DEFAULT_ROWS: tuple[tuple[str, str, float, str, bool], ...] = (
    (
        "driving",
        "Driving",
        24,
        "Reactions and judgement stay slower than they feel for about a day.",
        False,
    ),
    (
        "machinery",
        "Heavy machinery",
        24,
        "Power tools and machines need the full attention that returns after a day.",
        False,
    ),
    (
        "decisions",
        "Important decisions",
        24,
        "Give your thinking a day to settle before signing or committing to anything.",
        False,
    ),
    (
        "vigorous_activity",
        "Vigorous activity",
        24,
        "Hard exercise can bring back dizziness and queasiness.",
        False,
    ),
    (
        "alcohol",
        "Alcohol",
        48,
        "Alcohol adds to the after-effects; ask your care team before you drink at all.",
        True,
    ),
    (
        "sedatives",
        "Sedative medicines",
        24,
        "Sleeping pills and sedatives add to ketamine's drowsiness.",
        False,
    ),
    (
        "pain_medication",
        "Prescription painkillers",
        24,
        "Wait until the next day unless your specialist said otherwise.",
        False,
    ),
    (
        "recreational_drugs",
        "Recreational drugs",
        24,
        "Cannabis, opioids and other mood-altering drugs don't mix with recovery.",
        True,
    ),
    (
        "life_changes",
        "Big life changes",
        240,
        "Your mind stays more open for about ten days; let the experience settle first.",
        False,
    ),
)


def finished_words(ask_first: bool, held_by_dizziness: bool = False) -> tuple[str, str]:
    """The mark and the words of a restriction whose time has run out.

    "lifted" with a tick for most; for one that asks first, that the time has passed and
    to check with the care team first, with an open circle. GUIDANCE.md, Added facts:
    alcohol "never drink after; maybe after 48 h, and always check with your doctor"
    (000); recreational drugs: avoid (000, 001), no end point given, so their timers never
    read as permission. While dizziness still holds one (:data:`HELD_WHILE_DIZZY`), it says
    so, with the open circle.
    """
    if held_by_dizziness:
        return ASK_FIRST_MARK, STILL_DIZZY_WORDING
    if ask_first:
        return ASK_FIRST_MARK, ASK_FIRST_WORDING
    return LIFTED_MARK, LIFTED_WORDING


def held_by_dizziness(restriction_id: str, active: bool, still_dizzy: bool) -> bool:
    """True when a restriction's time has passed but dizziness still keeps it in place."""
    return not active and still_dizzy and restriction_id in HELD_WHILE_DIZZY


def passed_not_lifted(ask_first: bool, active: bool, held: bool) -> bool:
    """True once a restriction's time is up when that is no permission: it asks first,
    or dizziness still holds it."""
    return not active and (ask_first or held)


def restriction_hours(field_name: str, value: Any) -> float:
    """Check a restriction length: a number of hours from 0 to 60 days."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field_name, "must be a number of hours")
    if not 0 <= value <= MAX_RESTRICTION_HOURS:
        raise ValidationError(
            field_name, f"must be from 0 to {MAX_RESTRICTION_HOURS} hours, not {value:g}"
        )
    return float(value)
