"""Small wording helpers shared by every front end."""

from __future__ import annotations

import re


def plural(n: int, noun: str) -> str:
    """``1 check-in``, ``4 check-ins``, ``2 glasses``."""
    many = noun + ("es" if noun.endswith("s") else "s")
    return f"{n} {noun if n == 1 else many}"


# The patterns are compiled (and kept by ``re``) when first used, not as the app loads:
# compiling these two took the first frame about 1 ms, and most text never needs them.

#: ESC and CSI sequences (colours, cursor moves, "clear screen"), and OSC/DCS/APC/PM/SOS
#: strings (window titles, hyperlinks) up to their terminator: never shown, whole. An
#: introducer with no terminator is only a control character: it alone is dropped, so it
#: can't swallow the text after it.
_TERMINAL_SEQUENCE = (
    r"(?s)(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-_]?"
)
#: Bidirectional overrides and isolates can make text read differently from what it is.
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"), None
)


def printable(text: str, newlines: bool = True) -> str:
    """Stored text made safe to print to a terminal: every control character removed.

    Notes and names come from the patient or from an imported file; none of their bytes
    may move the cursor, clear the screen, retitle the window or hide a link. Line breaks
    are kept when ``newlines`` (as plain ``\\n``), tabs become a space, and a lone
    surrogate (which no terminal can show) becomes U+FFFD.
    """
    if text.isprintable():
        # No control, format or surrogate character at all (nor a line break or tab):
        # nothing below would change it. Most text is like this, and it is checked in C.
        return text
    text = re.sub(_TERMINAL_SEQUENCE, "", text).translate(_BIDI_CONTROLS)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = []
    for char in text:
        code = ord(char)
        if char == "\n":
            kept.append("\n" if newlines else " ")
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            continue
        elif 0xD800 <= code <= 0xDFFF:
            kept.append("\ufffd")
        else:
            kept.append(char)
    return "".join(kept)


def json_text(value: object) -> str:
    """``value`` as indented JSON that is exact and safe on a terminal.

    ``json`` escapes C0 controls; C1 controls and the line and paragraph separators are
    escaped here too, so no stored byte acts on the terminal, yet a parser reads back
    exactly what was stored.
    """
    import json

    text = json.dumps(value, indent=2, ensure_ascii=False)
    return re.sub(_UNSAFE_IN_JSON, lambda m: f"\\u{ord(m.group()):04x}", text)


_UNSAFE_IN_JSON = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
