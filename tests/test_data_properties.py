"""Several devices of one user take random turns against a store that fails,
delays and loses replies at random (hypothesis's rule-based state machine),
on SQLite and on the local DynamoDB server. After every step:

- the stored completions never exceed the routines the skill announced as
  finished, and once every session has ended they are equal;
- the booking stored is the one the user spoke of last (never lost, never
  brought back after a cancel);
- every reminder the skill created in the Alexa API is in the record, so
  "cancel my reminders" can cancel it;
- after SkillDisabled, no record of the user remains (only the marker).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from backcare import persistence
from backcare.state import UserState
from backcare.store import open_store
from backcare_tools.console.device import SlotFill
from tests.conftest import Clock, make_rig
from tests.faulty_store import DOWN, LOST, SLOW, FaultyStore
from tests.helpers import pending_question, says, text

USER = "amzn1.ask.account.property-user"
DEVICES = 3
FIRST_DAY = date(2026, 12, 1)
DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
EXAMPLES = {"sqlite": 50, "dynamodb": 20}
STEPS = 30
UNSURE = "unsure"  # the last booking said was then said to be unsaved
STATS: dict[str, int] = {}  # what a run exercised, summed over its examples


class Devices(RuleBasedStateMachine):
    """One user, several devices, one store with faults."""

    store_url = ""
    api: Any = None

    def __init__(self) -> None:
        super().__init__()
        self.faulty = FaultyStore(open_store(self.store_url))
        self.clock = Clock()
        self.rig = make_rig(self.faulty, self.clock)
        self.api.state.reminders.clear()
        self.devices = [
            self.rig.device(
                user=USER,
                device_id=f"amzn1.ask.device.{i}",
                api_endpoint=self.api.url,
                api_token=self.api.state.token,
            )
            for i in range(DEVICES)
        ]
        for device in self.devices:
            device.consent_token = "granted"
        self.epoch = [0] * DEVICES  # the deletion epoch each open session began in
        self.deletions = 0
        self.finished = 0  # routines announced finished, in sessions since the last deletion
        self.announced = 0  # all routines announced finished
        self.in_session_finishes = [0] * DEVICES  # finished in each device's open session
        self.said_lost = 0  # finishes in sessions that ended saying they could not be saved
        self.booking: str | None = None  # the day of the booking the user spoke of last
        self.next_day = 0
        self.created: set[str] = set()  # reminders created since the last deletion

    # --- helpers -------------------------------------------------------------

    def _live(self, index: int) -> bool:
        """Whether device `index`'s session began after the last deletion."""
        return self.epoch[index] == self.deletions

    def _say(self, index: int, intent: str, slots: dict[str, SlotFill] | None = None) -> str:
        self.clock.advance(seconds=1)
        device = self.devices[index]
        if not device.in_session:
            self.epoch[index] = self.deletions
            device.launch()
        reply = text(device.intent(intent, slots))
        if not device.in_session:  # the reply ended the session
            if "couldn't save that you finished" in reply and self._live(index):
                self.said_lost += self.in_session_finishes[index]
            if "couldn't save" in reply and "massage session" in reply and self._live(index):
                self.booking = UNSURE  # the user was told it was not saved
            self.in_session_finishes[index] = 0
        return reply

    def _stored(self) -> UserState | None:
        return self.faulty.inner.load(USER).state

    # --- faults --------------------------------------------------------------

    @rule(faults=st.lists(st.sampled_from([DOWN, LOST, SLOW]), min_size=1, max_size=3))
    def the_store_misbehaves(self, faults: list[str]) -> None:
        self.faulty.plan = list(faults)

    @rule()
    def the_store_goes_down(self) -> None:
        self.faulty.down = True

    @rule()
    def the_store_comes_back(self) -> None:
        self.faulty.down = False

    # --- what the user does --------------------------------------------------

    @rule(index=st.integers(0, DEVICES - 1), steps=st.integers(4, 12))
    def routine_steps(self, index: int, steps: int) -> None:
        device = self.devices[index]
        for _ in range(steps):
            question = pending_question(device) if device.in_session else None
            if question in ("screen", "pain_before", "pain_after", "tip_offer", "resume"):
                reply = self._say(index, "AMAZON.NoIntent")
            elif question in ("next_step", "ready"):
                reply = self._say(index, "AMAZON.NextIntent")
            else:
                reply = self._say(index, "StartRoutineIntent", {"RoutineName": DESK})
            if says(reply, "routine_done", routine="desk break"):
                self.announced += 1
                if self._live(index):
                    self.finished += 1
                    self.in_session_finishes[index] += 1

    @rule(index=st.integers(0, DEVICES - 1))
    def a_tip(self, index: int) -> None:
        self._say(index, "TipIntent")

    @rule(index=st.integers(0, DEVICES - 1), score=st.integers(0, 10))
    def a_pain_score(self, index: int, score: int) -> None:
        self._say(index, "PainScoreIntent", {"Score": SlotFill(str(score), "AMAZON.NUMBER")})

    @rule(index=st.integers(0, DEVICES - 1), remind=st.booleans())
    def a_booking(self, index: int, remind: bool) -> None:
        day = (FIRST_DAY + timedelta(days=self.next_day)).isoformat()
        self.next_day += 1
        slots = {"Date": SlotFill(day, "AMAZON.DATE"), "Time": SlotFill("15:00", "AMAZON.TIME")}
        reply = self._say(index, "BookSessionIntent", slots)
        if not says(reply, "session_saved"):
            return
        if self._live(index):
            self.booking = day
        if remind and pending_question(self.devices[index]) == "session_reminder":
            before = set(self.api.state.reminders)
            self._say(index, "AMAZON.YesIntent")
            if self._live(index):
                self.created |= set(self.api.state.reminders) - before

    @rule(index=st.integers(0, DEVICES - 1))
    def a_cancel(self, index: int) -> None:
        reply = self._say(index, "CancelSessionIntent")
        if pending_question(self.devices[index]) != "cancel_session":
            return
        reply = self._say(index, "AMAZON.YesIntent")
        if "removed your session" in reply and self._live(index):
            self.booking = None

    @precondition(lambda self: not self.faulty.down)
    @rule(index=st.integers(0, DEVICES - 1))
    def a_session_ends(self, index: int) -> None:
        self.faulty.plan = [f for f in self.faulty.plan if f != DOWN]  # retried within budget
        self.devices[index].end_session()
        self.in_session_finishes[index] = 0

    @precondition(lambda self: not self.faulty.down and not self.faulty.plan)
    @rule(index=st.integers(0, DEVICES - 1), chance=st.integers(0, 5))
    def the_skill_is_disabled(self, index: int, chance: int) -> None:
        if chance:
            return  # rarer than the other rules: users seldom leave
        self.clock.advance(seconds=1)
        self.rig.handler(self.devices[index].skill_disabled(), None)
        self.deletions += 1
        self.finished = self.said_lost = 0
        self.booking = None
        self.created = set()
        assert self._stored() is None
        assert self.faulty.inner._side_keys(USER) == []

    # --- invariants ----------------------------------------------------------

    @invariant()
    def completions_never_counted_twice(self) -> None:
        stored = self._stored()
        total = stored.total_completions if stored else 0
        assert total <= self.finished, f"stored {total}, announced {self.finished}"

    def teardown(self) -> None:
        for name, count in (
            ("examples", 1),
            ("faults", self.faulty.faults),
            ("conflicts", self.faulty.conflicts),
            ("finished", self.announced),
            ("deletions", self.deletions),
        ):
            STATS[name] = STATS.get(name, 0) + count
        # Every session ends with the store healthy: all that was said is saved.
        self.faulty.down = False
        self.faulty.plan = []
        for device in self.devices:
            device.end_session()
        stored = self._stored()
        total = stored.total_completions if stored else 0
        # What was announced is stored, except what the user was told was not.
        lowest = self.finished - self.said_lost
        assert lowest <= total <= self.finished, f"stored {total}, announced {self.finished}"
        booked = stored.next_session.at[:10] if stored and stored.next_session else None
        if self.booking != UNSURE:
            assert booked == self.booking, f"stored booking {booked}, last said {self.booking}"
        ours = {r.id for r in stored.reminders} if stored else set()
        live = self.created & set(self.api.state.reminders)  # ours, still in the Alexa API
        assert live <= ours, f"reminders the skill cannot cancel: {live - ours}"


@pytest.mark.parametrize("kind", ["sqlite", "dynamodb"])
def test_devices_taking_random_turns_against_a_faulty_store(
    kind: str, request: pytest.FixtureRequest, alexa_api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The product retries a session's last write for up to 4 s; here only the
    # behaviour matters.
    monkeypatch.setattr(persistence, "LAST_WRITE_BUDGET_SECONDS", 0.05)
    monkeypatch.setattr(persistence, "RETRY_PAUSE_SECONDS", 0.005)
    if kind == "sqlite":
        tmp = request.getfixturevalue("tmp_path")
        urls = (f"sqlite:///{tmp / f'state-{n}.db'}" for n in range(10_000))
    else:
        server = request.getfixturevalue("dynalite")
        urls = (server.url(f"prop-{uuid.uuid4().hex[:10]}") for _ in range(10_000))

    class Machine(Devices):
        def __init__(self) -> None:
            type(self).store_url = next(urls)
            super().__init__()

    Machine.api = alexa_api
    STATS.clear()
    run_state_machine_as_test(
        Machine,
        settings=settings(
            max_examples=EXAMPLES[kind],
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    print(f"{kind}: {STATS}")
    # The run exercised what it claims to: faults, conflicts, finished routines.
    assert STATS["faults"] > 0 and STATS["conflicts"] > 0 and STATS["finished"] > 0, STATS
