"""The panel of alerts that sits above everything else on Home and after a check-in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from textual.widgets import Static

from ketacheck.core.alerts import CALL_NOW, CALL_TODAY, URGENT
from ketacheck.core.crisis import crisis_text
from ketacheck.core.settings import Settings
from ketacheck.tui.text import escape


class Shown(Protocol):
    """What the panel needs of an alert: a raised one or a kept record."""

    @property
    def level(self) -> str: ...  # noqa: D102

    @property
    def message(self) -> str: ...  # noqa: D102


def alert_text(alerts: Iterable[Shown], settings: Settings, resolve_hint: bool = False) -> str:
    """Serious alerts as markup lines, most severe first, with who to call; empty if none.

    Args:
        alerts: Alerts of any level; tips are left out.
        settings: Where the care team's number and the crisis line come from.
        resolve_hint: Say how to mark an alert as dealt with (on Home).
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
    if shown and resolve_hint:
        count = "it" if len(shown) == 1 else "each one"
        lines.append(f"[dim]Once you have acted on {count}, press[/dim] [b]a[/b].")
    return "\n".join(lines)


class AlertPanel(Static):
    """Urgent, call-now and call-today alerts, with the numbers to call; hidden if none."""

    def show(self, alerts: Iterable[Shown], settings: Settings, resolve_hint: bool = False) -> None:
        """Show ``alerts`` (tips are left for the check-in summary)."""
        alerts = list(alerts)
        text = alert_text(alerts, settings, resolve_hint)
        self.display = bool(text)
        self.set_class(any(a.level == URGENT for a in alerts), "urgent")
        self.update(text)
