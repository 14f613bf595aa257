"""``ketacheck remind --install / --uninstall / --show``: a per-user schedule, no root.

Linux with a systemd user manager: ``ketacheck-remind.service`` and ``.timer`` in
``~/.config/systemd/user`` (every 15 minutes; ``Persistent=true`` catches up after sleep).
macOS: a LaunchAgent in ``~/Library/LaunchAgents`` (``StartInterval`` 900). Anywhere else,
or where ``systemctl --user`` can't reach a user manager (a container): the crontab line
to add, printed, since editing someone's crontab is theirs to do.

Every file written carries :data:`MARKER`; ``--uninstall`` deletes only a regular file
that carries it, never a link or a file someone else wrote. Every path and command goes
through a :class:`Host`, so tests write into a temporary home and record the commands.
"""

from __future__ import annotations

import os
import platform
import plistlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from msgspec import Struct, field

from ketacheck.store.fileio import atomic_write

SERVICE_NAME = "ketacheck-remind.service"
TIMER_NAME = "ketacheck-remind.timer"
LAUNCHD_LABEL = "local.ketacheck.remind"
INTERVAL_MINUTES = 15
SHELL = "/bin/sh"
#: In every file the installer writes: what makes it ours to replace or delete.
MARKER = "Written by the ketacheck reminders installer"
_UNINSTALL_HINT = "'ketacheck remind --uninstall' removes it"


class InstallError(Exception):
    """The schedule could not be set up or removed; ``str()`` is the line to show."""


def _run_command(argv: Sequence[str]) -> int:
    try:
        done = subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, capture_output=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        return 124
    except OSError:
        return 127
    return done.returncode


class Host(Struct, frozen=True):
    """The computer the schedule is for: where files go and how commands run."""

    system: str
    home: Path
    python: str
    uid: int = 0
    environ: Mapping[str, str] = field(default_factory=dict)
    which: Callable[[str], str | None] = shutil.which
    run: Callable[[Sequence[str]], int] = _run_command

    @classmethod
    def current(cls) -> Host:
        """This computer, this user, this Python."""
        return cls(
            system=platform.system(),
            home=Path.home(),
            python=sys.executable,
            uid=os.getuid() if hasattr(os, "getuid") else 0,
            environ=dict(os.environ),
        )

    def systemd_dir(self) -> Path:
        """Where systemd looks for this user's own units."""
        config = self.environ.get("XDG_CONFIG_HOME", "")
        base = Path(config) if config and Path(config).is_absolute() else self.home / ".config"
        return base / "systemd" / "user"

    def plist_path(self) -> Path:
        """Where launchd looks for this user's agents."""
        return self.home / "Library" / "LaunchAgents" / f"{LAUNCHD_LABEL}.plist"


def current_host() -> Host:
    """This computer (tests replace it with a temporary home and a command recorder)."""
    return Host.current()


class Plan(Struct, frozen=True):
    """One way of scheduling ``remind``: the files it writes and the commands it runs."""

    how: str
    files: dict[Path, str]
    start: list[list[str]] = field(default_factory=list)
    stop: list[list[str]] = field(default_factory=list)
    #: Run before ``start``, failures ignored: a reinstall replaces what is loaded.
    unload: list[list[str]] = field(default_factory=list)
    cron_line: str = ""


def remind_command(host: Host, data_dir: Path) -> list[str]:
    """The command the schedule runs. The data folder is always named, so the schedule
    checks the journal this patient uses, whatever the scheduler's environment says."""
    if not host.python:
        raise InstallError("can't tell which Python runs ketacheck, so no schedule was set up")
    command = [host.python, "-m", "ketacheck", "--data-dir", str(data_dir.absolute()), "remind"]
    for part in command:
        if any(ord(char) < 32 or ord(char) == 127 for char in part):
            raise InstallError(
                f"the path {part!r} has a line break or control character that a schedule "
                "can't hold; nothing was set up"
            )
    return command


def systemd_quote(argument: str, *, executable: bool = False) -> str:
    """One word of a systemd command line, quoted, ``%`` specifiers kept literal (``%%``).

    Arguments have ``$`` doubled (systemd would expand ``$NAME``); the executable's name is
    not expanded, so its ``$`` stays single.
    """
    escaped = argument.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return '"' + (escaped if executable else escaped.replace("$", "$$")) + '"'


def systemd_exec(command: Sequence[str]) -> str:
    """``ExecStart``'s value. systemd refuses an executable whose path holds a quote or a
    backslash; such a Python is started by ``/bin/sh``, which runs its ``$0`` as given."""
    program, *arguments = command
    words = [systemd_quote(program, executable=True)]
    if any(char in program for char in "\"'\\"):
        words = [SHELL, "-c", systemd_quote('exec "$0" "$@"'), systemd_quote(program)]
    return " ".join([*words, *(systemd_quote(part) for part in arguments)])


def service_unit(command: Sequence[str]) -> str:
    """The systemd service that runs ``remind`` once."""
    return (
        f"# {MARKER}; {_UNINSTALL_HINT}.\n"
        "[Unit]\n"
        "Description=ketacheck reminders: what is due now, as a notification\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={systemd_exec(command)}\n"
    )


def timer_unit() -> str:
    """The systemd timer that starts the service every 15 minutes, and after a sleep."""
    return (
        f"# {MARKER}; {_UNINSTALL_HINT}.\n"
        "[Unit]\n"
        f"Description=Run ketacheck reminders every {INTERVAL_MINUTES} minutes\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar=*:0/{INTERVAL_MINUTES}\n"
        "Persistent=true\n"
        f"Unit={SERVICE_NAME}\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def launchd_plist(command: Sequence[str]) -> str:
    """The LaunchAgent that runs ``remind`` every 15 minutes and at log-in."""
    agent = {
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(command),
        "StartInterval": INTERVAL_MINUTES * 60,
        "RunAtLoad": True,
        "ProcessType": "Background",
    }
    text = plistlib.dumps(agent, sort_keys=False).decode()
    head, doctype, body = text.partition("<plist")
    # An XML comment may not hold "--", so the hint is worded without the option.
    comment = f"<!-- {MARKER}; 'ketacheck remind' removes it when uninstalling. -->"
    return f"{head}{comment}\n{doctype}{body}"


def cron_line(command: Sequence[str]) -> str:
    """The crontab line, quoted for the shell, with cron's ``%`` kept literal."""
    quoted = " ".join(shlex.quote(part) for part in command).replace("%", "\\%")
    return f"*/{INTERVAL_MINUTES} * * * * {quoted}"


def systemd_usable(host: Host) -> bool:
    """Whether ``systemctl --user`` reaches a user manager (it doesn't in most containers)."""
    if host.system != "Linux" or host.which("systemctl") is None:
        return False
    return host.run(["systemctl", "--user", "show-environment"]) == 0


def plan_for(host: Host, command: Sequence[str]) -> Plan:
    """How ``remind`` is scheduled on ``host``: systemd units already written count even
    where ``systemctl --user`` is unavailable now, so they can still be shown and removed."""
    if host.system == "Darwin":
        plist = host.plist_path()
        stop = [["launchctl", "bootout", f"gui/{host.uid}/{LAUNCHD_LABEL}"]]
        return Plan(
            "a launchd agent",
            {plist: launchd_plist(command)},
            start=[["launchctl", "bootstrap", f"gui/{host.uid}", str(plist)]],
            stop=stop,
            unload=stop,
        )
    units = host.systemd_dir()
    files = {units / SERVICE_NAME: service_unit(command), units / TIMER_NAME: timer_unit()}
    if host.system == "Linux" and (systemd_usable(host) or any(map(is_ours, files))):
        return Plan(
            "a systemd user timer",
            files,
            start=[
                ["systemctl", "--user", "daemon-reload"],
                ["systemctl", "--user", "enable", "--now", TIMER_NAME],
            ],
            stop=[["systemctl", "--user", "disable", "--now", TIMER_NAME]],
        )
    return Plan("cron", {}, cron_line=cron_line(command))


def is_ours(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a link) that the installer wrote."""
    try:
        if not path.is_file() or path.is_symlink():
            return False
        with path.open("rb") as handle:
            return MARKER.encode() in handle.read(64 * 1024)
    except OSError:
        return False


def install(host: Host, command: Sequence[str]) -> list[str]:
    """Write the schedule's files and start it; returns the lines to show.

    Raises:
        InstallError: a file of that name is someone else's, or the scheduler refused.
    """
    plan = plan_for(host, command)
    if not plan.files:
        return _cron_lines(plan, adding=True)
    for path in plan.files:
        if os.path.lexists(path) and not is_ours(path):
            raise InstallError(
                f"{path} is already there and ketacheck did not write it, so it was left "
                "alone and nothing was set up"
            )
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode(), durable=False)
    for argv in plan.unload:
        host.run(argv)  # nothing loaded yet is fine
    for argv in plan.start:
        if host.run(argv) != 0:
            _remove(plan.files)
            raise InstallError(
                f"'{' '.join(argv)}' did not work, so no schedule was set up "
                "(the files written were removed again)"
            )
    where = ", ".join(str(path) for path in plan.files)
    return [
        f"Reminders are set up: every {INTERVAL_MINUTES} minutes, {plan.how} runs "
        "'ketacheck remind', which shows anything due as a notification.",
        f"Written: {where}",
        "To stop them: ketacheck remind --uninstall",
    ]


def uninstall(host: Host, command: Sequence[str]) -> list[str]:
    """Stop the schedule and delete exactly the files the installer wrote."""
    plan = plan_for(host, command)
    if not plan.files:
        return _cron_lines(plan, adding=False)
    ours = {path: text for path, text in plan.files.items() if is_ours(path)}
    lines = [
        f"Left alone: {path} (ketacheck did not write it)"
        for path in plan.files
        if path not in ours and os.path.lexists(path)
    ]
    if not ours:
        return ["No reminder schedule of ketacheck's was found; nothing was changed.", *lines]
    for argv in plan.stop:
        host.run(argv)  # already stopped is fine: the files still go
    _remove(ours)
    if plan.how.startswith("a systemd"):
        host.run(["systemctl", "--user", "daemon-reload"])
    removed = ", ".join(str(path) for path in ours)
    return [f"Reminders are switched off; removed {removed}.", *lines]


def show(host: Host, command: Sequence[str]) -> list[str]:
    """What is installed, or what ``--install`` would write."""
    plan = plan_for(host, command)
    if not plan.files:
        return _cron_lines(plan, adding=True)
    installed = all(is_ours(path) for path in plan.files)
    state = "installed" if installed else "not installed; 'ketacheck remind --install' writes"
    lines = [f"Reminders with {plan.how}: {state}"]
    for path, text in plan.files.items():
        if is_ours(path):
            text = path.read_text(encoding="utf-8", errors="replace")
        lines += ["", f"{path}:", text.rstrip("\n")]
    return lines


def _remove(files: Mapping[Path, str]) -> None:
    for path in files:
        if is_ours(path):
            path.unlink(missing_ok=True)


def _cron_lines(plan: Plan, adding: bool) -> list[str]:
    if adding:
        return [
            "This computer has no per-user scheduler ketacheck can set up by itself "
            "(no systemd user manager, no launchd). To check for reminders every "
            f"{INTERVAL_MINUTES} minutes, run 'crontab -e' and add this line:",
            plan.cron_line,
        ]
    return [
        "ketacheck set up no schedule here by itself. If you added a line to your "
        "crontab for it, run 'crontab -e' and delete this line:",
        plan.cron_line,
    ]
