"""``ketacheck restore``."""

from __future__ import annotations

from pathlib import Path

from ketacheck.cli.context import EXIT_OK, EXIT_USAGE, Context, open_journal
from ketacheck.core.scales import ValidationError
from ketacheck.store import backups
from ketacheck.store.restore import RestoreResult
from ketacheck.store.restore import restore as restore_journal


def restore(ctx: Context) -> int:
    """``ketacheck restore [--from FILE] [--start-empty] [--force] [--list]``.

    Refuses (exit 2) to replace a journal that opens fine unless ``--force`` is given.
    """
    from ketacheck.store.errors import BadBackupError, RestoreRefusedError

    if ctx.args.list:
        found = backups.list_backups(ctx.data_dir, ctx.today())
        if not found:
            ctx.say(f"No backups yet in {backups.backup_dir(ctx.data_dir)}.")
        for path in found:
            ctx.say(str(path))
        return EXIT_OK
    source = Path(ctx.args.source).expanduser() if ctx.args.source else None
    if source is not None and not source.is_file():
        raise ValidationError("--from", f"{source} is not a file")
    try:
        result = restore_journal(
            ctx.data_dir, ctx.now(), source, ctx.args.start_empty, force=ctx.args.force
        )
    except (RestoreRefusedError, BadBackupError) as exc:
        ctx.note(f"ketacheck: {exc}")
        return EXIT_USAGE
    if result.set_aside is not None:
        ctx.say(f"Your previous journal was kept, unchanged, as {result.set_aside}")
    if result.restored_from is not None:
        ctx.say(f"Restored the journal from {result.restored_from}")
        ctx.say(_restored_text(result))
    elif result.salvaged is None or not result.salvaged.anything:
        ctx.say("Started a new, empty journal.")
    for line in _salvage_lines(result):
        ctx.say(line)
    open_journal(ctx).close()
    return EXIT_OK


def _salvage_lines(result: RestoreResult) -> list[str]:
    """What came back from the unreadable journal itself, what the backup added, what
    could not be recovered, and what the journal holds now."""
    found = result.salvaged
    if found is None:
        return []
    from ketacheck.store.backups import BackupSummary

    recovered = BackupSummary({table: found.count(table) for table in found.tables})
    losses = found.describe_losses()
    if not found.anything:
        why = f" ({'; '.join(losses)})" if losses else ""
        return [f"Nothing whole could be recovered from the unreadable journal itself{why}."]
    lines = [f"Recovered from the unreadable journal itself: {recovered.describe()}."]
    if result.restored_from is not None:
        added = BackupSummary(result.from_backup)
        more = added.describe() if added.entries else "nothing more"
        lines.append(f"The backup added {more} that the unreadable journal no longer held.")
    else:
        lines.append("There was no good backup to add to it.")
    if losses:
        lines.append(f"Could not recover: {'; '.join(losses)}.")
    lines.append(f"Your journal now holds {result.restored.describe()}.")
    return lines


def _restored_text(result: RestoreResult) -> str:
    """Which backup came back, what it holds, and what the journal it replaced held."""
    taken = f" on {result.taken_on:%a %d %b %Y}" if result.taken_on is not None else ""
    if result.previous is not None:
        before = f"the journal it replaced held {result.previous.describe()}"
    elif result.previous_state == "missing":
        before = "there was no journal in its place"
    elif result.previous_state == "too-new":
        before = "the journal it replaced was saved by a newer ketacheck"
    else:
        before = "the journal it replaced could not be read"
    return f"That backup was taken{taken} and holds {result.restored.describe()}; {before}."
