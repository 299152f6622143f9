"""What the voice says at a practice pace (#9): the same words take as long to say, so at 2x or
3x a cue with no time for its words is not voiced, a get ready drops the dose (then the side)
and a rep may say its number only. At speed 1 nothing changes. Engine on a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from coach.domain.cue_words import count_said, get_ready_choice, part_said, words_time
from coach.domain.cues import Cue, CueKind
from coach.domain.plan import Phase, expand
from tests.domain.test_cues import routine, run_cues


def run_at(speed: float, *exercises: dict[str, Any]) -> list[Cue]:
    """Every cue of a whole session at ``speed``."""
    return run_cues(*exercises, speed=speed)


def voiced(cues: list[Cue]) -> list[str]:
    return [c.text for c in cues if c.voiced and c.text]


def test_count_words_need_a_whole_second() -> None:
    """ "three" takes about 0.65 s, with the slack 0.95 s: said at 1x, not at 1.5x or more."""
    assert count_said(1.0)
    assert not count_said(1.5) and not count_said(2.0) and not count_said(3.0)


def test_tempo_words_need_their_part() -> None:
    assert part_said("pause", 1, 1.0)  # the shortest part at normal pace
    assert part_said("up", 2, 2.0) and not part_said("up", 2, 3.0)
    assert not part_said("down", 1, 2.0)


def test_at_speed_1_every_cue_is_voiced() -> None:
    cues = run_at(1.0, {"reps": 3, "hold_s": 5, "side": "each"}, {"reps": 2, "tempo": "2-1-2"})
    assert all(c.voiced for c in cues)


def test_at_3x_held_reps_say_their_number_and_no_count() -> None:
    """Hold 5 s at 3x: 1.7 s. No "3, 2, 1" (0.33 s apart), no "Release" (a 3 s release is 1 s):
    the number of each rep, which a listener can follow."""
    cues = run_at(3.0, {"name": "Chin tucks", "reps": 4, "hold_s": 5})
    assert voiced(cues) == ["Chin tucks.", "Rep 1", "Rep 2", "Rep 3", "Last rep",
                            "Done. Well done."]  # fmt: skip
    kinds = {c.kind for c in cues if not c.voiced}
    assert {CueKind.COUNTDOWN, CueKind.RELEASE, CueKind.EXERCISE_DONE} <= kinds
    assert [c.text for c in cues if c.kind is CueKind.COUNTDOWN][:3] == ["3", "2", "1"]


def test_at_2x_a_hold_keeps_its_full_words() -> None:
    """Hold 5 s at 2x: 2.5 s, no countdown said: "Rep 1 of 4. Hold." fits."""
    cues = run_at(2.0, {"name": "Quad sets", "reps": 4, "hold_s": 5})
    assert voiced(cues)[1:3] == ["Rep 1 of 4. Hold", "Release"]


def test_at_3x_a_tempo_rep_says_its_number_and_the_parts_there_is_time_for() -> None:
    """2-1-2 at 3x: no part has time for its word (0.67 s, 0.33 s, 0.67 s; "Up" needs 0.85 s):
    the rep's number only. At 2x "Up" has its 1 s; the name alone in the 5 s get ready."""
    cues = run_at(3.0, {"name": "Raise", "reps": 3, "tempo": "2-1-2"})
    assert voiced(cues) == ["Raise.", "Rep 1", "Rep 2", "Last rep", "Done. Well done."]
    cues = run_at(2.0, {"name": "Raise", "reps": 3, "tempo": "2-1-2"})
    assert voiced(cues)[:5] == ["Raise.", "Rep 1", "Up", "Rep 2", "Up"]


def test_a_get_ready_with_no_time_for_the_side_leaves_it_to_the_first_hold() -> None:
    """The name and side do not fit a 10 s get ready at 3x (3.3 s, a long name): the name, then
    the first hold says "Left side"; the right side by its switch, or its first hold."""
    name = "Calf stretch, straight knee"
    ex = {"name": name, "hold_s": 30, "sets": 1, "side": "each", "switch_s": 3}
    cues = run_at(3.0, ex)
    said = voiced(cues)
    assert said[:3] == [f"{name}.", "Left side", "Hold, 30 seconds"]
    (left,) = [c for c in cues if c.kind is CueKind.SIDE and c.side == "left" and c.voiced]
    assert left.phase is Phase.HOLD  # said with the hold, not at the get ready
    right = [c for c in cues if c.kind is CueKind.SIDE and c.side == "right" and c.voiced]
    assert [c.phase for c in right] == [Phase.HOLD]  # a 3 s switch (1 s) has no time for it
    assert voiced(run_at(1.0, ex))[:2] == [f"{name}. Hold 30 seconds, each side.", "Left side"]


def test_get_ready_choice() -> None:
    ex = routine({"name": "Chin tucks", "reps": 10, "hold_s": 5}).exercises[0]
    assert get_ready_choice(ex, None, 10.0) == ("Chin tucks. 10 reps, hold 5 seconds.", True)
    assert get_ready_choice(ex, "left", 2.5) == ("Chin tucks.", True)
    assert get_ready_choice(ex, "left", 1.5) == ("Chin tucks.", False)
    assert get_ready_choice(ex, None, 0.5) is None


@pytest.mark.parametrize("speed", [2.0, 3.0])
def test_the_words_of_a_step_get_the_time_up_to_the_next_said_cue(speed: float) -> None:
    """A 30 s hold at a practice pace: no countdown said, so its words have until halfway."""
    plan = expand(routine({"hold_s": 30}))
    hold = next(s for s in plan.steps if s.phase is Phase.HOLD)
    assert words_time(hold, 1.0) == 15.0
    assert words_time(hold, speed) == pytest.approx(15.0 / speed)
    get_ready = plan.steps[0]
    assert words_time(get_ready, 1.0) == 7.0
    assert words_time(get_ready, speed) == pytest.approx(10.0 / speed)
