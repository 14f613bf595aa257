"""Before the app: a calm screen that asks once for the passphrase of an encrypted journal,
and one that shows what an unreadable journal last held.

Both keep the crisis line in view: a locked or damaged journal must never hide it. They
are small apps of their own, run before the full app, because that one needs an open
journal to start.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ketacheck.core.clock import Clock, utc_now
from ketacheck.store.errors import StoreError, WrongSecretError
from ketacheck.store.last_known import last_known_crisis_line, last_known_overview
from ketacheck.tui.text import escape

FORGOT = (
    "Forgotten it? In a terminal, 'ketacheck unlock --recovery' lets you choose a new one "
    "with your recovery key."
)


class UnlockApp(App[bool]):
    """Asks for the passphrase; returns True once the journal is unlocked, else False."""

    CSS_PATH = ["ketacheck.tcss", "screens.tcss"]
    TITLE = "ketacheck"
    BINDINGS = [Binding("escape,ctrl+q", "quit_locked", "Quit", id="quit-locked")]

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        crisis = last_known_crisis_line(self.data_dir, None)
        with Vertical(id="locked"):
            yield Static("[b]Your journal is locked.[/b]", id="locked-title")
            yield Static(
                f"[b]In a crisis:[/b] {escape(crisis)}. You don't need to unlock anything to call.",
                id="locked-crisis",
            )
            yield Static("Type your passphrase and press Enter to open it.", id="locked-ask")
            yield Input(password=True, placeholder="passphrase", id="locked-passphrase")
            yield Static("", id="locked-status")
            yield Static(escape(FORGOT), id="locked-forgot")
            yield Static("Escape quits; nothing is changed.", id="locked-keys")

    @on(Input.Submitted, "#locked-passphrase")
    def try_passphrase(self, event: Input.Submitted) -> None:
        """Check the passphrase away from the screen: Argon2id takes a moment."""
        if not event.value:
            return
        event.input.disabled = True
        self.query_one("#locked-status", Static).update("Opening your journal...")
        self.check(event.value)

    @work(thread=True, exclusive=True)
    def check(self, passphrase: str) -> None:
        """Unlock on a worker thread; the answer comes back to the screen."""
        from ketacheck.store.unlock import unlock_with_passphrase

        try:
            unlock_with_passphrase(self.data_dir, passphrase)
        except WrongSecretError:
            self.call_from_thread(
                self.refused, "That passphrase doesn't open your journal. Please try again."
            )
            return
        except StoreError as exc:
            self.call_from_thread(self.refused, str(exc))
            return
        self.call_from_thread(self.exit, True)

    def refused(self, message: str) -> None:
        """Say why, calmly, and let the patient try again."""
        box = self.query_one("#locked-passphrase", Input)
        box.value = ""
        box.disabled = False
        box.focus()
        self.query_one("#locked-status", Static).update(escape(message))

    def action_quit_locked(self) -> None:
        """Leave without unlocking; nothing was changed."""
        self.exit(False)


class UnreadableApp(App[None]):
    """The journal can't be read: why, what to do, and its open alerts and crisis line as
    they were at the last save that worked."""

    CSS_PATH = ["ketacheck.tcss", "screens.tcss"]
    TITLE = "ketacheck"
    BINDINGS = [Binding("q,escape,ctrl+q", "quit", "Quit", id="quit-unreadable")]

    def __init__(self, data_dir: Path, error: StoreError, clock: Clock = utc_now) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.error = error
        self.clock = clock

    def compose(self) -> ComposeResult:
        from ketacheck.usecases.status import status_report

        overview = last_known_overview(self.data_dir)
        crisis = last_known_crisis_line(self.data_dir, overview)
        with Vertical(id="unreadable"):
            yield Static("[b]Your journal can't be read right now.[/b]", id="unreadable-title")
            yield Static(f"[b]In a crisis:[/b] {escape(crisis)}", id="unreadable-crisis")
            yield Static(escape(str(self.error)), id="unreadable-why")
            yield Static(
                "In a terminal, 'ketacheck restore' gives back every entry the journal still "
                "holds, with the newest backup.",
                id="unreadable-fix",
            )
            if overview is None:
                text = "The alerts that were open can't be shown until it is restored."
            else:
                alerts = status_report(overview, self.clock()).alerts
                lines = [f"• {escape(a.message)}" for a in alerts]
                text = (
                    "[b]Open alerts at the last save that worked:[/b]\n" + "\n".join(lines)
                    if lines
                    else "No alert was open at the last save that worked."
                )
            yield Static(text, id="unreadable-alerts")
            yield Static("q quits.", id="unreadable-keys")
