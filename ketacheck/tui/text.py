"""Stored text inside Textual markup: shown as exactly what was typed, never as markup.

Notes, names and crisis lines come from the patient or from an imported file. Rich's
``escape`` leaves an unclosed ``[`` alone, and that one bracket can swallow the markup
that follows it ("[red" before "[b]Care team:[/b]" crashed the app at start-up). So here
every bracket is escaped, and every control character is removed (see
:func:`ketacheck.core.words.printable`).
"""

from __future__ import annotations

from ketacheck.core.words import printable


def escape(text: str, newlines: bool = True) -> str:
    """``text`` made safe to put inside markup: it will render as itself.

    Textual reads a backslash as an escape only right before ``[``; so every bracket is
    escaped, and a trailing backslash (which would escape the markup after it) gets a
    space after it.
    """
    safe = printable(text, newlines).replace("[", "\\[")
    return safe + " " if safe.endswith("\\") else safe
