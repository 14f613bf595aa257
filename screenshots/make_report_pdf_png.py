"""Render page one of the demo's PDF report to screenshots/report-pdf.png.

    python screenshots/make_report_pdf_png.py    # needs WeasyPrint and poppler-utils

The PDF is made by `ketacheck report --format pdf` from the demo course at the same fixed
clock as the other screenshots, with a baseline and a recent PHQ-9 and GAD-7 (the recent
PHQ-9 answers item 9 "Several days", so the picture shows how it is marked), then page
one is turned into a PNG by poppler's pdftoppm.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ketacheck.cli import main as ketacheck  # noqa: E402
from ketacheck.core.questionnaires import QuestionnaireResult  # noqa: E402
from ketacheck.demo import write_demo_journal  # noqa: E402
from screenshots.make_screenshots import NOW  # noqa: E402

#: (kind, answers, days before NOW, difficulty answer)
QUESTIONNAIRES = (
    ("phq9", [2, 2, 1, 2, 1, 2, 1, 0, 0], 10, None),
    ("gad7", [2, 2, 2, 1, 1, 2, 1], 10, None),
    ("phq9", [1, 1, 1, 1, 0, 1, 0, 0, 1], 1, 1),
    ("gad7", [1, 1, 1, 0, 1, 1, 0], 1, 0),
)


def render() -> Path:
    """Write report-pdf.png, page one of the demo's PDF report at 110 dpi."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm is not installed (apt-get install poppler-utils)")
    png = HERE / "report-pdf.png"
    # The command shows this computer's zone: the screenshots' patient lives in New York.
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        journal = write_demo_journal(data, NOW)
        for kind, answers, days_ago, difficulty in QUESTIONNAIRES:
            at = NOW - timedelta(days=days_ago)
            journal.add_questionnaire(
                QuestionnaireResult.create(kind, answers, at, difficulty=difficulty)
            )
        pdf = Path(scratch) / "report.pdf"
        err = io.StringIO()
        code = ketacheck(
            ["--data-dir", str(data), "report", "--format", "pdf", "-o", str(pdf)],
            clock=lambda: NOW,
            stderr=err,
        )
        if code:
            raise SystemExit(f"ketacheck report failed with exit code {code}: {err.getvalue()}")
        stem = Path(scratch) / "page"
        subprocess.run(
            [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", pdf, stem],
            check=True,
        )
        shutil.copyfile(stem.with_suffix(".png"), png)
    return png


if __name__ == "__main__":
    print(render())
