"""``remind``: what is due now, as a notification, each reminder once; and its schedule.

Run by a scheduler every 15 minutes, so it is quiet: nothing printed when nothing is due,
nothing created when there is no journal yet. A journal that can't be read is one line on
stderr and exit 1 (through the usual error handling in :mod:`ketacheck.cli.main`): the
scheduler's log shows that reminders stopped and why, one line a run, never a traceback,
and the patient's own ``ketacheck`` says the same.
"""

from __future__ import annotations

import os

from ketacheck.cli import notify
from ketacheck.cli.context import EXIT_ERROR, EXIT_OK, Context, open_journal
from ketacheck.core.words import printable
from ketacheck.store.fileio import check_data_folder
from ketacheck.store.paths import JOURNAL_NAME
from ketacheck.store.remind_state import read_state, remind_lock, write_state
from ketacheck.usecases.reminders import due_reminders


def remind(ctx: Context) -> int:
    """``ketacheck remind [--print] [--install | --uninstall | --show]``."""
    for option in ("install", "uninstall", "show"):
        if getattr(ctx.args, option):
            return _schedule(ctx, option)
    messages = due_messages(ctx)
    if messages:
        backends = [] if ctx.args.print else notify.default_backends()
        notify.announce(messages, backends, ctx.say)
    return EXIT_OK


def due_messages(ctx: Context) -> list[tuple[str, ...]]:
    """The notifications to show now. What is due is saved before it is shown, so no
    reminder is ever shown twice (a second ``remind`` waits for the first's lock)."""
    if not check_data_folder(ctx.data_dir) or not os.path.lexists(ctx.data_dir / JOURNAL_NAME):
        return []  # no journal yet: nothing can be due, and nothing is created
    from ketacheck.store.unlock import OFF, lock_state

    with remind_lock(ctx.data_dir).held():
        state = read_state(ctx.data_dir)
        if lock_state(ctx.data_dir) != OFF:
            # Encrypted: never asks, never opens the journal; the plain times only.
            from ketacheck.store.plain_file import read_plain_file
            from ketacheck.usecases.planned_reminders import due_planned

            run = due_planned(read_plain_file(ctx.data_dir), state, ctx.now())
        else:
            journal = open_journal(ctx)
            try:
                contents = journal.contents()
            finally:
                journal.close()
            run = due_reminders(contents, state, ctx.now(), None)
        write_state(ctx.data_dir, run.state)
    return [tuple(printable(line, newlines=False) for line in lines) for lines in run.messages()]


def _schedule(ctx: Context, option: str) -> int:
    from ketacheck.cli import install as installer  # plistlib and the rest: only here

    host = installer.current_host()
    try:
        command = installer.remind_command(host, ctx.data_dir)
        action = {"install": installer.install, "uninstall": installer.uninstall}
        lines = action.get(option, installer.show)(host, command)
    except installer.InstallError as exc:
        ctx.note(f"ketacheck: {printable(str(exc), newlines=False)}")
        return EXIT_ERROR
    for line in lines:
        ctx.say(line)
    return EXIT_OK
