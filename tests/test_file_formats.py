"""A file's name and its format agree (issue 21, point 3): the extension chooses the format,
a name that says another format than the one asked for is refused and nothing is written,
in the command line and in the app alike (one table, ``usecases.file_formats``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, Static

from ketacheck.cli import main
from ketacheck.demo import write_demo_journal
from ketacheck.exchange.export import CSV_COLUMNS
from ketacheck.exchange.importer import parse_export
from ketacheck.store.journal import Journal
from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.calendar import CalendarScreen
from ketacheck.tui.screens.exchange import ExportScreen
from ketacheck.tui.screens.report import ReportScreen
from ketacheck.usecases.file_formats import FormatMismatch, format_for, named_extension
from tests.test_report_pdf import no_weasyprint  # noqa: F401 (a fixture)
from tests.tui_support import NOW, FakeClock, build_app, settle

REFUSED = "Nothing was written"


@pytest.mark.parametrize(
    ("kind", "name", "chosen", "expected"),
    [
        ("export", "x.csv", None, "csv"),
        ("export", "x.CSV", None, "csv"),
        ("export", "x.json", None, "json"),
        ("export", "x.fhir.json", None, "fhir"),
        ("export", "x.json", "fhir", "fhir"),  # a FHIR bundle is JSON
        ("export", "x.fhir.json", "fhir", "fhir"),
        ("export", "export", None, "json"),  # no extension: the default
        ("export", "export", "csv", "csv"),  # ... or the format asked for
        ("export", "notes.txt", None, "json"),  # one ketacheck doesn't make: the same
        ("export", "notes.txt", "csv", "csv"),
        ("export", "-", "csv", "csv"),  # stdout has no name
        ("export", None, None, "json"),
        ("export", ".json", None, "json"),  # a hidden file called .json says nothing
        ("export", "my.folder/export", "csv", "csv"),  # a folder's dot says nothing
        ("report", "x.md", None, "md"),
        ("report", "x.markdown", None, "md"),
        ("report", "x.html", None, "html"),
        ("report", "x.htm", None, "html"),
        ("report", "x.pdf", None, "pdf"),
        ("report", "x.txt", None, "md"),
        ("report", "x.html", "html", "html"),
        ("calendar", "x.ics", None, "ics"),
        ("calendar", "x", None, "ics"),
    ],
)
def test_the_name_chooses_the_format_or_the_choice_stands(
    kind: str, name: str | None, chosen: str | None, expected: str
) -> None:
    assert format_for(kind, name, chosen).format == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "name", "chosen", "says"),
    [
        ("export", "y.json", "csv", "y.json is named like a JSON export, not a CSV file"),
        ("export", "y.csv", "json", "y.csv is named like a CSV file, not a JSON export"),
        ("export", "y.fhir.json", "json", "y.fhir.json is named like a FHIR bundle, not a JSON"),
        ("export", "y.pdf", None, "y.pdf is named like a PDF, which this doesn't make"),
        ("export", "y.ics", "json", "y.ics is named like a calendar file, not a JSON export"),
        ("report", "y.json", None, "y.json is named like a JSON export, which this doesn't"),
        ("report", "y.md", "pdf", "y.md is named like a Markdown report, not a PDF"),
        ("calendar", "y.csv", None, "y.csv is named like a CSV file, which this doesn't make"),
    ],
)
def test_a_name_that_says_another_format_is_refused(
    kind: str, name: str, chosen: str | None, says: str
) -> None:
    with pytest.raises(FormatMismatch) as refused:
        format_for(kind, name, chosen)  # type: ignore[arg-type]
    assert refused.value.says().startswith(says)


def test_the_app_report_dialog_offers_no_markdown() -> None:
    with pytest.raises(FormatMismatch) as refused:
        format_for("report", "r.md", "html", ("html", "pdf"))
    assert refused.value.renamed(refused.value.chosen) == "r.html"  # type: ignore[arg-type]
    assert refused.value.extensions_offered() == ".html or .pdf"
    assert named_extension("/a.b/c") is None


# The command line ---------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=lambda: NOW, stdout=out, stderr=err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo(isolated_data_dir: Path) -> Journal:
    return write_demo_journal(isolated_data_dir, NOW)


def test_export_to_x_csv_writes_csv(demo: Journal, tmp_path: Path) -> None:
    code, _, err = run("export", "-o", str(tmp_path / "x.csv"))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(demo.checkins()) + 1


def test_report_to_x_html_writes_a_web_page(demo: Journal, tmp_path: Path) -> None:
    code, _, err = run("report", "-o", str(tmp_path / "x.html"))
    assert code == 0, err
    assert (tmp_path / "x.html").read_text().startswith("<!DOCTYPE html>")


def test_report_to_x_markdown_writes_markdown(demo: Journal, tmp_path: Path) -> None:
    assert run("report", "-o", str(tmp_path / "x.markdown"))[0] == 0
    assert (tmp_path / "x.markdown").read_text().startswith("# ")


def test_a_format_the_name_contradicts_is_refused_and_nothing_is_written(
    demo: Journal, tmp_path: Path
) -> None:
    target = tmp_path / "y.json"
    code, out, err = run("export", "--format", "csv", "-o", str(target))
    assert code == 2
    assert out == ""
    assert err == (
        "ketacheck: -o: y.json is named like a JSON export, not a CSV file; name it y.csv, "
        f"or leave out --format to write a JSON export. {REFUSED}\n"
    )
    assert not target.exists()
    # A file already there is left exactly as it was.
    target.write_text("kept")
    assert run("export", "--format", "csv", "-o", str(target))[0] == 2
    assert target.read_text() == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ketacheck-data", "y.json"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("export", "-o", "r.pdf"), "r.pdf is named like a PDF, which export doesn't make; "),
        (("report", "-o", "r.json"), "give it a name ending in .md, .html or .pdf."),
        (("report", "--format", "pdf", "-o", "r.md"), "not a PDF; name it r.pdf, or leave "),
        (("calendar", "-o", "c.csv"), "which calendar doesn't make; give it a name ending in .ics"),
        (("export", "--format", "json", "-o", "z.fhir.json"), "name it z.json, or leave out"),
    ],
)
def test_names_of_other_formats_are_refused_with_the_way_out(
    demo: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(*argv)
    assert code == 2
    assert says in err and err.endswith(f"{REFUSED}\n") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ketacheck-data"]


def test_a_name_without_an_extension_keeps_the_format_and_the_name(
    demo: Journal, tmp_path: Path
) -> None:
    assert run("export", "-o", str(tmp_path / "for-dr-lee"))[0] == 0
    assert parse_export((tmp_path / "for-dr-lee").read_bytes()).record_count > 0
    assert run("export", "--format", "csv", "-o", str(tmp_path / "sheet"))[0] == 0
    assert (tmp_path / "sheet").read_text().startswith(",".join(CSV_COLUMNS))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-dr-lee", "ketacheck-data", "sheet"]


def test_an_unknown_extension_keeps_the_format_asked_for(demo: Journal, tmp_path: Path) -> None:
    assert run("export", "--format", "csv", "-o", str(tmp_path / "notes.txt"))[0] == 0
    assert (tmp_path / "notes.txt").read_text().startswith(",".join(CSV_COLUMNS))
    assert run("report", "-o", str(tmp_path / "summary.txt"))[0] == 0
    assert (tmp_path / "summary.txt").read_text().startswith("# ")


def test_fhir_is_named_fhir_json_or_plain_json(demo: Journal, tmp_path: Path) -> None:
    assert run("export", "-o", str(tmp_path / "a.fhir.json"))[0] == 0
    assert run("export", "--format", "fhir", "-o", str(tmp_path / "b.json"))[0] == 0
    for name in ("a.fhir.json", "b.json"):
        assert json.loads((tmp_path / name).read_text())["resourceType"] == "Bundle"


def test_stdout_keeps_the_format_asked_for(demo: Journal) -> None:
    code, out, _ = run("export", "--format", "csv", "-o", "-")
    assert code == 0 and out.startswith(",".join(CSV_COLUMNS))


def test_report_to_x_pdf_without_weasyprint_says_what_to_install(
    demo: Journal,
    tmp_path: Path,
    no_weasyprint: str,  # noqa: F811
) -> None:
    code, _, err = run("report", "-o", str(tmp_path / "x.pdf"))
    assert code == 1
    assert err.startswith(f"ketacheck: can't make the PDF: {no_weasyprint}.")
    assert not (tmp_path / "x.pdf").exists()


# The app --------------------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def _type_path(app: KetacheckApp, pilot: object, selector: str, path: Path) -> None:
    box = app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await pilot.press(*str(path))  # type: ignore[attr-defined]
    await settle(app, pilot)  # type: ignore[arg-type]


def _said(app: KetacheckApp, selector: str) -> str:
    return " ".join(str(app.screen.query_one(selector, Static).render()).split())


async def test_typing_a_csv_name_chooses_csv(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await _type_path(app, pilot, "#export-path", home / "sheet.csv")
        screen = app.screen
        assert isinstance(screen, ExportScreen) and screen.export_format == "csv"
        assert screen.query_one("#export-format-csv", RadioButton).value
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Exported" in _said(app, "#export-message")
    assert (home / "sheet.csv").read_text().startswith(",".join(CSV_COLUMNS))


async def test_a_format_refused_in_the_app_leaves_the_dialog_open_with_the_reason(
    tmp_path: Path, home: Path
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await _type_path(app, pilot, "#export-path", home / "sheet.csv")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.set_focus(None)
        await pilot.press("j")  # JSON, chosen after the name said CSV
        await pilot.click("#export-go")
        await settle(app, pilot)
        assert app.screen is screen
        assert _said(app, "#export-message") == (
            "sheet.csv is named like a CSV file, not a JSON export. Change the name to "
            f"sheet.json, or choose CSV above. {REFUSED}."
        )
        assert screen.query_one("#export-message").has_class("-problem")
    assert list(home.iterdir()) == []


async def test_a_name_without_an_extension_is_saved_as_chosen(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await _type_path(app, pilot, "#export-path", home / "for-dr-lee")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Exported" in _said(app, "#export-message")
    assert [p.name for p in home.iterdir()] == ["for-dr-lee"]
    assert parse_export((home / "for-dr-lee").read_bytes()).record_count > 0


async def test_the_report_dialog_takes_pdf_from_the_name_and_refuses_markdown(
    tmp_path: Path, home: Path
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await _type_path(app, pilot, "#report-path", home / "summary.pdf")
        assert screen.page_format == "pdf"
        await _type_path(app, pilot, "#report-path", home / "summary.md")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert _said(app, "#report-message") == (
            "summary.md is named like a Markdown report, not a PDF. Change the name to "
            f"summary.pdf. {REFUSED}."
        )
    assert list(home.iterdir()) == []


async def test_the_calendar_dialog_refuses_a_csv_name(tmp_path: Path, home: Path) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        await _type_path(app, pilot, "#calendar-path", home / "dates.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert "dates.csv is named like a CSV file, not a calendar file" in _said(
            app, "#calendar-message"
        )
    assert list(home.iterdir()) == []
