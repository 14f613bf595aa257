"""The Settings form's section for the patient's name: optional, for the header of their
report and the file for their clinic (empty means no name)."""

from __future__ import annotations

from ketacheck.core.typed_settings import parse_name
from ketacheck.tui.widgets.settings_row import SettingField

NAME_FIELDS = (
    SettingField(
        "settings-name",
        "Your name",
        "text",
        hint="optional",
        question=(
            "If you like, your name can head your report and the file for your clinic. "
            "Leave it empty to keep it off both."
        ),
        tooltip="Shown only on what you export or print; ketacheck sends nothing to anyone",
        placeholder="e.g. Sam Rivera",
        parse=parse_name,
        setting="patient_name",
        shows=lambda name: name or "",
    ),
)
