"""The crisis line and emergency number for where the patient lives.

Every crisis text the app shows (TUI, CLI, report) comes from :func:`crisis_text`, so each
one names the local emergency number as well as a crisis line.

Source of every number below: GUIDANCE.md, "Added facts", the crisis lines entry (United
States 988, call or text, chat at 988lifeline.org, emergency 911; Canada 988, call or
text, 911; United Kingdom and Ireland, Samaritans 116 123, emergency 999 (UK), 112 or 999
(Ireland); Australia, Lifeline 13 11 14, emergency 000; New Zealand 1737, call or text,
emergency 111; elsewhere the local emergency number, 112 across the EU, and
findahelpline.com). GUIDANCE asks for each to be checked against the service's own site
before shipping.
"""

from __future__ import annotations

from msgspec import Struct

from ketacheck.core.settings import Settings

FIND_A_HELPLINE = "findahelpline.com"
EU_EMERGENCY = "112"
LOCAL_EMERGENCY = "your local emergency number"


class CrisisLine(Struct, frozen=True):
    """One country's crisis line and emergency number.

    Attributes:
        country: The ISO 3166-1 alpha-2 code.
        name: The country's name, as the patient picks it from a list.
        line: How to reach the crisis line, said as an instruction.
        emergency: The emergency number (or numbers, "112 or 999").
        chat: Where the line can also be reached by online chat, if it can.
    """

    country: str
    name: str
    line: str
    emergency: str
    chat: str | None = None


CRISIS_LINES: dict[str, CrisisLine] = {
    line.country: line
    for line in (
        CrisisLine(
            "US",
            "United States",
            "Call or text 988 (Suicide & Crisis Lifeline)",
            "911",
            chat="988lifeline.org",
        ),
        CrisisLine("CA", "Canada", "Call or text 988", "911"),
        CrisisLine("GB", "United Kingdom", "Call Samaritans on 116 123", "999"),
        CrisisLine("IE", "Ireland", "Call Samaritans on 116 123", "112 or 999"),
        CrisisLine("AU", "Australia", "Call Lifeline on 13 11 14", "000"),
        CrisisLine("NZ", "New Zealand", "Call or text 1737", "111"),
    )
}
"""The countries whose crisis line GUIDANCE.md names (Added facts), by code."""

#: The other EU member states, where 112 is the emergency number (GUIDANCE.md, Added
#: facts: "112 across the EU"). Ireland is in :data:`CRISIS_LINES`.
EU_COUNTRIES: dict[str, str] = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "HR": "Croatia",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DK": "Denmark",
    "EE": "Estonia",
    "FI": "Finland",
    "FR": "France",
    "DE": "Germany",
    "GR": "Greece",
    "HU": "Hungary",
    "IT": "Italy",
    "LV": "Latvia",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "MT": "Malta",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SK": "Slovakia",
    "SI": "Slovenia",
    "ES": "Spain",
    "SE": "Sweden",
}

SOMEWHERE_ELSE = "Somewhere else"
#: The country setting of a patient who said they live somewhere ketacheck lists no line
#: for: ``ZZ``, the ISO 3166 code left for users' own use (CLDR's "unknown region"). It
#: is a choice, unlike a country not set, so no guess replaces it.
SOMEWHERE_ELSE_CODE = "ZZ"


def crisis_line_for(country: str | None) -> CrisisLine | None:
    """The crisis line of ``country`` (a code such as ``GB``), if the table lists one."""
    return None if country is None else CRISIS_LINES.get(country.upper())


def country_name(country: str | None) -> str | None:
    """The name of a country the app knows (``GB`` -> ``United Kingdom``), else None."""
    if country is None:
        return None
    code = country.upper()
    if code == SOMEWHERE_ELSE_CODE:
        return SOMEWHERE_ELSE
    line = CRISIS_LINES.get(code)
    return line.name if line is not None else EU_COUNTRIES.get(code)


def country_choices() -> list[tuple[str, str]]:
    """``(name, code)`` for a country picker: every known country by name, then
    ``("Somewhere else", "ZZ")`` for a country the app has no numbers for."""
    known = {code: line.name for code, line in CRISIS_LINES.items()} | EU_COUNTRIES
    named = sorted((name, code) for code, name in known.items())
    return [*named, (SOMEWHERE_ELSE, SOMEWHERE_ELSE_CODE)]


def emergency_number(settings: Settings) -> str | None:
    """The emergency number where the patient lives ("911", "112 or 999"), if known
    (from the country set, else the one guessed)."""
    country = settings.effective_country
    line = crisis_line_for(country)
    if line is not None:
        return line.emergency
    if country is not None and country.upper() in EU_COUNTRIES:
        return EU_EMERGENCY
    return None


def emergency_text(settings: Settings) -> str:
    """Say "your local emergency number", with the number when the country is known."""
    number = emergency_number(settings)
    return LOCAL_EMERGENCY if number is None else f"{LOCAL_EMERGENCY}, {number}"


def crisis_text(settings: Settings) -> str:
    """What to do in a crisis, in one line, always ending with the local emergency number.

    The patient's own line (``settings.crisis_line``) comes first when they typed one;
    otherwise the line for their country, or findahelpline.com when the app has none.
    For example: "Call or text 988 (Suicide & Crisis Lifeline) or your local emergency
    number, 911". With no country set, the guessed country's line is given, followed by
    where the guess came from and how to set the country: "(from your time zone — set it
    with 'ketacheck settings set country US')".
    """
    own = settings.crisis_line.strip().rstrip(".").rstrip()
    line = crisis_line_for(settings.effective_country)
    if own:
        first = own
    elif line is not None:
        first = line.line
    else:
        first = f"Call a crisis line listed at {FIND_A_HELPLINE}"
    if emergency_number(settings) is None and not own:
        return f"{first} or {LOCAL_EMERGENCY} ({EU_EMERGENCY} across the EU)"
    text = f"{first} or {emergency_text(settings)}"
    guess = settings.guessed
    return text if guess is None else f"{text} ({guess.note})"


def country_from_locale(locale_name: str | None) -> str | None:
    """The country in a locale name, as a default for the country setting.

    Reads POSIX names ("en_GB.UTF-8", "de_DE@euro"), tags ("en-AU") and the names
    Windows gives ("English_United Kingdom"). "C", "POSIX", a bare language ("en") or a
    region that is not a country ("es_419") give None. The caller reads the locale; this
    only parses it.
    """
    if not locale_name:
        return None
    name = locale_name.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    _, _, region = name.partition("_")
    for part in reversed(region.split("_")):  # "zh_Hant_TW": the region comes last
        if len(part) == 2 and part.isascii() and part.isalpha():
            return part.upper()
    by_name = {line.name.lower(): code for code, line in CRISIS_LINES.items()}
    by_name |= {country.lower(): code for code, country in EU_COUNTRIES.items()}
    return by_name.get(region.strip().lower())
