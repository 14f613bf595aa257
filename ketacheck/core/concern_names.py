"""Each alert concern in a few words, as a clinician's summary names it.

The alert's own message speaks to the patient ("You still feel dizzy a day or more after
your infusion. Please call..."); the report's tables name the concern instead ("Dizziness
after 24 h"). A code ketacheck does not know (from an imported file) is named by the
first sentence of its message.
"""

from __future__ import annotations

CONCERN_NAMES: dict[str, str] = {
    "self_harm": "Thoughts of self-harm (check-in)",
    "phq9_item9": "PHQ-9 item 9 above \u201cnot at all\u201d",
    "severe_dizziness": "Severe dizziness (7+)",
    "severe_nausea": "Severe nausea (7+)",
    "severe_fatigue": "Severe tiredness (7+) after 24 h",
    "severe_headache": "Severe headache (7+)",
    "persistent_dizziness": "Dizziness after 24 h",
    "persistent_nausea": "Nausea or vomiting after 24 h",
    "persistent_fatigue": "Tiredness 4+ after 24 h",
    "persistent_headache": "Headache 4+ after 24 h",
    "persistent_blurred_vision": "Blurred vision after 24 h",
    "persistent_racing_heart": "Racing heart after 24 h",
    "perception_changes": "Hallucinations or confusion after 2 h",
    "mood_below_baseline": "Mood well below baseline",
    "blood_pressure_very_high": "Blood pressure 180/120 or more",
    "blood_pressure_clinic_level": "Blood pressure at the clinic's level",
    "blood_pressure": "High blood pressure noted",
    "bladder": "Bladder pain or blood in urine",
}


def concern_name(code: str, message: str) -> str:
    """The concern of an alert with ``code`` in a few words."""
    known = CONCERN_NAMES.get(code)
    if known is not None:
        return known
    first, dot, _ = message.partition(". ")
    return first + "." if dot else message
