"""The Settings form's blood pressure section: the clinic's own call-today levels, if it
set any (empty means none; from 180/120 the app always says to call now)."""

from __future__ import annotations

from msgspec.structs import replace

from ketacheck.core.settings import (
    CLINIC_DIASTOLIC_RANGE,
    CLINIC_SYSTOLIC_RANGE,
    typed_clinic_level,
)
from ketacheck.tui.widgets.settings_row import SettingField


def _clinic_level(number: str, setting: str, span: tuple[int, int]) -> SettingField:
    return SettingField(
        f"settings-bp-{number.partition(' ')[0]}",
        number[:1].upper() + number[1:],
        "integer",
        hint=f"mmHg · {span[0]} to {span[1]} · optional",
        tooltip="A reading at or above this means calling your care team today",
        parse=lambda text: typed_clinic_level(number, text, *span),
        setting=setting,
        shows=lambda level: "" if level is None else str(level),
    )


BLOOD_PRESSURE_FIELDS = (
    replace(
        _clinic_level("top number (systolic)", "bp_call_today_systolic", CLINIC_SYSTOLIC_RANGE),
        question="Has your clinic asked you to call when a reading is at or above a level? "
        "Leave these empty if not; from 180/120 the app always says to call now.",
    ),
    _clinic_level("bottom number (diastolic)", "bp_call_today_diastolic", CLINIC_DIASTOLIC_RANGE),
)
