"""What a patient would see on the terminal, as plain lines of text, from a screenshot."""

from __future__ import annotations

import html
import re

from textual.app import App

_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)
_CELL = 12.2  # the width of one character cell in Textual's SVG export


def screen_lines(app: App[object]) -> list[str]:
    """The screen's characters, one string per terminal line, colour and style dropped."""
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, row, text in _TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _CELL)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= int(row) < height and column + offset < width:
                lines[int(row)][column + offset] = char
    return ["".join(line).rstrip() for line in lines]


def screen_text(app: App[object]) -> str:
    """The whole screen as text, lines joined by newlines."""
    return "\n".join(screen_lines(app))
