"""Facts about a plan's steps that the timer engine looks up (computed once), and its snapshots."""

from __future__ import annotations

from coach.domain.plan import Phase, Step, tempo_part_at
from coach.domain.timer_events import EngineState
from coach.domain.timer_log import WORK_PHASES


class PlanIndex:
    """Per-step lookups: exercise boundaries, set ends, estimates left, the next step."""

    def __init__(self, steps: tuple[Step, ...]) -> None:
        n = len(steps)
        self.steps = steps
        self.first_of: dict[int, int] = {}
        """Exercise index -> index of its first step."""
        for i, s in enumerate(steps):
            self.first_of.setdefault(s.exercise_index, i)
        self.last_of_exercise = [
            i == n - 1 or steps[i + 1].exercise_index != s.exercise_index
            for i, s in enumerate(steps)
        ]
        """Whether step i is the last step of its exercise."""
        self.estimate_from = [0.0] * (n + 1)
        """Sum of the estimates of steps i.. to the end."""
        for i in range(n - 1, -1, -1):
            self.estimate_from[i] = self.estimate_from[i + 1] + steps[i].estimate_s
        self.set_end = _set_ends(steps)
        """Whether step i is the last work or hold step of its set (on its side)."""

    def exercise_start_of(self, i: int) -> int:
        """Index of the first step of step i's exercise."""
        return self.first_of[self.steps[i].exercise_index]

    def back_target(self, i: int) -> int:
        """Where "back one rep or set" goes from step i (not a get ready): the start of the rep
        or set before it within its exercise, or, from a release, rest or switch, the one just
        done; the exercise's first step when there is none before."""
        first = self.exercise_start_of(i)
        j = i - 1 if self.steps[i].phase in WORK_PHASES else i
        while j > first and self.steps[j].phase not in WORK_PHASES:
            j -= 1
        return j if j > first else first

    def back_from(self, i: int, again: bool) -> tuple[int, list[int]]:
        """Where "back" goes from step i, and the exercises whose counts start again (none when
        it stays in the exercise: its counts are recounted up to the target). From a get ready,
        or pressed ``again`` quickly: the start of the exercise before (of this one on the
        first exercise), restarting both."""
        ex = self.steps[i].exercise_index
        first = self.first_of[ex]
        if not again and i != first:
            return self.back_target(i), []
        if first == 0:
            return first, [ex]
        prev = self.steps[first - 1].exercise_index
        return self.first_of[prev], [ex, prev]

    def next_exercise_start(self, i: int) -> int:
        """Index of the first step of the exercise after step i's (len(steps) if none)."""
        j = i
        while j < len(self.steps) and not self.last_of_exercise[j]:
            j += 1
        return j + 1

    def next_up(self, i: int) -> Step | None:
        """The step after i (what comes next, truly: the next rep, a release, a rest), None
        after the last one."""
        return self.steps[i + 1] if i + 1 < len(self.steps) else None

    def snapshot(
        self, i: int | None, elapsed: float, *, paused: bool, started: bool, speed: float = 1.0
    ) -> EngineState:
        """The engine state in step ``i`` after ``elapsed`` routine seconds (None: done), for a
        run at ``speed`` (routine seconds per clock second)."""
        total = self.estimate_from[0]
        if i is None:
            return EngineState(
                phase=Phase.DONE, step_index=len(self.steps), step=None, exercise_index=None,
                exercise_name=None, set=None, sets=None, rep=None, reps=None, side=None,
                remaining_s=None, elapsed_s=0.0, step_progress=1.0, session_left_s=0.0,
                session_progress=1.0, paused=False, done=True, next_up=None, started=started,
            )  # fmt: skip
        step = self.steps[i]
        remaining: float | None = None
        if step.duration_s is not None:
            remaining = left_here = step.duration_s - elapsed
            progress = elapsed / step.duration_s if step.duration_s > 0 else 1.0
        else:
            left_here = max(step.estimate_s - elapsed, 0.0)
            progress = min(elapsed / step.estimate_s, 1.0) if step.estimate_s > 0 else 0.0
        session_left = left_here + self.estimate_from[i + 1]
        tempo = tempo_part_at(step, elapsed)
        session_progress = min(max(1.0 - session_left / total, 0.0), 1.0) if total > 0 else 0.0
        return EngineState(
            phase=step.phase,
            step_index=i,
            step=step,
            exercise_index=step.exercise_index,
            exercise_name=step.exercise.name,
            set=step.set,
            sets=step.sets,
            rep=step.rep,
            reps=step.reps,
            side=step.side,
            remaining_s=remaining,
            elapsed_s=elapsed,
            step_progress=progress,
            session_left_s=session_left,
            session_progress=session_progress,
            paused=paused,
            done=False,
            next_up=self.next_up(i),
            started=started,
            tempo_part=tempo[0] if tempo else None,
            part_remaining_s=tempo[2] if tempo else None,
            clock_left_s=session_left / speed,
        )


def _set_ends(steps: tuple[Step, ...]) -> list[bool]:
    last: dict[tuple[int, int, str | None], int] = {}
    for i, s in enumerate(steps):
        if s.phase in WORK_PHASES:
            side = s.side if s.exercise.side == "each" else None
            last[(s.exercise_index, s.set, side)] = i
    ends = set(last.values())
    return [i in ends for i in range(len(steps))]
