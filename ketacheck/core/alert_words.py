"""How an open alert's history and the care team are said, from plain values.

The record types (:mod:`ketacheck.core.alert_records`, :mod:`ketacheck.core.settings`)
say it through these, and so does ``ketacheck status``, which reads the summary without
loading those types (see :mod:`ketacheck.cli.quick_status`).
"""

from __future__ import annotations

#: What raised an alert: a check-in or a questionnaire.
CHECKIN_SOURCE = "checkin"
QUESTIONNAIRE_SOURCE = "questionnaire"
SOURCE_KINDS = (CHECKIN_SOURCE, QUESTIONNAIRE_SOURCE)


def seen_words(seen: int, source_kind: str, first_seen: str, latest_answer: str) -> str:
    """``seen at 13 check-ins since Sat 09:00, latest dizziness 1``; "" if seen once.

    Args:
        seen: How many check-ins or questionnaires it was seen at.
        source_kind: :data:`CHECKIN_SOURCE` or :data:`QUESTIONNAIRE_SOURCE`.
        first_seen: When it was first raised, as the screen or the report writes times.
        latest_answer: The answer that raised it last time ("dizziness 1"), or "".
    """
    if seen < 2:
        return ""
    kind = "check-ins" if source_kind == CHECKIN_SOURCE else "questionnaires"
    text = f"seen at {seen} {kind} since {first_seen}"
    return f"{text}, latest {latest_answer}" if latest_answer else text


def care_team_line(name: str, phone: str, how_to_add: str = "in Settings") -> str:
    """How to reach the care team, in one line, or a nudge to add their number
    ``how_to_add``: "in Settings" in the app, the command on the command line."""
    parts = [part for part in (name.strip(), phone.strip()) if part]
    return " · ".join(parts) if parts else f"your care team (add their number {how_to_add})"
