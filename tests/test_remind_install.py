"""``ketacheck remind --install / --uninstall / --show``: the files are right (systemd-analyze
and plistlib say so), quoted for a home with spaces and quotes, and only ketacheck's own
files are ever replaced or removed. Nothing is installed for real: every test writes into a
temporary home and records the commands instead of running them."""

from __future__ import annotations

import io
import plistlib
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from ketacheck.cli import install, main
from ketacheck.cli.install import (
    MARKER,
    SERVICE_NAME,
    TIMER_NAME,
    Host,
    InstallError,
    cron_line,
    remind_command,
)

#: Every character a path may hold that a unit file, a plist or a shell treats specially.
ODD = 'Jo\'s "home" 100%n $HOME\\t &<x>'


class Recorder:
    """Stands in for running a command: records it, answers with a set exit code."""

    def __init__(self, failing: Sequence[str] = ()) -> None:
        self.commands: list[list[str]] = []
        self.failing = failing

    def __call__(self, argv: Sequence[str]) -> int:
        self.commands.append(list(argv))
        return 1 if any(word in argv for word in self.failing) else 0


@pytest.fixture(autouse=True)
def no_real_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install, "current_host", lambda: pytest.fail("the real computer"))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / ODD
    folder.mkdir()
    return folder


def host_for(home: Path, system: str = "Linux", run: Recorder | None = None) -> Host:
    python = home / "my python" / "bin" / "python"
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    return Host(
        system=system,
        home=home,
        python=str(python),
        uid=501,
        environ={},
        which=lambda name: f"/usr/bin/{name}",
        run=run or Recorder(),
    )


def command_for(host: Host) -> list[str]:
    return remind_command(host, host.home / "data")


def systemd_words(line: str) -> list[str]:
    """How systemd splits an ExecStart= value: quotes and C escapes, then ``%%`` and, in the
    arguments, ``$$`` (shlex's POSIX rules agree for the escapes the installer writes)."""
    words = [word.replace("%%", "%") for word in shlex.split(line)]
    return [words[0], *(word.replace("$$", "$") for word in words[1:])]


def exec_start(unit: str) -> str:
    return next(line for line in unit.splitlines() if line.startswith("ExecStart="))[10:]


def command_run(unit: str) -> list[str]:
    """The command the service runs, through the shell wrapper if it has one."""
    words = systemd_words(exec_start(unit))
    if words[0] == "/bin/sh":  # a Python path systemd won't take as the executable
        assert words[:3] == ["/bin/sh", "-c", 'exec "$0" "$@"']
        return words[3:]
    return words


def test_systemd_install_writes_two_units_and_starts_the_timer(home: Path) -> None:
    run = Recorder()
    host = host_for(home, run=run)
    command = command_for(host)

    lines = install.install(host, command)

    units = home / ".config" / "systemd" / "user"
    service, timer = (units / SERVICE_NAME).read_text(), (units / TIMER_NAME).read_text()
    assert MARKER in service and MARKER in timer
    assert command_run(service) == command
    assert systemd_words(exec_start(service))[0] == "/bin/sh"  # the home has quotes
    assert command[1:] == ["-m", "ketacheck", "--data-dir", str(home / "data"), "remind"]
    assert "OnCalendar=*:0/15" in timer.splitlines()
    assert "Persistent=true" in timer.splitlines()
    assert run.commands == [
        ["systemctl", "--user", "show-environment"],
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", TIMER_NAME],
    ]
    assert lines[-1] == "To stop them: ketacheck remind --uninstall"
    assert (units / SERVICE_NAME).stat().st_mode & 0o077 == 0


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed here, so the units can't be checked by systemd",
)
@pytest.mark.parametrize("folder", ["a home 100%n $HOME &<x>", ODD])
@pytest.mark.parametrize("python_name", ["python", "py'thon", 'py"thon', "py\\thon"])
def test_systemd_analyze_accepts_the_units(tmp_path: Path, folder: str, python_name: str) -> None:
    home = tmp_path / folder
    home.mkdir()
    host = host_for(home)
    python = Path(host.python).with_name(python_name)
    if python_name != "python":
        shutil.copy(host.python, python)
    host = Host("Linux", home, str(python), 501, {}, host.which, Recorder())
    install.install(host, command_for(host))
    units = home / ".config" / "systemd" / "user"

    done = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            str(units / SERVICE_NAME),
            str(units / TIMER_NAME),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "ketacheck-remind" not in done.stderr, done.stderr  # no warning about our units
    service = (units / SERVICE_NAME).read_text()
    assert command_run(service) == command_for(host)
    direct = not any(char in str(python) for char in "'\"\\")
    assert (systemd_words(exec_start(service))[0] == str(python)) is direct


def test_the_shell_wrapper_really_runs_the_command_as_given(tmp_path: Path) -> None:
    """What ``/bin/sh -c 'exec "$0" "$@"'`` is handed, it runs word for word."""
    program = tmp_path / ODD / "py'thon"
    program.parent.mkdir()
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    program.chmod(0o755)
    unit = install.service_unit([str(program), "-m", "ketacheck", "--data-dir", ODD, "remind"])
    words = systemd_words(exec_start(unit))

    done = subprocess.run(words, capture_output=True, text=True, timeout=30, check=True)

    assert done.stdout.splitlines() == ["-m", "ketacheck", "--data-dir", ODD, "remind"]


def test_reinstalling_replaces_our_files(home: Path) -> None:
    host = host_for(home)
    install.install(host, command_for(host))
    install.install(host, command_for(host))

    assert len(list((home / ".config" / "systemd" / "user").iterdir())) == 2


@pytest.mark.parametrize("kind", ["foreign file", "link to ours"])
def test_install_never_replaces_a_file_it_did_not_write(
    home: Path, tmp_path: Path, kind: str
) -> None:
    run = Recorder()
    host = host_for(home, run=run)
    units = home / ".config" / "systemd" / "user"
    units.mkdir(parents=True)
    if kind == "foreign file":
        (units / TIMER_NAME).write_text("[Timer]\nOnCalendar=daily\n")
    else:
        elsewhere = tmp_path / "elsewhere.timer"
        elsewhere.write_text(f"# {MARKER}\n")
        (units / TIMER_NAME).symlink_to(elsewhere)
    before = (units / TIMER_NAME).read_text()

    with pytest.raises(InstallError, match="ketacheck did not write it"):
        install.install(host, command_for(host))

    assert (units / TIMER_NAME).read_text() == before
    assert not (units / SERVICE_NAME).exists()
    assert run.commands == [["systemctl", "--user", "show-environment"]]


def test_a_timer_systemd_refuses_is_rolled_back(home: Path) -> None:
    host = host_for(home, run=Recorder(failing=["enable"]))

    with pytest.raises(InstallError, match="did not work"):
        install.install(host, command_for(host))

    assert list((home / ".config" / "systemd" / "user").iterdir()) == []


def test_uninstall_removes_exactly_what_install_wrote(home: Path) -> None:
    host = host_for(home)
    install.install(host, command_for(host))
    units = home / ".config" / "systemd" / "user"
    (units / "mine.service").write_text("[Service]\nExecStart=/bin/true\n")
    run = Recorder()
    host = host_for(home, run=run)

    lines = install.uninstall(host, command_for(host))

    assert sorted(p.name for p in units.iterdir()) == ["mine.service"]
    assert lines[0].startswith("Reminders are switched off")
    assert ["systemctl", "--user", "disable", "--now", TIMER_NAME] in run.commands
    assert run.commands[-1] == ["systemctl", "--user", "daemon-reload"]
    again = install.uninstall(host, command_for(host))
    assert again[0].startswith("No reminder schedule of ketacheck's was found")


def test_uninstall_leaves_a_foreign_unit_of_the_same_name(home: Path) -> None:
    host = host_for(home)
    install.install(host, command_for(host))
    units = home / ".config" / "systemd" / "user"
    (units / SERVICE_NAME).write_text("[Service]\nExecStart=/bin/true\n")

    lines = install.uninstall(host, command_for(host))

    assert (units / SERVICE_NAME).read_text() == "[Service]\nExecStart=/bin/true\n"
    assert not (units / TIMER_NAME).exists()
    assert any(line.startswith("Left alone: ") for line in lines)


def test_uninstall_works_where_systemctl_no_longer_reaches_a_manager(home: Path) -> None:
    host = host_for(home)
    install.install(host, command_for(host))
    host = host_for(home, run=Recorder(failing=["show-environment", "disable"]))

    install.uninstall(host, command_for(host))

    assert list((home / ".config" / "systemd" / "user").iterdir()) == []


def test_xdg_config_home_is_where_the_units_go(home: Path, tmp_path: Path) -> None:
    host = host_for(home)
    config = tmp_path / "config"
    host = Host(
        "Linux", home, host.python, 501, {"XDG_CONFIG_HOME": str(config)}, host.which, Recorder()
    )

    install.install(host, command_for(host))

    assert (config / "systemd" / "user" / TIMER_NAME).exists()


def test_launchd_agent_on_macos(home: Path) -> None:
    run = Recorder()
    host = host_for(home, system="Darwin", run=run)
    command = command_for(host)

    install.install(host, command)

    plist = home / "Library" / "LaunchAgents" / "local.ketacheck.remind.plist"
    text = plist.read_text()
    assert MARKER in text
    agent = plistlib.loads(text.encode())
    assert agent["ProgramArguments"] == command
    assert agent["StartInterval"] == 900
    assert agent["Label"] == plist.stem
    assert agent["RunAtLoad"] is True
    assert run.commands == [
        ["launchctl", "bootout", "gui/501/local.ketacheck.remind"],
        ["launchctl", "bootstrap", "gui/501", str(plist)],
    ]
    if shutil.which("plutil"):
        subprocess.run(["plutil", "-lint", str(plist)], check=True, timeout=30)

    run.commands.clear()
    install.uninstall(host, command)
    assert not plist.exists()
    assert run.commands == [["launchctl", "bootout", "gui/501/local.ketacheck.remind"]]


@pytest.mark.parametrize("system", ["FreeBSD", "Linux"])
def test_elsewhere_the_crontab_line_is_printed_and_nothing_written(home: Path, system: str) -> None:
    # Linux here: systemctl can't reach a user manager, as in a container.
    run = Recorder(failing=["show-environment"])
    host = host_for(home, system=system, run=run)
    command = command_for(host)

    lines = install.install(host, command)

    assert "crontab -e" in lines[0]
    line = lines[1]
    assert line.startswith("*/15 * * * * ")
    # cron turns an unescaped % into a new line; then the shell splits the words.
    assert "%" not in line.replace("\\%", "")
    assert shlex.split(line[13:].replace("\\%", "%")) == command
    assert not (home / ".config").exists() and not (home / "Library").exists()
    assert "delete this line" in install.uninstall(host, command)[0]


def test_a_path_with_a_line_break_is_refused(home: Path) -> None:
    host = host_for(home)

    with pytest.raises(InstallError, match="line break or control character"):
        remind_command(host, home / "da\nta")


def test_show_prints_what_would_be_and_what_is_installed(home: Path) -> None:
    host = host_for(home)
    command = command_for(host)
    before = install.show(host, command)
    assert "not installed" in before[0]
    assert any(line.startswith("ExecStart=") for text in before for line in text.splitlines())

    install.install(host, command)
    after = install.show(host, command)

    assert after[0] == "Reminders with a systemd user timer: installed"
    assert "\n".join(after[1:]) == "\n".join(before[1:])


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_the_command_line_installs_shows_and_uninstalls(
    monkeypatch: pytest.MonkeyPatch, home: Path, isolated_data_dir: Path
) -> None:
    host = host_for(home)
    monkeypatch.setattr(install, "current_host", lambda: host)

    code, out, err = run_cli("remind", "--install")
    assert (code, err) == (0, "")
    assert out.startswith("Reminders are set up: every 15 minutes, a systemd user timer")
    service = (home / ".config" / "systemd" / "user" / SERVICE_NAME).read_text()
    assert command_run(service)[-3:] == [
        "--data-dir",
        str(isolated_data_dir),
        "remind",
    ]
    assert run_cli("remind", "--show")[1].startswith(
        "Reminders with a systemd user timer: installed"
    )
    assert run_cli("remind", "--uninstall")[0] == 0
    assert not (home / ".config" / "systemd" / "user" / SERVICE_NAME).exists()
    assert not isolated_data_dir.exists()  # setting up a schedule creates no journal


def test_the_command_line_says_one_line_when_install_fails(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    host = host_for(home, run=Recorder(failing=["enable"]))
    monkeypatch.setattr(install, "current_host", lambda: host)

    code, out, err = run_cli("remind", "--install")

    assert (code, out) == (1, "")
    assert err.startswith("ketacheck: 'systemctl --user enable --now ketacheck-remind.timer'")
    assert err.count("\n") == 1


def test_cron_line_keeps_percent_literal() -> None:
    assert cron_line(["/p y/python", "100%"]) == "*/15 * * * * '/p y/python' 100\\%"
