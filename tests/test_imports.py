"""Everything but the full-screen app works without importing Textual (it is slow to load)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_env

NO_TUI_SCRIPT = textwrap.dedent(
    """
    import importlib, io, json, pkgutil, sys
    from datetime import UTC, datetime

    import ketacheck.core, ketacheck.exchange, ketacheck.store

    imported = []
    import ketacheck.usecases

    for package in (ketacheck.core, ketacheck.store, ketacheck.exchange, ketacheck.usecases):
        for module in pkgutil.iter_modules(package.__path__):
            imported.append(importlib.import_module(f"{package.__name__}.{module.name}").__name__)
    from ketacheck.cli import main

    def clock():
        return datetime(2026, 11, 22, 16, 0, tzinfo=UTC)

    export_file = sys.argv[1]
    commands = [
        ["status"],
        ["infusion", "add", "--at", "today 09:30"],
        ["checkin", "--dizziness", "3", "--nausea", "1", "--fluids", "2", "--mood", "6",
         "--self-harm", "no"],  # fmt: skip
        ["status"],
        ["status", "--json"],
        ["export", "-o", "-"],
        ["export", "--format", "csv", "-o", "-"],
        ["export", "-o", export_file],
        ["import", export_file],
        ["restore", "--list"],
    ]
    results = []
    for argv in commands:
        out, err = io.StringIO(), io.StringIO()
        results.append([argv[0], main(argv, clock=clock, stdout=out, stderr=err), err.getvalue()])
    print(json.dumps({
        "imported": imported,
        "results": results,
        "textual": sorted(
            m for m in sys.modules
            if m == "textual" or m.startswith(("textual.", "textual_", "ketacheck.tui"))
        ),
    }))
    """
)


def run_python(
    code: str, data_dir: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=run_env(data_dir, TZ="America/New_York", **env),
        timeout=60,
        check=False,
    )


def test_cli_commands_and_lower_layers_never_import_textual(
    isolated_data_dir: Path, tmp_path: Path
) -> None:
    done = run_python(NO_TUI_SCRIPT, isolated_data_dir, str(tmp_path / "export.json"))

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert {
        "ketacheck.core.alerts",
        "ketacheck.core.records",
        "ketacheck.store.journal",
        "ketacheck.store.backups",
        "ketacheck.exchange.export",
        "ketacheck.exchange.importer",
    } <= set(report["imported"])
    assert [(name, code) for name, code, _ in report["results"]] == [
        ("status", 0),
        ("infusion", 0),
        ("checkin", 0),
        ("status", 0),
        ("status", 0),
        ("export", 0),
        ("export", 0),
        ("export", 0),
        ("import", 0),
        ("restore", 0),
    ]
    assert report["results"][5][2] == "Exported 1 infusion and 1 check-in.\n"
    assert report["textual"] == []


def test_the_check_would_see_textual_if_it_were_imported(isolated_data_dir: Path) -> None:
    code = "import sys, ketacheck.tui.app; print('textual' in sys.modules)"

    done = run_python(code, isolated_data_dir)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


REMIND_SCRIPT = textwrap.dedent(
    """
    import io, json, sys
    from datetime import UTC, datetime
    from ketacheck.cli import main

    def clock():
        return datetime(2026, 11, 22, 16, 0, tzinfo=UTC)

    codes = []
    # The first remind says what is due as text (no real notification in a test); then
    # nothing is due, and the second must not load a notification library.
    for argv in (["infusion", "add", "--at", "today 09:30"], ["remind", "--print"], ["remind"]):
        out, err = io.StringIO(), io.StringIO()
        codes.append([main(argv, clock=clock, stdout=out, stderr=err), out.getvalue()])
    heavy = ("textual", "desktop_notifier", "dbus_fast", "icalendar")
    print(json.dumps({
        "codes": codes,
        "heavy": sorted(m for m in sys.modules if m.split(".")[0] in heavy),
    }))
    """
)


def test_remind_with_nothing_due_imports_no_textual_nor_notifier(isolated_data_dir: Path) -> None:
    done = run_python(REMIND_SCRIPT, isolated_data_dir)

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert [code for code, _ in report["codes"]] == [0, 0, 0]
    assert report["codes"][2][1] == ""  # nothing due: nothing said
    assert report["heavy"] == []


STATUS_SCRIPT = textwrap.dedent(
    """
    import io, json, sys
    from datetime import UTC, datetime

    def clock():
        return datetime(2026, 11, 22, 16, 0, tzinfo=UTC)

    before = set(sys.modules)
    from ketacheck.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(sys.argv[1:], clock=clock, stdout=out, stderr=err)
    print(json.dumps({
        "code": code, "out": out.getvalue(), "err": err.getvalue(),
        "loaded": sorted(set(sys.modules) - before),
    }))
    """
)

#: What ``ketacheck status`` never loads while the summary answers: the app, the
#: journal's own machinery (TinyDB, its rules and tables), the encryption (for a plain
#: journal), the libraries that write files, the rules of every alert and reminder.
NOT_FOR_STATUS = (
    "textual",
    "rich",
    "tinydb",
    "orjson",
    "cryptography",
    "tempfile",
    "shutil",
    "zoneinfo",
    "ketacheck.tui",
    "ketacheck.store.journal",
    "ketacheck.store.journal_file",
    "ketacheck.store.storage",
    "ketacheck.store.summary",
    "ketacheck.store.envelope",
    "ketacheck.store.migrations",
    "ketacheck.store.system_country",
    "ketacheck.core.contents",
    "ketacheck.core.alerts",
    "ketacheck.core.questions",
    "ketacheck.core.reminders",
    "ketacheck.cli.questions",
    "ketacheck.exchange",
)


@pytest.mark.parametrize("argv", [["status"], ["status", "--json"]])
def test_status_reads_the_summary_and_loads_little_else(
    argv: list[str], isolated_data_dir: Path
) -> None:
    setup = [
        ["settings", "set", "country", "US"],
        ["infusion", "add", "--at", "2026-11-22T14:00:00+00:00"],
        [
            "checkin",
            "--dizziness",
            "8",
            "--nausea",
            "1",
            "--fluids",
            "2",
            "--mood",
            "6",
            "--self-harm",
            "no",
            "--at",
            "2026-11-22T15:30:00+00:00",
        ],  # fmt: skip
    ]
    for words in setup:
        made = run_python(STATUS_SCRIPT, isolated_data_dir, *words)
        assert json.loads(made.stdout.splitlines()[-1])["code"] == 0, made.stdout

    done = run_python(STATUS_SCRIPT, isolated_data_dir, *argv)

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0, report["err"]
    assert "dizziness" in report["out"].lower()  # the open alert is shown
    heavy = [
        name
        for name in report["loaded"]
        if any(name == n or name.startswith(f"{n}.") for n in NOT_FOR_STATUS)
    ]
    assert heavy == []
    if argv == ["status"]:
        # The text is written from the summary's plain JSON: no record type (and so no
        # msgspec, nor ``dataclasses``, ``inspect`` or ``ast``) is loaded for it.
        typed = [name for name in report["loaded"] if name in NOT_FOR_STATUS_TEXT]
        assert typed == []


#: What plain ``ketacheck status`` (text) loads neither, beyond :data:`NOT_FOR_STATUS`.
NOT_FOR_STATUS_TEXT = (
    "dataclasses",
    "msgspec",
    "inspect",
    "ast",
    "ketacheck.core.records",
    "ketacheck.core.alert_records",
    "ketacheck.core.settings",
    "ketacheck.core.restrictions",
    "ketacheck.core.course",
    "ketacheck.store.overview",
    "ketacheck.usecases.status",
)


#: What ``status`` on an encrypted journal loads beyond what it must (the cipher, the key
#: derivation): neither the record types' library nor the code that converts a folder.
NOT_FOR_ENCRYPTED_STATUS = (
    "msgspec",
    "ketacheck.store.encryption",
    "ketacheck.store.journal",
    "tinydb",
    "textual",
)


def test_status_of_an_encrypted_journal_loads_only_the_cipher_beyond_plain_status(
    isolated_data_dir: Path, tmp_path: Path
) -> None:
    passfile = tmp_path / "passphrase"
    passfile.write_text("a passphrase long enough\n")
    for words in (
        ["infusion", "add", "--at", "2026-11-22T14:00:00+00:00"],
        ["encrypt", "--passphrase-file", str(passfile)],
    ):
        made = run_python(STATUS_SCRIPT, isolated_data_dir, *words)
        assert json.loads(made.stdout.splitlines()[-1])["code"] == 0, made.stdout

    done = run_python(
        STATUS_SCRIPT, isolated_data_dir, "status", KETACHECK_PASSPHRASE_FILE=str(passfile)
    )

    report = json.loads(done.stdout.splitlines()[-1])
    assert report["code"] == 0, report["err"]
    assert "Infusion 1 of 6" in report["out"]
    assert "cryptography" in {name.split(".")[0] for name in report["loaded"]}
    heavy = [
        name
        for name in report["loaded"]
        if any(name == n or name.startswith(f"{n}.") for n in NOT_FOR_ENCRYPTED_STATUS)
    ]
    assert heavy == []


def test_the_status_check_would_see_a_heavy_module(isolated_data_dir: Path) -> None:
    """Without its summary, status reads the journal: the check above would notice."""
    run_python(STATUS_SCRIPT, isolated_data_dir, "infusion", "add", "--at", "today 09:30")
    (isolated_data_dir / "summary.json").unlink()

    done = run_python(STATUS_SCRIPT, isolated_data_dir, "status")

    loaded = json.loads(done.stdout.splitlines()[-1])["loaded"]
    # Reading the journal needs its storage, not TinyDB (loaded for a change only).
    assert {"ketacheck.store.storage", "ketacheck.store.journal"} <= set(loaded)
    assert "tinydb" not in loaded


FIRST_FRAME_SCRIPT = textwrap.dedent(
    """
    import dataclasses, sys
    from pathlib import Path

    from textual.app import App

    from ketacheck.tui.launch import make_app

    seen = {}
    _display = App._display

    def first_frame(app, screen, update):
        _display(app, screen, update)
        if update is not None and not seen:
            modules = [m for name, m in sys.modules.items() if name.startswith("ketacheck")]
            seen["screen"] = type(screen).__name__
            # TinyDB, and the JSON libraries: the summary is parsed with msgspec's.
            seen["unneeded"] = sorted(
                m for m in sys.modules if m.split(".")[0] in ("tinydb", "json", "orjson")
            )
            # Each module's own classes, and the classes inside them (a widget's messages).
            own = [
                value
                for module in modules
                for value in vars(module).values()
                if isinstance(value, type) and value.__module__ == module.__name__
            ]
            own += [inner for cls in own for inner in vars(cls).values()
                    if isinstance(inner, type) and inner.__module__ == cls.__module__]
            seen["dataclasses"] = sorted(
                f"{value.__module__}.{value.__qualname__}"
                for value in own
                if dataclasses.is_dataclass(value)
            )
            app.call_later(app.exit)

    App._display = first_frame
    make_app(Path(sys.argv[1])).run(headless=True, size=(80, 24))
    import json  # only now: the first frame must not need it

    print(json.dumps(seen))
    """
)


def test_homes_first_frame_waits_for_no_tinydb_and_no_dataclass(isolated_data_dir: Path) -> None:
    """Home is drawn from the summary: TinyDB (and orjson) load with the first change,
    the summary is parsed with msgspec (no json module, about 1 ms to load), and every
    class on the way, a widget's messages too, is made without dataclasses (a dataclass
    cost ~0.3-0.5 ms to make)."""
    run_python(STATUS_SCRIPT, isolated_data_dir, "infusion", "add", "--at", "today 09:30")

    done = run_python(FIRST_FRAME_SCRIPT, isolated_data_dir, str(isolated_data_dir))

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == {"screen": "HomeScreen", "unneeded": [], "dataclasses": []}


def test_the_first_frame_check_would_see_a_dataclass(isolated_data_dir: Path) -> None:
    """The check above finds a record type made as a dataclass, and TinyDB once loaded."""
    script = FIRST_FRAME_SCRIPT.replace(
        "from ketacheck.tui.launch import make_app",
        "from ketacheck.tui.launch import make_app\n"
        "import tinydb, ketacheck.store.salvage  # Salvage: a mutable dataclass\n"
        "import ketacheck.tui.widgets.pickers  # a widget whose message is a dataclass",
    )
    run_python(STATUS_SCRIPT, isolated_data_dir, "infusion", "add", "--at", "today 09:30")

    done = run_python(script, isolated_data_dir, str(isolated_data_dir))

    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert "tinydb" in seen["unneeded"]
    assert "ketacheck.store.salvage.Salvage" in seen["dataclasses"]
    assert any(name.startswith("ketacheck.tui.widgets.pickers.") for name in seen["dataclasses"])
