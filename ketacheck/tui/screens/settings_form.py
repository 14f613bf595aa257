"""The Settings form as data: each field, how it reads, checks and stores its setting.

The Settings screen loops over ``SECTIONS`` to draw the form and over ``FIELDS`` to read
it, so a new setting is one ``SettingField`` here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from msgspec.structs import replace

from ketacheck.core.country_guess import CountryGuess
from ketacheck.core.course_numbers import MAX_PLANNED_INFUSIONS
from ketacheck.core.crisis import country_choices, country_name
from ketacheck.core.restrictions import DEFAULT_RESTRICTIONS, length_words
from ketacheck.core.scales import ValidationError
from ketacheck.core.settings import (
    DEFAULT_FASTING_HOURS,
    MAX_QUESTIONNAIRE_DAYS,
    MIN_QUESTIONNAIRE_DAYS,
    Settings,
    country_code,
)
from ketacheck.core.timeparse import format_clock
from ketacheck.core.typed_settings import (
    parse_fasting_hours,
    parse_hours,
    parse_mood,
    parse_planned,
    parse_questionnaire_days,
    parse_reminder_times,
    parse_short_text,
)
from ketacheck.tui.screens.settings_blood_pressure import BLOOD_PRESSURE_FIELDS
from ketacheck.tui.screens.settings_name import NAME_FIELDS
from ketacheck.tui.themes import HIGH_CONTRAST_THEME
from ketacheck.tui.widgets.settings_row import FieldValue, SettingField

MOOD_QUESTION = "How has your mood been over the last two weeks?"

#: An afternoon time, so the two clock styles look different.
CLOCK_EXAMPLE = datetime(2026, 1, 1, 14, 5, tzinfo=UTC)

FormValues = dict[str, FieldValue]


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


#: The country list's first choice while no country is set: leave it unset, so the guess
#: (if any) picks the crisis line and no guess is ever saved as the patient's choice.
NOT_SET = "not-set"


def not_set_title(guess: CountryGuess | None) -> str:
    """How the list names "not set": the guess it stands for, if there is one."""
    if guess is None:
        return "Not chosen yet"
    return f"{country_name(guess.country) or guess.country} (guessed from your {guess.source})"


def country_options(current: str | None, guess: CountryGuess | None) -> list[tuple[str, str]]:
    """The countries to offer: while none is set, "not set" first (named by the guess);
    a stored code the list doesn't name is kept."""
    options = country_choices()
    if current and current not in {code for _, code in options}:
        options.insert(-1, (f"{current} (no crisis line listed; findahelpline.com)", current))
    if current is None:
        options.insert(0, (not_set_title(guess), NOT_SET))
    return options


def chosen_country(value: object) -> str | None:
    """The country picked in a list: None for "not set" (or nothing picked)."""
    if not isinstance(value, str) or value == NOT_SET:
        return None
    return country_code("country", value)


def form_values(settings: Settings, theme: str) -> FormValues:
    """What the form shows for ``settings``, in the form's own terms."""
    values: FormValues = {
        f"settings-hours-{r.id}": length_words(settings.restriction_hours.get(r.id, r.hours))
        for r in DEFAULT_RESTRICTIONS
    }
    for field in FIELDS:
        if field.setting is not None:
            values[field.id] = field.shows(getattr(settings, field.setting))
    values["settings-theme"] = theme
    return values


def sentence(problem: str) -> str:
    """A problem as a sentence: a capital first and a full stop last."""
    return problem[:1].upper() + problem[1:] + ("" if problem.endswith(".") else ".")


def clock_example(clock_24h: FieldValue) -> str:
    """How a time reads with the 24-hour clock on or off."""
    return f"times show as {format_clock(CLOCK_EXAMPLE, UTC, bool(clock_24h))}"


def _text_field(
    field_id: str, label: str, placeholder: str, setting: str, below: str | None = None
) -> SettingField:
    return SettingField(
        field_id,
        label,
        "text",
        placeholder=placeholder,
        parse=parse_short_text(label),
        setting=setting,
        below=below,
    )


HOURS_FIELDS = tuple(
    SettingField(
        f"settings-hours-{restriction.id}",
        restriction.label,
        "length",
        hint=f"default {length_words(restriction.hours)}",
        tooltip=restriction.why,
        parse=parse_hours,
    )
    for restriction in DEFAULT_RESTRICTIONS
)

COURSE_FIELDS = (
    SettingField(
        "settings-planned",
        "Planned infusions",
        "integer",
        hint=f"1 to {MAX_PLANNED_INFUSIONS}",
        parse=parse_planned,
        setting="planned_infusions",
    ),
    SettingField(
        "settings-questionnaire-days",
        "Questionnaires every",
        "integer",
        hint=f"days · {MIN_QUESTIONNAIRE_DAYS} to {MAX_QUESTIONNAIRE_DAYS}",
        tooltip="How often PHQ-9 and GAD-7 fall due",
        parse=parse_questionnaire_days,
        setting="questionnaire_interval_days",
    ),
    SettingField(
        "settings-fasting",
        "Stop eating before infusion",
        "number",
        hint=f"hours · default {hours_text(DEFAULT_FASTING_HOURS)}",
        tooltip="Your clinic may ask you to stop eating this long before an infusion",
        parse=parse_fasting_hours,
        setting="fasting_hours",
        shows=hours_text,
    ),
    SettingField(
        "settings-mood",
        "Mood baseline",
        "integer",
        hint="0 to 10 · optional",
        tooltip="Your mood from before the course, to compare later check-ins with",
        question=f"{MOOD_QUESTION} (0 very low, 10 very good; you may leave it empty)",
        parse=parse_mood,
        setting="baseline_mood",
        shows=lambda mood: "" if mood is None else str(mood),
    ),
)

CALL_FIELDS = (
    _text_field(
        "settings-team",
        "Care team name",
        "a clinic or a person, e.g. Riverside Clinic",
        "care_team_name",
    ),
    _text_field("settings-phone", "Care team phone", "e.g. 555-0142", "care_team_phone"),
    SettingField(
        "settings-country",
        "Where you live",
        "choice",
        parse=chosen_country,
        setting="country",
        shows=lambda code: code or NOT_SET,
        classes="settings-country",
    ),
    _text_field(
        "settings-crisis",
        "Your own crisis line",
        "leave empty to use the line for your country",
        "crisis_line",
        below="settings-crisis-preview",
    ),
)

DISPLAY_FIELDS = (
    SettingField(
        "settings-clock",
        "24-hour clock",
        "switch",
        hint=clock_example,
        parse=bool,
        setting="clock_24h",
        shows=bool,
        row_id="settings-clock-row",
        hint_id="settings-clock-example",
    ),
    SettingField(
        "settings-theme",
        "Theme (shows at once)",
        "choice",
        parse=str,
        setting="theme",
        classes="settings-theme",
    ),
)


REMINDER_FIELDS = (
    SettingField(
        "settings-reminder-times",
        "Check-in reminders at",
        "text",
        question=(
            "When should check-in reminders come? Both times for 3 days after an infusion, "
            "then the first time daily until day 10."
        ),
        tooltip="Used by the open app, 'ketacheck remind' and the calendar file",
        placeholder="10:00, 20:00",
        parse=parse_reminder_times,
        setting="reminder_times",
        shows=", ".join,
    ),
    SettingField(
        "settings-notify-app",
        "Notices in the app",
        "switch",
        hint="when something falls due",
        parse=bool,
        setting="notify_app",
        shows=bool,
    ),
    SettingField(
        "settings-notify-terminal",
        "Terminal notifications",
        "switch",
        hint="or a bell",
        parse=bool,
        setting="notify_terminal",
        shows=bool,
    ),
)


#: The form, section by section: who to call first (the country picks the crisis line),
#: as on the first run, so the numbers that matter most are the first thing Settings shows.
SECTIONS = (
    ("Who to call", CALL_FIELDS),
    ("Restrictions: how long after the infusion ends", HOURS_FIELDS),
    ("Your course", COURSE_FIELDS),
    ("Your name (optional)", NAME_FIELDS),
    ("Reminders", REMINDER_FIELDS),
    ("Blood pressure (from your clinic)", BLOOD_PRESSURE_FIELDS),
    ("Display", DISPLAY_FIELDS),
)

FIELDS = tuple(field for _, fields in SECTIONS for field in fields)


def read_values(values: FormValues) -> tuple[dict[str, Any], dict[str, str]]:
    """Each field's value read from the form, and a sentence for each one that is wrong."""
    parsed: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for field in FIELDS:
        try:
            parsed[field.id] = field.parse(values[field.id])
        except ValidationError as exc:
            problems[field.id] = sentence(exc.problem)
    return parsed, problems


def settings_from(settings: Settings, parsed: dict[str, Any]) -> Settings:
    """``settings`` with every field of the form; hours equal to the default aren't kept."""
    hours = {
        restriction.id: parsed[f"settings-hours-{restriction.id}"]
        for restriction in DEFAULT_RESTRICTIONS
        if parsed[f"settings-hours-{restriction.id}"] != restriction.hours
    }
    changes = {field.setting: parsed[field.id] for field in FIELDS if field.setting}
    return replace(settings, restriction_hours=hours, **changes)
