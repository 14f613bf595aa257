"""The panel of alerts that sits above everything else on Home and after a check-in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from textual.widgets import Static

from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, URGENT
from ketacheck.core.crisis import crisis_text
from ketacheck.core.settings import Settings
from ketacheck.tui.classes import set_class
from ketacheck.tui.text import escape


class Shown(Protocol):
    """What the panel needs of an alert: a raised one or a kept record."""

    @property
    def level(self) -> str: ...  # noqa: D102

    @property
    def code(self) -> str: ...  # noqa: D102

    @property
    def message(self) -> str: ...  # noqa: D102


def alert_text(alerts: Iterable[Shown], settings: Settings) -> str:
    """Serious alerts in full as markup lines, most severe first, with who to call; empty
    if none.

    Args:
        alerts: Alerts of any level; tips are left out.
        settings: Where the care team's number and the crisis line come from.
    """
    shown = [a for a in alerts if a.level in (URGENT, CALL_NOW, CALL_TODAY)]
    urgent = [a for a in shown if a.level == URGENT]
    others = [a for a in shown if a.level != URGENT]
    lines: list[str] = []
    if urgent:
        lines.append("[b]Please reach out for help now.[/b]")
        lines.append(f"[b]Crisis line:[/b] {escape(crisis_text(settings))}")
        lines.extend(escape(a.message) for a in urgent)
    for alert in others:
        mark = "[b]Now:[/b] " if alert.level == CALL_NOW else "• "
        lines.append(mark + escape(alert.message))
    if shown:
        lines.append(f"[b]Care team:[/b] {escape(settings.care_team_contact())}")
    return "\n".join(lines)


#: How many call-now and call-today alerts the compact panel lists before "+N more".
COMPACT_LISTED = 2

#: An alert's first sentence says what happened; these few need other words to say it
#: alone (the first sentence of the perception alert says such changes usually fade).
COMPACT_WORDS = {
    "perception_changes": "Seeing or hearing things, or feeling confused, is still there.",
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def compact_line(alert: Shown) -> str:
    """One alert in a few words: what happened, after what to do ("Call today:")."""
    words = (
        COMPACT_WORDS.get(alert.code) or _SENTENCE_END.split(alert.message.strip(), maxsplit=1)[0]
    )
    when = "Call now:" if alert.level == CALL_NOW else "Call today:"
    # A concern seen again is one alert that counts its check-ins, never a second line.
    seen = getattr(alert, "seen", 1)
    times = f" (seen at {seen} check-ins)" if seen > 1 else ""
    return f"[b]{when}[/b] {escape(words)}{times}"


def compact_alert_text(
    alerts: Iterable[Shown], settings: Settings, listed: int = COMPACT_LISTED
) -> str:
    """Serious alerts in as few lines as they can be said, for Home; empty if none.

    The crisis line is always there in full when any alert is urgent, and the care team's
    number always; each other alert takes its first sentence, the most severe ``listed``
    are listed and the rest counted (a small window lists none, so the numbers fit).
    The whole of each one is on the screen that ``a`` opens.
    """
    shown = [a for a in alerts if a.level in (URGENT, CALL_NOW, CALL_TODAY)]
    if not shown:
        return ""
    lines: list[str] = []
    if any(a.level == URGENT for a in shown):
        lines.append(
            f"[b]Please reach out for help now. Crisis line:[/b] {escape(crisis_text(settings))}"
        )
    others = [a for a in shown if a.level != URGENT]
    lines.extend(compact_line(a) for a in others[:listed])
    team = f"[b]Care team:[/b] {escape(settings.care_team_contact())}."
    more = len(others) - listed
    if not listed:
        # A small window: both numbers first, then how many others are open.
        lines.append(f"{team} Once acted on, press [b]a[/b].")
        if more:
            what = "other alert" if more == 1 else "other alerts"
            lines.append(f"+{more} {what}: press [b]a[/b] to read and mark each one.")
        return "\n".join(lines)
    if more > 0:
        lines.append(f"+{more} more: press [b]a[/b] to read and mark each one.")
    lines.append(f"{team} Once acted on, press [b]a[/b].")
    return "\n".join(lines)


class AlertPanel(Static):
    """Urgent, call-now and call-today alerts, with the numbers to call; hidden if none."""

    def show(
        self,
        alerts: Iterable[Shown],
        settings: Settings,
        compact: bool = False,
        cramped: bool = False,
    ) -> None:
        """Show ``alerts`` (tips are left for the check-in summary).

        Args:
            alerts: Alerts of any level; tips are left out.
            settings: Where the care team's number and the crisis line come from.
            compact: A line or so for each alert, so that Home keeps its countdowns in view.
            cramped: The window is small: only the numbers, and how many alerts are open.
        """
        alerts = list(alerts)
        if compact:
            listed = 0 if cramped else COMPACT_LISTED
            text = compact_alert_text(alerts, settings, listed)
        else:
            text = alert_text(alerts, settings)
        self.display = bool(text)
        set_class(self, any(a.level == URGENT for a in alerts), "urgent")
        self.update(text)
