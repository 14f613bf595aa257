"""Showing ``ketacheck remind``'s reminders: a desktop notification, else plain text.

Back ends are tried in order for each reminder: desktop-notifier (the system's own
notification service), ``notify-send`` where it is installed, ``osascript`` on macOS
(desktop-notifier needs an app bundle there), and finally one line on stdout. Each is
given :data:`NOTIFY_TIMEOUT` seconds: a hung D-Bus must never hang the scheduler. A back
end that fails is not tried again in the same run, and fails quietly: no warning, no
traceback. Only the reminder's lock-screen-safe title is ever shown.
"""

from __future__ import annotations

import contextlib
import logging
import platform
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence

#: Seconds each back end may take to show one notification.
NOTIFY_TIMEOUT: float = 5.0
#: The name shown as the notification's heading (and to the notification service).
APP_NAME = "ketacheck"

#: Shows one notification (its body, maybe of several lines); returns whether it was shown.
Backend = Callable[[str], bool]


def default_backends() -> list[Backend]:
    """The back ends to try, best first, for this computer."""
    backends: list[Backend] = [desktop_notifier, notify_send]
    if platform.system() == "Darwin":
        backends.append(osascript)
    return backends


def announce(
    messages: Sequence[Sequence[str]],
    backends: Sequence[Backend],
    fallback: Callable[[str], None],
) -> list[str]:
    """Show each message (its lines as one notification) with the first back end that
    works, else give its lines to ``fallback`` one by one.

    Returns the name of the back end that showed each message (``"text"``: the fallback).
    """
    working = list(backends)
    shown = []
    for lines in messages:
        text = "\n".join(lines)
        for backend in list(working):
            if _try(backend, text):
                shown.append(getattr(backend, "__name__", "backend"))
                break
            working.remove(backend)
        else:
            for line in lines:
                fallback(line)
            shown.append("text")
    return shown


def _try(backend: Backend, title: str) -> bool:
    try:
        return bool(backend(title))
    except Exception:  # a notification is a nicety: its failure falls through to text
        return False


def desktop_notifier(title: str) -> bool:
    """Through desktop-notifier, which says nothing when it fails: success is known only
    from its "dispatched" callback. Its stand-in back end (macOS outside an app bundle, an
    unknown system) shows nothing, so it counts as failing."""
    try:
        from desktop_notifier import DesktopNotifier
        from desktop_notifier.backends.dummy import DummyNotificationCenter
        from desktop_notifier.main import get_backend_class
    except ImportError:
        return False
    _silence("desktop_notifier", "dbus_fast")
    if get_backend_class() is DummyNotificationCenter:
        return False
    dispatched = threading.Event()

    async def send() -> None:
        notifier = DesktopNotifier(app_name=APP_NAME, app_icon=None)
        await notifier.send(APP_NAME, title, on_dispatched=dispatched.set)

    def run() -> None:
        import asyncio

        with contextlib.suppress(Exception):
            asyncio.run(asyncio.wait_for(send(), NOTIFY_TIMEOUT))

    # On a thread of its own too, so a call that blocks outside asyncio can't hang us.
    worker = threading.Thread(target=run, name="ketacheck-notify", daemon=True)
    worker.start()
    worker.join(NOTIFY_TIMEOUT + 1)
    return dispatched.is_set()


def _silence(*names: str) -> None:
    """Keep a library's failure warnings (with their tracebacks) off the patient's screen."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def notify_send(title: str) -> bool:
    """Through ``notify-send`` (libnotify), where it is installed."""
    program = shutil.which("notify-send")
    if program is None:
        return False
    return _run([program, f"--app-name={APP_NAME}", "--", APP_NAME, title])


def osascript(title: str) -> bool:
    """Through AppleScript on macOS; the title goes in as an argument, never as code."""
    program = shutil.which("osascript")
    if program is None:
        return False
    script = [
        "-e",
        "on run argv",
        "-e",
        f'display notification (item 1 of argv) with title "{APP_NAME}"',
        "-e",
        "end run",
    ]
    return _run([program, *script, title])


def _run(command: list[str]) -> bool:
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=NOTIFY_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
