"""One row of the Settings form: a label, the box or switch or list, and what it allows.

The form is declared as ``SettingField`` values that the Settings screen loops over; each
becomes a ``SettingsRow``, with the line for its problem below it if it is checked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from msgspec import Struct
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Switch

from ketacheck.core import scales
from ketacheck.tui.widgets.toggles import OnOffSwitch

#: What a text box takes: no control character (a paste holding one is refused whole), so
#: none reaches the screen or the settings. The bidirectional controls are left out too.
PLAIN_TEXT = r"[^\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]*"

FieldValue = str | bool
"""What a field holds: the text typed, the item picked, or the switch's state."""


class SettingField(Struct, frozen=True):
    """One setting as the form shows, reads and checks it."""

    id: str
    """The id of the box (or switch, or list); its problem line is ``{id}-problem``."""

    label: str
    """The words to the left of the box."""

    kind: Literal["number", "integer", "length", "text", "choice", "switch"]
    """A short box for a number, a whole number or a length ("36 hours", "10 days"), a wide
    one for words, a list, a switch."""

    hint: str | Callable[[FieldValue], str] = ""
    """What is allowed, to the right of the box (or made from the value it shows)."""

    tooltip: str | None = None
    """Why the setting is there, shown when the pointer rests on the box."""

    placeholder: str = ""
    """An example, shown in an empty text box."""

    question: str = ""
    """A line above the row, for a setting that is easier to answer as a question."""

    parse: Callable[[Any], Any] = str
    """Turns what the field holds into the setting's value.

    Raises ValidationError, with the range allowed, for what isn't a valid value.
    """

    setting: str | None = None
    """The ``Settings`` field it sets, if it sets one directly."""

    shows: Callable[[Any], FieldValue] = str
    """How the setting's stored value reads in the field."""

    classes: str = ""
    """Classes of a list, for its width."""

    row_id: str | None = None
    """An id for the row, for styling it."""

    hint_id: str | None = None
    """An id for the hint, for a hint that changes with the value."""

    below: str | None = None
    """An id for an empty line under the row, for a preview of what the value means."""

    @property
    def checked(self) -> bool:
        """Whether what is typed can be wrong, so the row has a line for its problem."""
        return self.kind not in ("choice", "switch")

    def hint_text(self, value: FieldValue) -> str:
        """The hint beside the box for ``value``."""
        return self.hint(value) if callable(self.hint) else self.hint


class SettingsRow(Horizontal):
    """A setting's row: its label, its box (or switch, or list) and its hint."""

    def __init__(
        self,
        field: SettingField,
        value: FieldValue,
        options: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(id=field.row_id, classes="settings-row")
        self.field = field
        self.initial = value
        self.options = options or []

    def compose(self) -> ComposeResult:
        yield Label(self.field.label, classes="settings-label")
        yield self.control()
        hint = self.field.hint_text(self.initial)
        if hint:
            yield Label(hint, id=self.field.hint_id, classes="settings-default")

    def current_value(self) -> FieldValue:
        """What the field holds now."""
        control = self.query_one(f"#{self.field.id}")
        if isinstance(control, Switch):
            return control.value
        if isinstance(control, Select):
            return str(control.value)
        assert isinstance(control, Input)
        return control.value

    def control(self) -> Widget:
        """The widget that holds the setting's value."""
        field, value = self.field, self.initial
        if field.kind == "switch":
            return OnOffSwitch(bool(value), id=field.id, classes="settings-switch")
        if field.kind == "choice":
            return Select(
                self.options,
                value=str(value),
                allow_blank=False,
                id=field.id,
                compact=True,
                classes=field.classes,
            )
        if field.kind == "text":
            return Input(
                str(value),
                placeholder=field.placeholder,
                id=field.id,
                compact=True,
                max_length=scales.SHORT_TEXT_MAX_CHARS,
                restrict=PLAIN_TEXT,
                classes="settings-text",
            )
        return Input(
            str(value),
            id=field.id,
            type="text" if field.kind == "length" else field.kind,
            compact=True,
            classes="settings-hours",
            tooltip=field.tooltip,
        )
