"""``export``, ``report`` and ``import``: the use cases of ketacheck.usecases.exchange."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from ketacheck.cli.context import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Context,
    open_journal,
    since_date,
)
from ketacheck.core.regions import locale_region
from ketacheck.core.scales import ValidationError
from ketacheck.usecases.exchange import (
    EXPORT_FILES,
    ExportFormat,
    ExportNotChecked,
    Rendered,
    ReportFormat,
    check_export,
    default_output_path,
    import_bundle,
    pdf_problem,
    read_import,
    refuse_data_folder,
    render_export,
    render_report,
    write_output,
)
from ketacheck.usecases.file_formats import FileFormat, FileKind, FormatMismatch, format_for


def export(ctx: Context) -> int:
    """``ketacheck export [-o FILE|-] [--format json|csv|fhir] [--since DATE] [--encrypt]
    [--validate]``.

    The format is the one ``-o``'s extension names (``x.csv``), else ``--format``, else
    JSON; a name that says another format than ``--format`` is refused (exit 2).
    """
    export_format = cast(ExportFormat, output_format(ctx, "export").format)
    since = since_date(ctx)
    if ctx.args.validate and (ctx.args.encrypt or ctx.args.output == "-" or export_format == "csv"):
        raise ValidationError(
            "--validate",
            "checks a JSON or FHIR file written plain to a file (-o FILE, or the default "
            "file); nothing was written",
        )
    if ctx.args.encrypt:
        from ketacheck.cli.sealed_files import check_encrypted_export

        check_encrypted_export(ctx, export_format)
    contents = open_journal(ctx).contents()
    rendered = render_export(contents, export_format, ctx.now(), since)
    extension, stem = EXPORT_FILES[export_format]
    if ctx.args.encrypt:
        from ketacheck.cli.sealed_files import sealed_rendered

        rendered, extension = sealed_rendered(ctx, rendered), f"{extension}.encrypted"
    if ctx.args.encrypt and ctx.args.output == "-":
        _write_bytes(ctx, rendered.payload)
        where = "."
    else:
        where = write_rendered(ctx, rendered, extension, stem)
    ctx.note(f"Exported {rendered.what}{where}")
    if not ctx.args.encrypt:
        plain_file_reminder(ctx, "This export")
    if ctx.args.validate:
        return _checked(ctx, Path(where.removeprefix(" to ")), export_format)
    return EXIT_OK


def _checked(ctx: Context, path: Path, export_format: ExportFormat) -> int:
    """``--validate``: check the file just written, and say so."""
    try:
        against = check_export(path, export_format)
    except ExportNotChecked as problem:
        ctx.note(f"ketacheck: {path} was written, but {problem}.")
        return EXIT_ERROR
    ctx.note(f"Checked {path} against {against}: it passes.")
    return EXIT_OK


def plain_file_reminder(ctx: Context, what: str) -> None:
    """With the journal encrypted, say once that a file written out of it is not."""
    from ketacheck.store.unlock import OFF, lock_state

    if ctx.args.output != "-" and lock_state(ctx.data_dir) != OFF:
        ctx.note(f"{what} is not encrypted: keep it somewhere private.")


#: Said, after "ketacheck: can't make the PDF: {what to install}.", when PDF is impossible.
PDF_INSTEAD = "An HTML report (--format html) needs nothing more, and prints the same page."


def report(ctx: Context) -> int:
    """``ketacheck report [-o FILE|-] [--format md|html|pdf] [--since DATE]``.

    A PDF goes to a file (the dated default, or ``-o FILE``), or to stdout only when that
    is not a terminal (``-o - | lpr``); exit 1 when WeasyPrint or its libraries are
    missing, with what to install. The format is found as for ``export`` (Markdown if
    neither the name nor ``--format`` says).
    """
    report_format = cast(ReportFormat, output_format(ctx, "report").format)
    since = since_date(ctx)
    pdf = report_format == "pdf"
    to_stdout = ctx.args.output == "-"
    if pdf and to_stdout and ctx.stdout.isatty():
        raise ValidationError(
            "-o",
            "a PDF can't be shown in a terminal: give a file name (-o report.pdf), or "
            "send it to another program (-o - | lpr)",
        )
    if pdf and (problem := pdf_problem()) is not None:
        ctx.note(f"ketacheck: can't make the PDF: {problem}. {PDF_INSTEAD}")
        return EXIT_ERROR
    contents = open_journal(ctx).contents()
    region = locale_region(os.environ)
    rendered = render_report(
        contents, report_format, ctx.now(), since, paper=ctx.args.paper, locale_region=region
    )
    if pdf and to_stdout:
        _write_bytes(ctx, rendered.payload)
        where = "."
    else:
        where = write_rendered(ctx, rendered, report_format, "ketacheck-report")
    if where == ".":
        ctx.note(f"Made a summary of {rendered.what}.")
    else:
        ctx.note(f"Saved a summary of {rendered.what}{where}")
    plain_file_reminder(ctx, "This report")
    return EXIT_OK


def output_format(ctx: Context, kind: FileKind) -> FileFormat:
    """The format to write ``-o`` in: what its extension names, else ``--format``, else the
    command's default.

    Raises:
        ValidationError: the name's extension says another format, or the file would go
            in the data folder (nothing is written).
    """
    if ctx.args.output and ctx.args.output != "-":
        refuse_data_folder(Path(ctx.args.output).expanduser(), ctx.data_dir)
    try:
        return format_for(kind, ctx.args.output, getattr(ctx.args, "format", None))
    except FormatMismatch as exc:
        raise ValidationError("-o", mismatch_words(exc, kind)) from None


def mismatch_words(exc: FormatMismatch, kind: FileKind) -> str:
    """What is wrong with the name and how to put it right, in the command line's terms."""
    if exc.chosen is None:
        fix = f"give it a name ending in {exc.extensions_offered()}"
    elif exc.named in exc.offered:
        fix = f"name it {exc.renamed(exc.chosen)}, or leave out --format to write {exc.named.name}"
    else:
        fix = f"name it {exc.renamed(exc.chosen)}"
    return f"{exc.says(kind)}; {fix}. Nothing was written"


def write_rendered(ctx: Context, rendered: Rendered, extension: str, stem: str) -> str:
    """Write to ``-o`` (``-`` for stdout, else a dated file at home); " to PATH" or "."."""
    target = ctx.args.output
    if target == "-":
        for chunk in rendered.chunks():  # each chunk is whole UTF-8
            ctx.stdout.write(chunk.decode())
        ctx.stdout.flush()
        return "."
    path = (
        Path(target).expanduser()
        if target
        else default_output_path(Path.home(), ctx.today(), extension, stem)
    )
    write_output(path, rendered.chunks(), ctx.data_dir)
    return f" to {path}"


def _write_bytes(ctx: Context, payload: bytes) -> None:
    """Send a binary file (a PDF) to stdout, which ``report`` checked is not a terminal."""
    buffer = getattr(ctx.stdout, "buffer", None)
    if buffer is None:
        raise ValidationError("-o", "this output takes text only; give a file name instead")
    ctx.stdout.flush()
    buffer.write(payload)
    buffer.flush()


def import_file(ctx: Context) -> int:
    """``ketacheck import FILE [--with-settings]``: all or nothing; twice adds nothing."""
    from ketacheck.cli.sealed_files import export_passphrase
    from ketacheck.exchange.importer import ImportFileError

    path = Path(ctx.args.file).expanduser()
    try:
        bundle = read_import(path, export_passphrase(ctx))
    except FileNotFoundError:
        raise ValidationError("FILE", f"{path} does not exist") from None
    except IsADirectoryError:
        raise ValidationError("FILE", f"{path} is a folder, not a file") from None
    except ImportFileError as exc:
        ctx.note(f"ketacheck: can't import {path}: {exc}. Nothing was imported.")
        return EXIT_USAGE
    imported = import_bundle(open_journal(ctx), bundle, ctx.args.with_settings, now=ctx.now())
    ctx.say(f"From {path}: {imported.message}")
    if imported.settings_left:
        ctx.say("To take them too, import again with --with-settings.")
    return EXIT_OK
