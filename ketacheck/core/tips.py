"""The tips that match a check-in's answers: shown after it, never kept open."""

from __future__ import annotations

from collections.abc import Iterable

from ketacheck.core.levels import TIP
from ketacheck.core.records import Alert, CheckIn

LOW_FLUID_GLASSES = 2
LOW_MOOD = 4
SHORT_SLEEP_HOURS = 6.0


def checkin_tips(checkin: CheckIn) -> Iterable[Alert]:
    """The tips that match the answers (GUIDANCE.md, "What to check in on").

    Fluids and electrolytes (001, 000, 002); mild foods for nausea (000, 001); rest for
    dizziness or tiredness at any level (000, 001); restful sleep (002, 004); feeling a
    bit worse before better, to be told to the care team (002, 003).
    """
    if checkin.fluids_glasses < LOW_FLUID_GLASSES or checkin.vomited:
        message = (
            "Sip some water now, and an electrolyte drink if you have one: ketamine can "
            "leave you a little dehydrated."
        )
        if checkin.vomited:
            message += " Being sick loses fluid too, so take small sips often."
        yield Alert(TIP, "drink", message)
    if checkin.nausea > 0 or checkin.vomited:
        yield Alert(
            TIP,
            "mild_food",
            "Start with mild foods such as applesauce or a banana, then go back to your "
            "usual meals bit by bit as the queasiness passes.",
        )
    if checkin.dizziness > 0 or (checkin.fatigue or 0) > 0:
        yield Alert(
            TIP,
            "rest",
            "Rest is the right thing now. Lie down with your eyes closed if the room "
            "feels unsteady, and take a nap if you can.",
        )
    if checkin.sleep_hours is not None and checkin.sleep_hours < SHORT_SLEEP_HOURS:
        yield Alert(
            TIP,
            "sleep",
            "A short night makes recovery harder. A quiet, early evening may help.",
        )
    if checkin.mood < LOW_MOOD and not checkin.self_harm_thoughts:
        yield Alert(
            TIP,
            "low_mood",
            "Some people feel a little worse before they feel better. Be gentle with "
            "yourself, and tell your care team how you have been feeling.",
        )
