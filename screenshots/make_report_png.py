"""Render the clinician summary of the demo data to screenshots/report.png.

    python screenshots/make_report_png.py    # needs Debian's chromium

The summary is made by `ketacheck report --format html` from the demo course at the same
fixed clock as the other screenshots, then printed to PNG by headless Chromium.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ketacheck.cli import main as ketacheck  # noqa: E402
from ketacheck.core.questionnaires import QuestionnaireResult  # noqa: E402
from ketacheck.demo import write_demo_journal  # noqa: E402
from screenshots.make_screenshots import NOW, chromium_png  # noqa: E402


def render() -> Path:
    """Write report.html (kept beside the PNG) and report.png."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    html = HERE / "report.html"
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        journal = write_demo_journal(data, NOW)
        # The demo course has no questionnaires; add a baseline and a recent pair so the
        # example shows that section too.
        for kind, answers, days_ago in (
            ("phq9", [2, 2, 1, 2, 1, 2, 1, 0, 0], 10),
            ("gad7", [2, 2, 2, 1, 1, 2, 1], 10),
            ("phq9", [1, 1, 1, 1, 0, 1, 0, 0, 0], 1),
            ("gad7", [1, 1, 1, 0, 1, 1, 0], 1),
        ):
            journal.add_questionnaire(
                QuestionnaireResult.create(kind, answers, NOW - timedelta(days=days_ago))
            )
        code = ketacheck(
            ["--data-dir", str(data), "report", "--format", "html", "-o", str(html)],
            clock=lambda: NOW,
            stderr=io.StringIO(),
        )
        if code:
            raise SystemExit(f"ketacheck report failed with exit code {code}")
        png = HERE / "report.png"
        chromium_png(browser, html.as_uri(), png, 900, 1400)
    return png


if __name__ == "__main__":
    print(render())
