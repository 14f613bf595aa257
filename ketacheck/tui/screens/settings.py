"""Settings: restriction hours, course, who to call and where, clock style and theme.

Nothing is saved until every field is valid; each problem is shown under its field with
the range allowed. The theme previews as soon as it is picked and is kept only on Save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, Switch

from ketacheck.core import scales
from ketacheck.core.course import MAX_FASTING_HOURS
from ketacheck.core.crisis import country_choices, crisis_text
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS, MAX_RESTRICTION_HOURS
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import (
    DEFAULT_FASTING_HOURS,
    MAX_PLANNED_INFUSIONS,
    MAX_QUESTIONNAIRE_DAYS,
    MIN_QUESTIONNAIRE_DAYS,
    Settings,
    country_code,
    fasting_hours,
    planned_infusions,
    questionnaire_days,
    restriction_hours,
)
from ketacheck.core.timeparse import format_clock
from ketacheck.store.errors import StoreError
from ketacheck.tui.screens.confirm import ConfirmScreen
from ketacheck.tui.text import escape
from ketacheck.tui.themes import HIGH_CONTRAST_THEME
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from ketacheck.tui.app import KetacheckApp

INTRO = (
    "[b]Settings[/b]\n"
    "[b]Your clinic's instructions come first.[/b] If they gave you different times "
    "from the defaults below, type theirs here: ketacheck only reminds you of them."
)

TEXT_FIELDS = (
    ("settings-team", "Care team name", "a clinic or a person, e.g. Riverside Clinic"),
    ("settings-phone", "Care team phone", "e.g. 555-0142"),
    ("settings-crisis", "Your own crisis line", "leave empty to use the line for your country"),
)

MOOD_QUESTION = "How has your mood been over the last two weeks?"

#: An afternoon time, so the two clock styles look different.
CLOCK_EXAMPLE = datetime(2026, 1, 1, 14, 5, tzinfo=UTC)

FormValues = dict[str, str | bool]


def theme_title(name: str) -> str:
    """How a theme's name reads in the list."""
    if name == HIGH_CONTRAST_THEME.name:
        return "High contrast (black, white, yellow)"
    return name.replace("-", " ").capitalize()


def theme_options(names: list[str]) -> list[tuple[str, str]]:
    """The themes to offer: high contrast first, then Textual's defaults, then the rest."""
    first = [HIGH_CONTRAST_THEME.name, "textual-dark", "textual-light"]
    ordered = [n for n in first if n in names] + sorted(n for n in names if n not in first)
    return [(theme_title(name), name) for name in ordered]


def hours_text(hours: float) -> str:
    """``24``, ``1.5``: hours as the patient would type them."""
    return f"{hours:g}"


def country_options(current: str | None) -> list[tuple[str, str]]:
    """The countries to offer, keeping a stored code the list doesn't name."""
    options = country_choices()
    if current and current not in {code for _, code in options}:
        options.insert(-1, (f"{current} (no crisis line listed; findahelpline.com)", current))
    return options


def form_values(settings: Settings, theme: str) -> FormValues:
    """What the form shows for ``settings``, in the form's own terms."""
    values: FormValues = {
        f"settings-hours-{r.id}": hours_text(settings.restriction_hours.get(r.id, r.hours))
        for r in DEFAULT_RESTRICTIONS
    }
    values.update(
        {
            "settings-planned": str(settings.planned_infusions),
            "settings-questionnaire-days": str(settings.questionnaire_interval_days),
            "settings-fasting": hours_text(settings.fasting_hours),
            "settings-mood": "" if settings.baseline_mood is None else str(settings.baseline_mood),
            "settings-country": settings.country or "",
            "settings-team": settings.care_team_name,
            "settings-phone": settings.care_team_phone,
            "settings-crisis": settings.crisis_line,
            "settings-clock": settings.clock_24h,
            "settings-theme": theme,
        }
    )
    return values


def _sentence(problem: str) -> str:
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")


def parse_hours(text: str) -> float:
    """Hours typed in a restriction box.

    Raises:
        ValidationError: with the allowed range, for anything that isn't 0 to 60 days.
    """
    allowed = f"from 0 to {MAX_RESTRICTION_HOURS} hours"
    try:
        value = float(text.strip())
    except ValueError:
        raise ValidationError("hours", f"please type a number of hours, {allowed}") from None
    return restriction_hours("hours", value)


def parse_fasting_hours(text: str) -> float:
    """Hours of fasting typed in their box.

    Raises:
        ValidationError: with the allowed range, for anything that isn't 0 to 24 hours.
    """
    try:
        value = float(text.strip())
    except ValueError:
        raise ValidationError(
            "fasting hours", f"please type a number of hours, from 0 to {MAX_FASTING_HOURS}"
        ) from None
    return fasting_hours("fasting hours", value)


def parse_mood(text: str) -> int | None:
    """The mood baseline typed in its box: empty for none, else 0 to 10.

    Raises:
        ValidationError: for anything else.
    """
    if not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError(
            "mood baseline", "please type a whole number from 0 to 10, or leave it empty"
        ) from None
    return scales.scale_value("mood baseline", value)


def parse_whole_number(
    text: str,
    field: str,
    noun: str,
    highest: int,
    check: Callable[[str, Any], int],
    lowest: int = 1,
) -> int:
    """A whole number typed in a box, checked by ``check`` (which names the range).

    Raises:
        ValidationError: with the allowed range.
    """
    try:
        value = int(text.strip())
    except ValueError:
        raise ValidationError(
            field, f"please type a whole number of {noun} from {lowest} to {highest}"
        ) from None
    return check(field, value)


class SettingsScreen(Screen[None]):
    """Everything the patient can set, in one scrolling form."""

    app: KetacheckApp

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings-save"),
        Binding("escape", "back", "Back", id="settings-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._theme_before = ""
        self._saved_values: FormValues = {}
        self._saving = False

    def _settings(self) -> Settings:
        overview = self.app.overview
        return overview.settings if overview is not None else self.app.journal.settings()

    def compose(self) -> ComposeResult:
        self._theme_before = self.app.theme
        settings = self._settings()
        values = form_values(settings, self.app.theme)
        self._saved_values = values
        yield TitleBar()
        with VerticalScroll(id="settings"):
            yield Static(INTRO, id="settings-intro")
            yield Static("Restrictions: hours after the infusion ends", classes="settings-section")
            for restriction in DEFAULT_RESTRICTIONS:
                field = f"settings-hours-{restriction.id}"
                with Horizontal(classes="settings-row"):
                    yield Label(restriction.label, classes="settings-label")
                    yield Input(
                        str(values[field]),
                        id=field,
                        type="number",
                        compact=True,
                        classes="settings-hours",
                        tooltip=restriction.why,
                    )
                    yield Label(
                        f"hours · default {hours_text(restriction.hours)}",
                        classes="settings-default",
                    )
                yield Static(id=f"{field}-problem", classes="settings-problem")
            yield Static("Your course", classes="settings-section")
            with Horizontal(classes="settings-row"):
                yield Label("Planned infusions", classes="settings-label")
                yield Input(
                    str(values["settings-planned"]),
                    id="settings-planned",
                    type="integer",
                    compact=True,
                    classes="settings-hours",
                )
                yield Label(f"1 to {MAX_PLANNED_INFUSIONS}", classes="settings-default")
            yield Static(id="settings-planned-problem", classes="settings-problem")
            with Horizontal(classes="settings-row"):
                yield Label("Questionnaires every", classes="settings-label")
                yield Input(
                    str(values["settings-questionnaire-days"]),
                    id="settings-questionnaire-days",
                    type="integer",
                    compact=True,
                    classes="settings-hours",
                    tooltip="How often PHQ-9 and GAD-7 fall due",
                )
                yield Label(
                    f"days · {MIN_QUESTIONNAIRE_DAYS} to {MAX_QUESTIONNAIRE_DAYS}",
                    classes="settings-default",
                )
            yield Static(id="settings-questionnaire-days-problem", classes="settings-problem")
            with Horizontal(classes="settings-row"):
                yield Label("Stop eating before infusion", classes="settings-label")
                yield Input(
                    str(values["settings-fasting"]),
                    id="settings-fasting",
                    type="number",
                    compact=True,
                    classes="settings-hours",
                    tooltip="Your clinic may ask you to stop eating this long before an infusion",
                )
                yield Label(
                    f"hours · default {hours_text(DEFAULT_FASTING_HOURS)}",
                    classes="settings-default",
                )
            yield Static(id="settings-fasting-problem", classes="settings-problem")
            yield Label(
                f"{MOOD_QUESTION} (0 very low, 10 very good; you may leave it empty)",
                id="settings-mood-question",
            )
            with Horizontal(classes="settings-row"):
                yield Label("Mood baseline", classes="settings-label")
                yield Input(
                    str(values["settings-mood"]),
                    id="settings-mood",
                    type="integer",
                    compact=True,
                    classes="settings-hours",
                    tooltip="Your mood from before the course, to compare later check-ins with",
                )
                yield Label("0 to 10 · optional", classes="settings-default")
            yield Static(id="settings-mood-problem", classes="settings-problem")
            yield Static("Who to call", classes="settings-section")
            for field, label, placeholder in TEXT_FIELDS:
                if field == "settings-crisis":
                    with Horizontal(classes="settings-row"):
                        yield Label("Where you live", classes="settings-label")
                        yield Select(
                            country_options(settings.country),
                            value=str(values["settings-country"]),
                            allow_blank=False,
                            id="settings-country",
                            compact=True,
                            classes="settings-country",
                        )
                with Horizontal(classes="settings-row"):
                    yield Label(label, classes="settings-label")
                    yield Input(
                        str(values[field]),
                        placeholder=placeholder,
                        id=field,
                        compact=True,
                        max_length=scales.SHORT_TEXT_MAX_CHARS,
                        classes="settings-text",
                    )
                yield Static(id=f"{field}-problem", classes="settings-problem")
            yield Static(id="settings-crisis-preview")
            yield Static("Display", classes="settings-section")
            with Horizontal(classes="settings-row", id="settings-clock-row"):
                yield Label("24-hour clock", classes="settings-label")
                clock_24h = bool(values["settings-clock"])
                yield Switch(clock_24h, id="settings-clock", classes="settings-switch")
                yield Label(
                    self._clock_example(clock_24h),
                    id="settings-clock-example",
                    classes="settings-default",
                )
            with Horizontal(classes="settings-row"):
                yield Label("Theme (shows at once)", classes="settings-label")
                yield Select(
                    theme_options(list(self.app.available_themes)),
                    value=str(values["settings-theme"]),
                    allow_blank=False,
                    id="settings-theme",
                    compact=True,
                    classes="settings-theme",
                )
            yield Static(id="settings-problem")
            with Horizontal(id="settings-buttons"):
                yield Button("Save  (Ctrl+S)", id="settings-go", variant="primary")
                yield Button("Back  (Esc)", id="settings-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#settings-hours-driving", Input).focus()
        self._show_crisis_text()

    @on(Select.Changed, "#settings-country")
    @on(Input.Changed, "#settings-crisis")
    def _show_crisis_text(self) -> None:
        value = self.query_one("#settings-country", Select).value
        own = self.query_one("#settings-crisis", Input).value
        try:
            country = country_code("country", value if isinstance(value, str) else None)
        except ValidationError:
            country = None
        shown = crisis_text(Settings(country=country, crisis_line=own))
        self.query_one("#settings-crisis-preview", Static).update(
            f"[b]Shown in a crisis:[/b] {escape(shown)}"
        )

    def _clock_example(self, clock_24h: bool) -> str:
        return f"times show as {format_clock(CLOCK_EXAMPLE, UTC, clock_24h)}"

    def current_values(self) -> FormValues:
        """What the form holds now."""
        values: FormValues = {}
        for box in self.query(Input):
            if box.id is not None:
                values[box.id] = box.value
        values["settings-clock"] = self.query_one("#settings-clock", Switch).value
        values["settings-theme"] = str(self.query_one("#settings-theme", Select).value)
        values["settings-country"] = str(self.query_one("#settings-country", Select).value)
        return values

    @property
    def has_changes(self) -> bool:
        """Whether the form differs from what is saved."""
        current = self.current_values()
        return any(current[key] != self._saved_values[key] for key in current)

    @on(Switch.Changed, "#settings-clock")
    def _clock_changed(self, event: Switch.Changed) -> None:
        self.query_one("#settings-clock-example", Label).update(self._clock_example(event.value))

    @on(Select.Changed, "#settings-theme")
    def _theme_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in self.app.available_themes:
            self.app.theme = event.value

    @on(Input.Changed)
    def _clear_problem(self, event: Input.Changed) -> None:
        if event.input.id is not None:
            self._show_problem(event.input.id, "")

    def _show_problem(self, field: str, problem: str) -> None:
        for widget in self.query(f"#{field}-problem").results(Static):
            widget.update(escape(problem))
            widget.display = bool(problem)

    def read_form(self) -> Settings | None:
        """The settings the form describes, or None (with each problem shown) if invalid."""
        values = self.current_values()
        problems: dict[str, str] = {}
        hours: dict[str, float] = {}
        for restriction in DEFAULT_RESTRICTIONS:
            field = f"settings-hours-{restriction.id}"
            try:
                value = parse_hours(str(values[field]))
            except ValidationError as exc:
                problems[field] = _sentence(exc.problem)
                continue
            if value != restriction.hours:
                hours[restriction.id] = value
        planned = 0
        try:
            planned = parse_whole_number(
                str(values["settings-planned"]),
                "planned infusions",
                "infusions",
                MAX_PLANNED_INFUSIONS,
                planned_infusions,
            )
        except ValidationError as exc:
            problems["settings-planned"] = _sentence(exc.problem)
        interval = 0
        try:
            interval = parse_whole_number(
                str(values["settings-questionnaire-days"]),
                "questionnaire days",
                "days",
                MAX_QUESTIONNAIRE_DAYS,
                questionnaire_days,
                lowest=MIN_QUESTIONNAIRE_DAYS,
            )
        except ValidationError as exc:
            problems["settings-questionnaire-days"] = _sentence(exc.problem)
        fasting = 0.0
        try:
            fasting = parse_fasting_hours(str(values["settings-fasting"]))
        except ValidationError as exc:
            problems["settings-fasting"] = _sentence(exc.problem)
        mood: int | None = None
        try:
            mood = parse_mood(str(values["settings-mood"]))
        except ValidationError as exc:
            problems["settings-mood"] = _sentence(exc.problem)
        country = country_code("country", str(values["settings-country"]))
        texts: dict[str, str] = {}
        for field, label, _ in TEXT_FIELDS:
            try:
                texts[field] = scales.text(
                    label, str(values[field]).strip(), scales.SHORT_TEXT_MAX_CHARS
                )
            except ValidationError as exc:
                problems[field] = _sentence(exc.problem)
        for field in [f"settings-hours-{r.id}" for r in DEFAULT_RESTRICTIONS] + [
            "settings-planned",
            "settings-questionnaire-days",
            "settings-fasting",
            "settings-mood",
            *(f for f, _, _ in TEXT_FIELDS),
        ]:
            self._show_problem(field, problems.get(field, ""))
        summary = self.query_one("#settings-problem", Static)
        if problems:
            fields = "1 field" if len(problems) == 1 else f"{len(problems)} fields"
            summary.update(f"Nothing was saved: please fix the {fields} marked in red above.")
            summary.display = True
            first = self.query_one(f"#{next(iter(problems))}", Input)
            first.focus()
            return None
        summary.display = False
        return replace(
            self._settings(),
            restriction_hours=hours,
            planned_infusions=planned,
            questionnaire_interval_days=interval,
            care_team_name=texts["settings-team"],
            care_team_phone=texts["settings-phone"],
            crisis_line=texts["settings-crisis"],
            country=country,
            fasting_hours=fasting,
            baseline_mood=mood,
            clock_24h=bool(values["settings-clock"]),
            theme=str(values["settings-theme"]),
        )

    @on(Button.Pressed, "#settings-go")
    def action_save(self) -> None:
        """Check every field; save only if all are valid, then go back Home."""
        if self._saving:
            return
        settings = self.read_form()
        if settings is None:
            return
        journal = self.app.journal
        saved_values = self.current_values()
        self._saving = True
        self.query_one("#settings-go", Button).disabled = True

        def saved(_: None) -> None:
            self._saving = False
            self._saved_values = saved_values
            self._theme_before = settings.theme
            self.app.notify("Your settings are saved.", title="Settings")
            if self.is_attached:
                self.query_one("#settings-go", Button).disabled = False
                if self.is_active:
                    self.dismiss(None)

        def failed(exc: StoreError) -> None:
            self._saving = False
            if self.is_attached:
                self.query_one("#settings-go", Button).disabled = False
                summary = self.query_one("#settings-problem", Static)
                summary.update(escape(f"Not saved: {exc}"))
                summary.display = True

        self.app.save(lambda: journal.save_settings(settings), saved, failed)

    @on(Button.Pressed, "#settings-cancel")
    def action_back(self) -> None:
        """Go back Home, asking first if that would throw changes away."""
        if not self.has_changes:
            self._leave()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._leave()

        self.app.push_screen(
            ConfirmScreen(
                "You have changes that aren't saved.\nLeave without saving them?",
                yes="Leave without saving",
                no="Keep editing",
            ),
            answered,
        )

    def _leave(self) -> None:
        if self.app.theme != self._theme_before:
            self.app.theme = self._theme_before
        self.dismiss(None)
