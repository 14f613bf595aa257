"""``export``, ``report`` and ``import``: the use cases of ketacheck.usecases.exchange."""

from __future__ import annotations

from pathlib import Path

from ketacheck.cli.context import EXIT_OK, EXIT_USAGE, Context, open_journal, since_date
from ketacheck.core.scales import ValidationError
from ketacheck.usecases.exchange import (
    EXPORT_FILES,
    Rendered,
    default_output_path,
    import_bundle,
    read_import,
    render_export,
    render_report,
    write_output,
)


def export(ctx: Context) -> int:
    """``ketacheck export [-o FILE|-] [--format json|csv|fhir] [--since DATE]``."""
    since = since_date(ctx)
    contents = open_journal(ctx).contents()
    rendered = render_export(contents, ctx.args.format, ctx.now(), since)
    where = _write(ctx, rendered, *EXPORT_FILES[ctx.args.format])
    ctx.note(f"Exported {rendered.what}{where}")
    return EXIT_OK


def report(ctx: Context) -> int:
    """``ketacheck report [-o FILE|-] [--format md|html] [--since DATE]``."""
    since = since_date(ctx)
    contents = open_journal(ctx).contents()
    rendered = render_report(contents, ctx.args.format, ctx.now(), since)
    where = _write(ctx, rendered, ctx.args.format, "ketacheck-report")
    if where == ".":
        ctx.note(f"Made a summary of {rendered.what}.")
    else:
        ctx.note(f"Saved a summary of {rendered.what}{where}")
    return EXIT_OK


def _write(ctx: Context, rendered: Rendered, extension: str, stem: str) -> str:
    """Write to ``-o`` (``-`` for stdout, else a dated file at home); " to PATH" or "."."""
    target = ctx.args.output
    if target == "-":
        ctx.stdout.write(rendered.payload.decode())
        ctx.stdout.flush()
        return "."
    path = (
        Path(target).expanduser()
        if target
        else default_output_path(Path.home(), ctx.today(), extension, stem)
    )
    write_output(path, rendered.payload, ctx.data_dir)
    return f" to {path}"


def import_file(ctx: Context) -> int:
    """``ketacheck import FILE [--with-settings]``: all or nothing; twice adds nothing."""
    from ketacheck.exchange.importer import ImportFileError

    path = Path(ctx.args.file).expanduser()
    try:
        bundle = read_import(path)
    except FileNotFoundError:
        raise ValidationError("FILE", f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError("FILE", f"{path} is a folder, not a file") from None
    except ImportFileError as exc:
        ctx.note(f"ketacheck: can't import {path}: {exc}. Nothing was imported.")
        return EXIT_USAGE
    imported = import_bundle(open_journal(ctx), bundle, ctx.args.with_settings)
    ctx.say(f"From {path}: {imported.message}")
    if imported.settings_left:
        ctx.say("To take them too, import again with --with-settings.")
    return EXIT_OK
