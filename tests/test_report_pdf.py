"""The clinician summary as a PDF: real PDFs rendered by WeasyPrint, read back with pypdf.

What a clinician looks for must be in the PDF's text (not only in its picture): the PHQ-9
total, item 9's answer marked in text, the difficulty answer, alerts open and resolved;
the demo course fits on one page; a missing WeasyPrint is said in one plain line.
"""

from __future__ import annotations

import base64
import builtins
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from importlib.abc import MetaPathFinder
from pathlib import Path

import pytest
from msgspec.structs import replace
from pypdf import PdfReader
from textual.widgets import Input, Static

from ketacheck.cli import main
from ketacheck.core.clock import to_iso
from ketacheck.core.questionnaires import QuestionnaireResult
from ketacheck.core.records import CheckIn, new_id
from ketacheck.demo import write_demo_journal
from ketacheck.exchange.report_pdf import NO_LIBRARIES, NOT_INSTALLED, html_to_pdf, libraries_hint
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens import report as report_screen
from ketacheck.tui.screens.report import ReportScreen
from tests.tui_support import NOW, FakeClock, build_app

TODAY = "2026-11-23"

#: A 1x1 PNG.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _add_questionnaires(journal: Journal) -> None:
    """A baseline pair ten days ago, and yesterday's pair: PHQ-9 6 of 27 with item 9 at 1."""
    for kind, answers, days_ago, difficulty in (
        ("phq9", [2, 2, 1, 2, 1, 2, 1, 0, 0], 10, None),
        ("gad7", [2, 2, 2, 1, 1, 2, 1], 10, None),
        ("phq9", [1, 1, 1, 1, 0, 1, 0, 0, 1], 1, 1),
        ("gad7", [1, 1, 1, 0, 1, 1, 0], 1, 0),
    ):
        at = NOW - timedelta(days=days_ago)
        journal.add_questionnaire(
            QuestionnaireResult.create(kind, answers, at, difficulty=difficulty)
        )


@pytest.fixture
def demo(local_zone: str, isolated_data_dir: Path) -> Journal:
    """The demo course with questionnaires, on a computer in New York."""
    journal = write_demo_journal(isolated_data_dir, NOW)
    _add_questionnaires(journal)
    return journal


def run(*argv: str, stdout: io.TextIOBase | None = None) -> tuple[int, str]:
    err = io.StringIO()
    out = stdout if stdout is not None else io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)  # type: ignore[arg-type]
    return code, err.getvalue()


def pdf_text(data: bytes | Path) -> tuple[int, str]:
    """(pages, the text of every page with its whitespace folded to single spaces)."""
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


# --- the command line ---------------------------------------------------------------------


def test_the_demo_pdf_is_one_page_with_what_a_clinician_asks_for(
    demo: Journal, tmp_path: Path
) -> None:
    target = tmp_path / "for-dr-lee.pdf"

    code, err = run("report", "--format", "pdf", "-o", str(target))

    assert code == 0
    assert err == f"Saved a summary of 4 infusions and 19 check-ins to {target}\n"
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_mode & 0o077 == 0
    pages, text = pdf_text(target)
    assert pages == 1
    box = PdfReader(target).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)  # Letter: the demo is in the US
    assert "ketacheck summary for the care team" in text
    # Each PHQ-9 with its change since the first, its item scores, item 9 marked in text.
    assert (
        "PHQ-9 Sun 22 Nov 10:00 6 of 27 mild -5 1 1 1 1 0 1 0 0 1 \u26a0 1, Several days "
        "Somewhat difficult" in text
    )
    assert "GAD-7 Sun 22 Nov 10:00 5 of 21 mild -6 1 1 1 0 1 1 0 Not difficult at all" in text
    # The recovery day by day, and what was never asked said as such.
    assert "Recovery day by day" in text and "4, day 1 Mon 23 Nov" in text
    assert "Side effects Asked at 19 of 19 check-ins. Reported: Vivid dreams at" in text
    assert "Thoughts of self-harm, asked at check-ins Asked at 19 of 19 check-ins: no each" in text
    # Each alert concern once: still open, or resolved with when and how.
    assert text.count("still open") == 2
    assert text.count("resolved Sun 22 Nov 17:45: I reached my care team") == 2
    assert "Page 1 of 1" in text


def test_pdf_to_a_terminal_is_refused_with_exit_2(demo: Journal) -> None:
    class Terminal(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    terminal = Terminal(io.BytesIO(), encoding="utf-8")

    code, err = run("report", "--format", "pdf", "-o", "-", stdout=terminal)

    assert code == 2
    assert err == (
        "ketacheck: -o: a PDF can't be shown in a terminal: give a file name "
        "(-o report.pdf), or send it to another program (-o - | lpr)\n"
    )
    terminal.flush()
    assert terminal.buffer.getvalue() == b""  # type: ignore[attr-defined]


def test_pdf_to_a_pipe_is_the_pdf_bytes(demo: Journal) -> None:
    raw = io.BytesIO()
    pipe = io.TextIOWrapper(raw, encoding="utf-8")

    code, err = run("report", "--format", "pdf", "-o", "-", stdout=pipe)

    assert code == 0
    assert err == "Made a summary of 4 infusions and 19 check-ins.\n"
    assert raw.getvalue().startswith(b"%PDF-")
    assert pdf_text(raw.getvalue())[0] == 1


def test_pdf_without_a_file_goes_to_a_dated_file_in_home(
    demo: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    code, err = run("report", "--format", "pdf")

    assert code == 0
    saved = home / f"ketacheck-report-{TODAY}.pdf"
    assert err.endswith(f" to {saved}\n")
    assert saved.read_bytes().startswith(b"%PDF-")


class _NoPango(MetaPathFinder):
    """Makes ``import weasyprint`` fail as it does where Pango is missing (cffi's OSError)."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': No such file or directory")


@pytest.fixture(params=["not installed", "no libraries"])
def no_weasyprint(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``import weasyprint`` fails one way or the other; returns what should be said."""
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(report_screen, "_pdf_problem", report_screen.pdf_problem)
    if request.param == "not installed":
        monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
        return NOT_INSTALLED
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    return NO_LIBRARIES.format(install=libraries_hint())


def test_missing_weasyprint_is_one_plain_line_and_exit_1(
    demo: Journal, tmp_path: Path, no_weasyprint: str
) -> None:
    target = tmp_path / "r.pdf"

    code, err = run("report", "--format", "pdf", "-o", str(target))

    assert code == 1
    assert err == (
        f"ketacheck: can't make the PDF: {no_weasyprint}. An HTML report (--format html) "
        "needs nothing more, and prints the same page.\n"
    )
    assert not target.exists()
    assert "Traceback" not in err
    # The other formats never needed it.
    assert run("report", "--format", "html", "-o", str(tmp_path / "r.html"))[0] == 0


def test_md_and_html_never_import_weasyprint(
    demo: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def guarded(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("weasyprint"):
            pytest.fail("weasyprint was imported for a report that is not a PDF")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", guarded)

    assert run("report", "-o", str(tmp_path / "r.md"))[0] == 0
    assert run("report", "--format", "html", "-o", str(tmp_path / "r.html"))[0] == 0


# --- nothing from outside, nothing injected -------------------------------------------------


def test_a_hostile_note_is_printed_as_text_and_injects_nothing(
    local_zone: str, isolated_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = write_demo_journal(isolated_data_dir, NOW)
    hostile = (
        'Bad day </td></tr></table><h1>INJECTED</h1><img src="http://127.0.0.1:9/x.png">'
        "<style>body{display:none}</style>\x1b[31mred\x1b[0m\x07 @page{size:A0} end"
    )
    journal.add_checkin(
        CheckIn.from_dict(
            {
                "id": new_id(),
                "at": to_iso(NOW - timedelta(hours=1)),
                "infusion_id": None,
                "dizziness": 0,
                "nausea": 0,
                "fluids_glasses": 2,
                "mood": 5,
                "note": hostile,
                "for_doctor": True,
            }
        )
    )
    monkeypatch.setattr(
        urllib.request.OpenerDirector,
        "open",
        lambda *a, **k: pytest.fail("making the PDF reached for a URL"),
    )
    target = tmp_path / "r.pdf"

    code, err = run("report", "--format", "pdf", "-o", str(target))

    assert code == 0, err
    pages, text = pdf_text(target)
    # The page size and layout are ours, whatever the note says.
    boxes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(target).pages}
    assert boxes == {(612, 792)} and pages == 1
    assert "Bad day </td></tr></table><h1>INJECTED</h1><img" in text
    # The terminal colour codes and the bell are dropped, as everywhere the note is shown.
    # (Where the line breaks in the PDF, its text has a space: compare without spaces.)
    assert "<style>body{display:none}</style>red@page{size:A0}end" in text.replace(" ", "")
    assert "\x1b" not in text and "\x07" not in text
    reader = PdfReader(target)
    assert not reader.pages[0]["/Resources"].get("/XObject")  # no image was fetched
    assert "/Annots" not in reader.pages[0]  # and no link was made


def test_the_printer_fetches_no_url_even_when_a_page_asks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG_1X1)  # a real picture, which a file: URL would load
    monkeypatch.setattr(
        urllib.request.OpenerDirector,
        "open",
        lambda *a, **k: pytest.fail("making the PDF reached for a URL"),
    )
    page = (
        "<!DOCTYPE html><html><head>"
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        "<style>@import url(http://127.0.0.1:9/y.css); "
        "@font-face { font-family: X; src: url(http://127.0.0.1:9/f.woff2); }</style>"
        f'</head><body><p>hello</p><img src="{secret.as_uri()}">'
        '<img src="http://127.0.0.1:9/z.png"></body></html>'
    )

    pdf = html_to_pdf(page)

    pages, text = pdf_text(pdf)
    assert (pages, text.strip()) == (1, "hello")
    assert not PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"].get("/XObject")


def test_the_report_page_itself_asks_for_nothing_from_outside(demo: Journal) -> None:
    raw = io.StringIO()
    assert main(["report", "--format", "html", "-o", "-"], clock=lambda: NOW, stdout=raw) == 0
    page = raw.getvalue()
    assert "url(" not in page and "<link" not in page and "@import" not in page
    assert "src=" not in page and "http" not in page


# --- the app's Report dialog ----------------------------------------------------------------


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="kc-home-"))
    monkeypatch.setenv("HOME", str(folder))
    yield folder
    shutil.rmtree(folder)


async def _open_report(app: KetacheckApp, pilot: object) -> ReportScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press("r")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ReportScreen)
    return app.screen


async def _until_said(screen: ReportScreen, pilot: object, words: str) -> str:
    """The dialog's message once it holds ``words`` (the file is made in a thread)."""
    message = ""
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        message = str(screen.query_one("#report-message", Static).render())
        if words in message:
            return message
    raise AssertionError(f"the dialog never said {words!r}; it says {message!r}")


async def test_the_dialog_saves_a_pdf_when_pdf_is_picked(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        box = screen.query_one("#report-path", Input)
        assert box.value == str(home / f"ketacheck-report-{TODAY}.html")
        assert "(•) Web page (HTML)" in str(screen.query_one("#report-format-html").render())

        await pilot.press("p")
        await pilot.pause()
        assert box.value == str(home / f"ketacheck-report-{TODAY}.pdf")
        assert "(•) PDF" in str(screen.query_one("#report-format-pdf").render())
        assert "( ) Web page" in str(screen.query_one("#report-format-html").render())
        await pilot.press("enter")
        message = await _until_said(screen, pilot, "Saved a summary of")
        assert f"ketacheck-report-{TODAY}.pdf" in message

        await pilot.press("h")  # back to HTML: the suggestion follows
        await pilot.pause()
        assert box.value == str(home / f"ketacheck-report-{TODAY}.html")
    saved = home / f"ketacheck-report-{TODAY}.pdf"
    pages, text = pdf_text(saved)
    assert pages == 1 and "ketacheck summary for the care team" in text


async def test_p_typed_in_the_path_box_is_a_letter(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        box = screen.query_one("#report-path", Input)
        box.focus()
        await pilot.pause()
        box.value = "/tmp/re"
        await pilot.press("end", "p")
        await pilot.pause()
        assert box.value == "/tmp/rep"
        assert screen.page_format == "html"


async def test_the_dialog_says_what_to_install_when_weasyprint_is_missing(
    tmp_path: Path, home: Path, no_weasyprint: str
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_report(app, pilot)
        await pilot.press("p")
        # Said as soon as PDF is picked, and again if the patient saves anyway.
        first = await _until_said(screen, pilot, "A PDF can't be made here")
        await pilot.press("enter")
        await pilot.pause(0.2)
        again = str(screen.query_one("#report-message", Static).render())
        assert isinstance(app.screen, ReportScreen)
    for message in (first, again):
        assert " ".join(message.split()) == (
            f"A PDF can't be made here: {no_weasyprint}. The web page (h) prints the same page."
        )
    assert list(home.iterdir()) == []


def test_the_libraries_to_install_are_named_for_each_system() -> None:
    assert libraries_hint("linux") == (
        "on Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0"
    )
    assert libraries_hint("darwin") == "brew install pango"
    assert "Windows" in libraries_hint("win32")


def test_blood_pressure_readings_are_in_the_pdf(demo: Journal, tmp_path: Path) -> None:
    for hours_ago, systolic, diastolic, pulse in (
        (30, 128, 84, 72),
        (20, None, None, 64),
        (2, 186, 98, 90),
    ):
        demo.add_checkin(
            CheckIn.from_dict(
                {
                    "id": new_id(),
                    "at": to_iso(NOW - timedelta(hours=hours_ago)),
                    "infusion_id": None,
                    "dizziness": 0,
                    "nausea": 0,
                    "fluids_glasses": 2,
                    "mood": 6,
                    "systolic": systolic,
                    "diastolic": diastolic,
                    "pulse": pulse,
                }
            )
        )
    target = tmp_path / "r.pdf"

    code, err = run("report", "--format", "pdf", "-o", str(target))

    assert code == 0, err
    _, text = pdf_text(target)
    assert (
        "Blood pressure and pulse 2 readings: 128-186/84-98 mmHg, latest 186/98 "
        "(Mon 23 Nov 08:00); pulse 64-90 a minute." in text
    )
    assert "Over a level: 1 reading." in text
    assert "When Blood pressure (mmHg) Pulse (a minute) Over a level" in text
    assert "Mon 23 Nov 08:00 186/98 90 very high (180/120 or more)" in text


def test_the_name_from_settings_heads_the_pdf_and_it_stays_one_page(
    demo: Journal, tmp_path: Path
) -> None:
    demo.save_settings(replace(demo.settings(), patient_name="Ann <b>Lee</b>"))
    target = tmp_path / "r.pdf"

    assert run("report", "--format", "pdf", "-o", str(target))[0] == 0

    pages, text = pdf_text(target)
    assert pages == 1
    assert "ketacheck summary for the care team Report for Ann <b>Lee</b>" in text


def test_a4_outside_the_us_and_still_one_page(demo: Journal, tmp_path: Path) -> None:
    demo.save_settings(replace(demo.settings(), country="GB"))
    target = tmp_path / "r.pdf"

    assert run("report", "--format", "pdf", "-o", str(target))[0] == 0

    reader = PdfReader(target)
    box = reader.pages[0].mediabox
    assert (len(reader.pages), round(box.width), round(box.height)) == (1, 595, 842)


#: Where Debian's fonts-dejavu-core puts its fonts (.ci/run installs it where missing).
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

_ONLY_DEJAVU = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{fonts}</dir><cachedir>{cache}</cachedir>
<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>
"""

#: Prints the demo report as the US, in Britain (A4) and with a name, in a fresh process
#: (fontconfig reads its configuration once per process).
_PRINT_VARIANTS = """
import io, sys, time, os
from msgspec.structs import replace
from pathlib import Path
os.environ["TZ"] = "America/New_York"; time.tzset()
from ketacheck.cli import main
from ketacheck.demo import write_demo_journal
from tests.test_report_pdf import NOW, _add_questionnaires
for label, change in (("us", {}), ("gb", {"country": "GB"}), ("name", {"patient_name": "Ann Lee"})):
    journal = write_demo_journal(Path(sys.argv[1]) / label, NOW)
    _add_questionnaires(journal)
    journal.save_settings(replace(journal.settings(), **change))
    target = Path(sys.argv[1]) / f"{label}.pdf"
    argv = ["--data-dir", str(Path(sys.argv[1]) / label), "report", "--format", "pdf"]
    assert main([*argv, "-o", str(target)], clock=lambda: NOW, stderr=io.StringIO()) == 0
"""


def test_one_page_on_a_computer_whose_only_fonts_are_dejavu(tmp_path: Path) -> None:
    """DejaVu Serif is wider than the Times a Mac or Windows has: the printed page asks for
    DejaVu's condensed serif then, and the demo course still fits one sheet."""
    assert DEJAVU.is_dir(), "fonts-dejavu-core is not installed (.ci/run installs it)"
    config = tmp_path / "fonts.conf"
    config.write_text(_ONLY_DEJAVU.format(fonts=DEJAVU, cache=tmp_path / "fc-cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    root = Path(__file__).resolve().parents[1]

    done = subprocess.run(
        [sys.executable, "-c", _PRINT_VARIANTS, str(tmp_path)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr
    for label in ("us", "gb", "name"):
        reader = PdfReader(tmp_path / f"{label}.pdf")
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for font in reader.pages[0]["/Resources"]["/Font"].values()
        }
        assert "DejaVu-Serif-Semi-Condensed" in fonts, fonts  # the configuration took
        assert len(reader.pages) == 1, label
