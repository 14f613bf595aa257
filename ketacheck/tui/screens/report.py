"""The clinician report dialog: a one-page summary, as a web page or a PDF, saved where the
patient says."""

from __future__ import annotations

import functools
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, RadioButton, RadioSet

from ketacheck.core.contents import JournalContents
from ketacheck.core.regions import locale_region
from ketacheck.tui.screens.save_file import SaveFileScreen
from ketacheck.tui.text import escape
from ketacheck.tui.widgets.toggles import Choice
from ketacheck.usecases.exchange import Rendered, pdf_problem, render_report

REPORT_INTRO = (
    "[b]A summary for your clinician[/b]\n"
    "One page with your infusions, how you felt after each, your questionnaires and any "
    "alerts, to print or send before your next appointment. It is not encrypted, so keep "
    "it somewhere private."
)

#: Said in the dialog when this computer can't make a PDF, after what to install.
PDF_INSTEAD = "The web page (h) prints the same page."

PageFormat = Literal["html", "pdf"]


@functools.cache
def _pdf_problem() -> str | None:
    """Asked once per run: WeasyPrint takes half a second to load, and stays loaded."""
    return pdf_problem()


class ReportScreen(SaveFileScreen):
    """Save the clinician summary as a web page (HTML) or a PDF."""

    KIND = "report"
    STEM = "ketacheck-report"
    INTRO = REPORT_INTRO
    GO = "Save"
    DONE = "Saved a summary of"
    FILE_KIND = "report"
    OFFERED = ("html", "pdf")

    DEFAULT_CSS = """
    #report-format { width: 100%; }
    """

    BINDINGS = [
        Binding("h", "choose('html')", "HTML", id="report-html"),
        Binding("p", "choose('pdf')", "PDF", id="report-pdf"),
        Binding("escape", "close", "Close", id="report-close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page_format: PageFormat = "html"

    @property
    def extension(self) -> str:
        return self.page_format

    @property
    def chosen_format(self) -> str:
        return self.page_format

    def select_format(self, name: str) -> None:
        self.query_one(f"#report-format-{name}", RadioButton).value = True

    def compose_choices(self) -> ComposeResult:
        with RadioSet(id="report-format", compact=True):
            yield Choice("Web page (HTML)  (h)", value=True, id="report-format-html")
            yield Choice("PDF  (p)", id="report-format-pdf")

    def render_file(self, contents: JournalContents, now: datetime) -> Rendered:
        region = locale_region(os.environ)
        return render_report(
            contents, self.page_format, now, None, self.app.tz, locale_region=region
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the path box a letter is part of the path: "p" types a p, it doesn't pick PDF.
        return not (action == "choose" and isinstance(self.focused, Input))

    def action_choose(self, page_format: PageFormat) -> None:
        """Pick HTML or PDF (the radio buttons follow)."""
        self.select_format(page_format)

    @on(RadioSet.Changed, "#report-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.page_format = "pdf" if event.pressed.id == "report-format-pdf" else "html"
        self.suggest_path()
        self.say("")
        if self.page_format == "pdf":
            self._check_pdf()

    @work(thread=True, group="report-pdf-check")
    def _check_pdf(self) -> None:
        """Say at once, when PDF is picked, if this computer can't make one."""
        problem = _pdf_problem()
        if problem is not None:
            self.app.call_from_thread(self.say, _cannot(problem), False)

    def _problem_with(self, path: Path | None) -> str | None:
        problem = super()._problem_with(path)
        if problem is None and self.page_format == "pdf":
            missing = _pdf_problem()
            if missing is not None:
                return _cannot(missing)
        return problem


def _cannot(problem: str) -> str:
    """Why no PDF can be made, and what to do instead (Rich markup escaped)."""
    return escape(f"A PDF can't be made here: {problem}. {PDF_INSTEAD}")
