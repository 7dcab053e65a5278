"""Several devices of one user at once, against the real local DynamoDB
server and SQLite: version-conditioned writes merge instead of losing
updates."""

from __future__ import annotations

from backcare.store import open_store
from backcare_tools.console.device import SlotFill
from tests.conftest import Clock, make_rig
from tests.helpers import pending_question, run_together, says

DESK = SlotFill("desk break", "ROUTINE_NAME", "desk_break", "desk break")
DEVICES = 4
ROUNDS = 4
USER = "amzn1.ask.account.test-user"


def test_devices_of_one_user_never_lose_a_completion(store_url: str) -> None:
    finished = [0] * DEVICES
    conflicts = [0] * DEVICES

    def device_loop(index: int) -> None:
        store = open_store(store_url)
        rig = make_rig(store, Clock())
        device = rig.device(device_id=f"amzn1.ask.device.{index}")
        for _ in range(ROUNDS):
            device.launch()
            device.intent("StartRoutineIntent", {"RoutineName": DESK})
            for _ in range(4):
                question = pending_question(device)
                if question == "screen":
                    device.intent("AMAZON.NoIntent")
                elif question in ("pain_before", "resume"):
                    device.intent(
                        "SkipStepIntent" if question == "pain_before" else "AMAZON.NoIntent"
                    )
                else:
                    break
            for _ in range(12):
                reply = device.intent("AMAZON.NextIntent")
                if says(reply, "routine_done", routine="desk break"):
                    finished[index] += 1
                    break
                if says(reply, "not_in_routine"):
                    break  # another device finished the shared routine first
            device.end_session()
        conflicts[index] = store.conflicts

    run_together(device_loop, DEVICES, timeout=120)
    record = open_store(store_url).load(USER).state
    assert record is not None
    stored = record.completions.get("desk_break", 0)
    assert sum(finished) >= DEVICES, "the devices barely finished anything"
    assert stored == sum(finished), f"stored {stored}, devices finished {finished}"
    assert sum(conflicts) > 0, "no conflict happened, so the merge was not exercised"
