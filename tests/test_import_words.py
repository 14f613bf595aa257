"""A file that isn't a readable export is named in plain words, in the CLI and the app.

No parser terms ("invalid literal", "JSON value", "BOM", "UTF-8") ever reach the patient.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ketacheck.cli.main import main
from ketacheck.core.contents import JournalContents
from ketacheck.demo import demo_records
from ketacheck.exchange.export import export_document, export_json
from ketacheck.tui.screens.exchange import ImportScreen
from tests.tui_support import NOW, FakeClock, build_app

JARGON = ("invalid literal", "expected", "JSON value", "BOM", "UTF-8", "char ", "Errno", "orjson")

GOOD = export_json(export_document(JournalContents.of_records(*demo_records(NOW)), NOW))

BROKEN = [
    pytest.param(GOOD[: len(GOOD) // 2], "stops part-way through", id="truncated"),
    pytest.param(
        GOOD.replace(b"false", b"tru", 1),
        "the text goes wrong at line",
        id="tru",
    ),
    pytest.param(b"\x00\x8f\xff\xfe\x01binary", "isn't a text file", id="binary"),
    pytest.param(b"at,dizziness,nausea,mood\n2026-11-20,1,0,6\n", "spreadsheet (CSV)", id="csv"),
    pytest.param(b"", "the file is empty", id="empty"),
]


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), clock=FakeClock(), stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize(("payload", "words"), BROKEN)
def test_the_cli_names_a_broken_file_plainly(
    tmp_path: Path, isolated_data_dir: Path, payload: bytes, words: str
) -> None:
    file = tmp_path / "broken.json"
    file.write_bytes(payload)
    code, said = _cli("import", str(file))
    assert code == 2
    assert words in said and "Nothing was imported" in said
    assert not any(term in said for term in JARGON), said
    assert said[-1] == "\n" and said.count("\n") == 1  # one line, no traceback


@pytest.mark.parametrize(("payload", "words"), BROKEN)
async def test_the_import_dialog_names_a_broken_file_plainly(
    tmp_path: Path, payload: bytes, words: str
) -> None:
    file = tmp_path / "broken.json"
    file.write_bytes(payload)
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    before = app.journal.path.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ImportScreen())
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(file)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = str(app.screen.query_one("#import-message", Static).render())
        assert words in said and "Nothing was imported" in said
        assert not any(term in said for term in JARGON), said
    assert app.journal.path.read_bytes() == before


def test_a_byte_order_mark_at_the_start_is_no_problem(
    tmp_path: Path, isolated_data_dir: Path
) -> None:
    file = tmp_path / "from-notepad.json"
    file.write_bytes(b"\xef\xbb\xbf" + GOOD)
    code, said = _cli("import", str(file))
    assert code == 0, said
    assert "Imported 4 infusions" in said
