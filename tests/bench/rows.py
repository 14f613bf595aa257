"""One figure of the bench beside its floor, and the table they make."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """A figure, its floor measured in the same run, and its goal.

    Times are in seconds and memory in KiB. For memory in MB (``unit="MB"``) a goal over
    10 is a limit on the figure itself (e.g. 150 MB); otherwise every goal is the most
    the figure may be as a multiple of its floor.
    """

    what: str
    ours: float
    floor: float
    floor_what: str
    goal: float
    unit: str = "ms"

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")

    @property
    def absolute(self) -> bool:
        """Whether the goal is a limit on the figure itself, not on the ratio."""
        return self.unit == "MB" and self.goal > 10

    @property
    def ok(self) -> bool:
        if self.absolute:
            return self.ours / 1024 <= self.goal
        return self.ratio <= self.goal

    def _value(self, value: float) -> str:
        return f"{value / 1024:.1f} MB" if self.unit == "MB" else f"{value * 1000:.1f} ms"

    def cells(self) -> list[str]:
        goal = f"<= {self.goal:g} MB" if self.absolute else f"<= {self.goal:g}x"
        return [
            self.what,
            self._value(self.ours),
            f"{self._value(self.floor)} ({self.floor_what})",
            f"{self.ratio:.2f}x",
            goal,
            "met" if self.ok else "**missed**",
        ]


def table(rows: list[Row], journal: str) -> str:
    """The rows as a Markdown table, as the README shows it."""
    head = [f"what ({journal})", "ketacheck", "floor, same run", "ratio", "goal", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)
