"""Honest words next to alerts (issue 17, point 9), through the real command line.

A mild week makes one alert per concern that counts its check-ins; a restriction whose
time has passed while the patient still feels dizzy says so instead of "lifted"; the
JSON says how often a concern was seen and when last.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ketacheck.core.restrictions import (
    DEFAULT_RESTRICTIONS,
    HELD_WHILE_DIZZY,
    LIFTED_MARK,
    STILL_DIZZY_WORDING,
    restriction_status,
)
from tests.cli_support import Result, run_cli

#: Saturday 21 November 2026, 09:00 in New York: the infusion.
INFUSION_AT = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(INFUSION_AT + timedelta(hours=1))


@pytest.fixture
def cli(clock: Clock, local_zone: str):  # type: ignore[no-untyped-def]
    def run(*argv: str) -> Result:
        return run_cli(*argv, clock=clock)

    return run


def checkin(cli, dizziness: int = 1, nausea: int = 1) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "checkin",
        *("--dizziness", str(dizziness), "--nausea", str(nausea)),
        *("--fluids", "4", "--mood", "7", "--self-harm", "no"),
    )
    assert result.code == 0, result.err


def status_json(cli) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    result = cli("status", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


@pytest.fixture
def mild_week(cli, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    """An infusion on Saturday, then 14 mild check-ins morning and evening from Sunday."""
    assert cli("infusion", "add", "--at", "2026-11-21T09:00:00-05:00").code == 0
    first_morning = datetime(2026, 11, 22, 14, 0, tzinfo=UTC)  # Sunday 09:00 in New York
    for day in range(7):
        for hour in (0, 11):
            clock.now = first_morning + timedelta(days=day, hours=hour)
            checkin(cli)


def test_a_mild_week_is_one_alert_per_concern_that_counts_its_checkins(
    cli, mild_week: None
) -> None:  # type: ignore[no-untyped-def]
    alerts = status_json(cli)["alerts"]
    assert sorted(a["code"] for a in alerts) == ["persistent_dizziness", "persistent_nausea"]
    for alert in alerts:
        # Sunday 09:00 is less than a day after the infusion ended: 13, not 14.
        assert alert["seen"] == 13
        assert alert["raised_at"] == "2026-11-23T01:00:00+00:00"
        assert alert["latest"]["at"] == "2026-11-29T01:00:00+00:00"
    answers = {a["code"]: a["latest"]["answer"] for a in alerts}
    assert answers == {"persistent_dizziness": "dizziness 1", "persistent_nausea": "nausea 1"}

    text = cli("status").out
    assert text.count("You still feel dizzy") == 1
    assert "seen at 13 check-ins since Sun 20:00, latest dizziness 1, id " in text
    assert len(text.splitlines()) < 25


def test_driving_says_not_while_you_still_feel_dizzy_not_lifted(cli, mild_week: None) -> None:  # type: ignore[no-untyped-def]
    restrictions = {r["id"]: r for r in status_json(cli)["restrictions"]}
    for held in HELD_WHILE_DIZZY:
        assert restrictions[held]["active"] is False
        assert restrictions[held]["not_while_dizzy"] is True
    assert restrictions["sedatives"]["not_while_dizzy"] is False

    lines = cli("status").out.splitlines()
    driving = next(line for line in lines if line.strip().startswith("Driving"))
    assert STILL_DIZZY_WORDING in driving
    assert LIFTED_MARK not in driving and "lifted" not in driving
    sedatives = next(line for line in lines if "Sedative medicines" in line)
    assert f"{LIFTED_MARK} lifted" in sedatives


def test_a_calm_checkin_lets_driving_lift_again(cli, mild_week: None, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.now += timedelta(hours=2)
    checkin(cli, dizziness=0, nausea=0)
    restrictions = {r["id"]: r for r in status_json(cli)["restrictions"]}
    assert not any(r["not_while_dizzy"] for r in restrictions.values())
    driving = next(line for line in cli("status").out.splitlines() if "Driving" in line)
    assert f"{LIFTED_MARK} lifted" in driving
    # The alert is still open: the calm answer does not close what the patient has to act on.
    assert len(status_json(cli)["alerts"]) == 2


def test_dizziness_before_the_infusion_holds_nothing(cli, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = INFUSION_AT - timedelta(hours=3)
    checkin(cli, dizziness=2, nausea=0)
    clock.now = INFUSION_AT + timedelta(days=2)
    assert cli("infusion", "add", "--at", "2026-11-21T09:00:00-05:00").code == 0
    restrictions = status_json(cli)["restrictions"]
    assert not any(r["not_while_dizzy"] for r in restrictions)


def test_while_its_time_runs_dizziness_changes_nothing() -> None:
    driving = next(r for r in DEFAULT_RESTRICTIONS if r.id == "driving")
    running = restriction_status(driving, INFUSION_AT, INFUSION_AT + timedelta(hours=3), True)
    assert running.active and not running.held_by_dizziness
    passed = restriction_status(driving, INFUSION_AT, INFUSION_AT + timedelta(days=2), True)
    assert passed.held_by_dizziness and passed.passed_not_lifted
    assert passed.finished_wording == STILL_DIZZY_WORDING
    alcohol = next(r for r in DEFAULT_RESTRICTIONS if r.id == "alcohol")
    asks = restriction_status(alcohol, INFUSION_AT, INFUSION_AT + timedelta(days=3), True)
    assert not asks.held_by_dizziness and "check with your care team" in asks.finished_wording
