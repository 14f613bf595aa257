"""The panel of alerts that sits above everything else on Home."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static

from ketacheck.core.alerts import CALL_TODAY, URGENT
from ketacheck.core.records import Alert
from ketacheck.core.settings import Settings


def alert_text(alerts: tuple[Alert, ...], settings: Settings) -> str:
    """Serious alerts as plain lines, with who to call; empty if there are none."""
    urgent = [a for a in alerts if a.level == URGENT]
    calls = [a for a in alerts if a.level == CALL_TODAY]
    lines: list[str] = []
    if urgent:
        lines.append("[b]Please reach out for help now.[/b]")
        lines.extend(a.message for a in urgent)
        lines.append(f"[b]Crisis line:[/b] {escape(settings.crisis_line)}")
    if calls:
        lines.extend(f"• {a.message}" for a in calls)
    if urgent or calls:
        lines.append(f"[b]Care team:[/b] {escape(settings.care_team_contact())}")
    return "\n".join(lines)


class AlertPanel(Static):
    """Urgent and call-today alerts, with the numbers to call. Hidden when there are none."""

    def show(self, alerts: tuple[Alert, ...], settings: Settings) -> None:
        """Show ``alerts`` (tips are left for the check-in summary)."""
        text = alert_text(alerts, settings)
        self.display = bool(text)
        self.set_class(any(a.level == URGENT for a in alerts), "urgent")
        self.update(text)
