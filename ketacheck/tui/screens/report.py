"""The clinician report dialog: a one-page summary saved where the patient says."""

from __future__ import annotations

from datetime import datetime

from ketacheck.core.contents import JournalContents
from ketacheck.tui.screens.save_file import SaveFileScreen
from ketacheck.usecases.exchange import Rendered, render_report

REPORT_INTRO = (
    "[b]A summary for your clinician[/b]\n"
    "One page with your infusions, how you felt after each, and any alerts, to print or "
    "send before your next appointment. It opens in a web browser. The file is not "
    "encrypted, so keep it somewhere private."
)


class ReportScreen(SaveFileScreen):
    """Save the clinician summary as a web page (HTML)."""

    KIND = "report"
    STEM = "ketacheck-report"
    INTRO = REPORT_INTRO
    GO = "Save"
    DONE = "Saved a summary of"

    @property
    def extension(self) -> str:
        return "html"

    def render_file(self, contents: JournalContents, now: datetime) -> Rendered:
        return render_report(contents, "html", now, None, self.app.tz)
