"""``ketacheck remind`` for an encrypted journal: what is due, from the plain reminder times.

With encryption on, ``remind`` (run by a scheduler, with nobody to type a passphrase)
never opens the journal. It reads ``plain.json``, which every save writes with the coming
weeks' reminders (see :mod:`ketacheck.store.plain_file`), and announces each one once,
exactly as :func:`~ketacheck.usecases.reminders.due_reminders` does for a plain journal.
"""

from __future__ import annotations

from datetime import datetime

from ketacheck.core.clock import ensure_utc
from ketacheck.store.plain_file import PlainFile
from ketacheck.store.remind_state import RemindState
from ketacheck.usecases.reminders import REMEMBER_FOR, REMIND_KINDS, RemindRun, remind_since


def due_planned(plan: PlainFile | None, state: RemindState | None, now: datetime) -> RemindRun:
    """The planned reminders to announce at ``now``, each once, and what to remember.

    Like :func:`~ketacheck.usecases.reminders.due_reminders`: missed check-in reminders
    become one, and a fasting or ride reminder whose appointment has passed is dropped.
    """
    now = ensure_utc(now)
    remembered = {} if state is None else dict(state.announced)
    remembered = {key: at for key, at in remembered.items() if at >= now - REMEMBER_FOR}
    since = remind_since(state, now)
    found = (
        []
        if plan is None
        else [r for r in plan.reminders if since <= r.at <= now and r.key not in remembered]
    )
    until = {} if plan is None else plan.until
    due = [
        r for r in found if r.kind in REMIND_KINDS and (r.key not in until or until[r.key] > now)
    ]
    checkins = [r for r in due if r.kind == "checkin"]
    due = [r for r in due if r.kind != "checkin" or r is checkins[-1]]
    remembered.update({reminder.key: now for reminder in found})
    last_run = now if state is None or state.last_run is None else max(now, state.last_run)
    return RemindRun(due, RemindState(last_run, remembered))
