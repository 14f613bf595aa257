"""``ketacheck settings``: list every setting, get, set or unset one."""

from __future__ import annotations

from ketacheck.cli.context import EXIT_OK, Context, open_journal
from ketacheck.cli.parser import UsageError
from ketacheck.core.crisis import crisis_text
from ketacheck.core.scales import ValidationError
from ketacheck.core.setting_keys import setting_key
from ketacheck.store.overview_reader import read_overview
from ketacheck.usecases.settings import (
    SettingRow,
    country_list,
    read_change,
    read_setting,
    save_change,
    setting_rows,
    unset_setting,
)

#: How the listing ends: how to change a setting from here or in the app.
CHANGE_HOW = "Change one with: ketacheck settings set KEY VALUE (or in the app's Settings)."


def settings(ctx: Context) -> int:
    """``ketacheck settings [get KEY | set KEY VALUE | unset KEY] [--json]``."""
    action = ctx.args.settings_command
    if action == "get":
        return _get(ctx)
    if action == "set":
        return _set(ctx)
    if action == "unset":
        return _unset(ctx)
    return _list(ctx)


def _wants_json(ctx: Context) -> bool:
    return bool(getattr(ctx.args, "json", False))


def _line(row: SettingRow, width: int = 0) -> str:
    return f"{row.key.ljust(width)}  {row.text} — {row.source}"


def _list(ctx: Context) -> int:
    current = read_overview(ctx.data_dir, ctx.today()).settings
    rows = setting_rows(current)
    if _wants_json(ctx):
        ctx.say_json({"settings": [row.to_json() for row in rows]})
        return EXIT_OK
    width = max(len(row.key) for row in rows)
    for row in rows:
        ctx.say(_line(row, width))
    ctx.say()
    ctx.say(f"In a crisis, ketacheck shows: {crisis_text(current)}")
    ctx.say(CHANGE_HOW)
    return EXIT_OK


def _get(ctx: Context) -> int:
    row = read_setting(read_overview(ctx.data_dir, ctx.today()).settings, ctx.args.key)
    if _wants_json(ctx):
        ctx.say_json(row.to_json())
    else:
        ctx.say(_line(row))
    return EXIT_OK


def _set(ctx: Context) -> int:
    key = setting_key(ctx.args.key)
    if ctx.args.list:
        if key.key != "country":
            raise UsageError("--list goes with country: ketacheck settings set country --list")
        return _countries(ctx)
    if not ctx.args.value:
        raise ValidationError(key.key, f"give the new value, such as {key.example}")
    current = read_overview(ctx.data_dir, ctx.today()).settings
    change = read_change(current, key.key, " ".join(ctx.args.value), ctx.now())
    row = save_change(open_journal(ctx), change)
    if _wants_json(ctx):
        ctx.say_json(row.to_json())
        return EXIT_OK
    ctx.say(f"{row.key} is now {row.text}.")
    _say_crisis_if_country(ctx, row)
    return EXIT_OK


def _unset(ctx: Context) -> int:
    key = setting_key(ctx.args.key)
    before = read_setting(read_overview(ctx.data_dir, ctx.today()).settings, key.key)
    row = before if before.source != "set" else unset_setting(open_journal(ctx), key.key)
    if _wants_json(ctx):
        ctx.say_json(row.to_json())
        return EXIT_OK
    if before.source != "set":
        ctx.say(f"{row.key} was not set, so nothing changed: it is {row.text} ({row.source}).")
    else:
        ctx.say(f"{row.key} is back to its default: {row.text}.")
    _say_crisis_if_country(ctx, row)
    return EXIT_OK


def _say_crisis_if_country(ctx: Context, row: SettingRow) -> None:
    if row.key == "country":
        current = read_overview(ctx.data_dir, ctx.today()).settings
        ctx.say(f"In a crisis, ketacheck shows: {crisis_text(current)}")


def _countries(ctx: Context) -> int:
    choices = country_list()
    if _wants_json(ctx):
        ctx.say_json([{"code": c.code, "name": c.name, "crisis": c.crisis} for c in choices])
        return EXIT_OK
    for choice in choices:
        ctx.say(f"{choice.code}  {choice.name}: {choice.crisis}")
    ctx.say()
    ctx.say(
        "Elsewhere, type your country's two-letter ISO code (JP for Japan) or 'other': "
        "ketacheck then shows findahelpline.com and your local emergency number."
    )
    return EXIT_OK
