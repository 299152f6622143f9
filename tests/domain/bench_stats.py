"""Benchmark: a full statistics summary over 10 years of synthetic history.

Run ``python tests/domain/bench_stats.py``; prints the record counts and the median time of
``summarise`` (index, streaks, adherence, today's plan, every pain/measure/function trend, flare
days), on records and on the read-only facts the review reads. Target: under 100 ms. Not a test:
pytest does not collect it.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from coach.domain.records import (
    CheckInFacts,
    CheckInRecord,
    PainRating,
    SessionFacts,
    SessionRecord,
)
from coach.domain.routine import Frequency
from coach.domain.stats import ProgramItem, Summary, summarise
from coach.domain.trends import MeasureSpec

TZ = ZoneInfo("Europe/London")
START = date(2016, 1, 4)
YEARS = 10
REGIONS = ("neck", "low-back", "shoulder")


def history(seed: int = 1) -> tuple[list[SessionRecord], list[CheckInRecord], list[ProgramItem]]:
    """~10 years of a program of three routines: ~10,600 sessions, ~12,400 check-ins.

    Neck 2/day, back 1/day, hips 3/week (Mon/Wed/Fri), 15 % of bouts missed, 10 % partial; a
    before and an after check-in for each first daily bout of neck and back, with pain in three
    regions (5 % skipped), a measure after, PSFS scores before.
    """
    rng = random.Random(seed)
    program = [
        ProgramItem("neck", "Neck", Frequency(per_day=2, days_per_week=7), START),
        ProgramItem("back", "Back", Frequency(per_day=1, days_per_week=7), START),
        ProgramItem("hips", "Hips", Frequency(per_day=1, days_per_week=3), START),
    ]
    sessions: list[SessionRecord] = []
    checkins: list[CheckInRecord] = []
    for n in range(YEARS * 365):
        day = START + timedelta(days=n)
        for item in program:
            if item.routine_id == "hips" and day.weekday() not in (0, 2, 4):
                continue
            for bout in range(item.frequency.per_day):
                if rng.random() < 0.15:
                    continue
                at = datetime(day.year, day.month, day.day, 7 + 6 * bout, 30, tzinfo=TZ)
                status = "complete" if rng.random() < 0.9 else "partial"
                sessions.append(
                    SessionRecord.model_construct(
                        id=f"s{len(sessions)}",
                        routine_id=item.routine_id,
                        routine_title=item.title,
                        routine_hash="h",
                        started_at=at,
                        ended_at=at + timedelta(minutes=15),
                        status=status,
                        exercises=[],
                        resume_step=0,
                        speed=1.0,
                    )
                )
                if item.routine_id == "hips" or bout > 0:
                    continue
                for context in ("before_session", "after_session"):
                    after = context == "after_session"
                    pain = [
                        PainRating.model_construct(
                            region=r, value=None if rng.random() < 0.05 else rng.randint(0, 8)
                        )
                        for r in REGIONS
                    ]
                    checkins.append(
                        CheckInRecord.model_construct(
                            id=f"c{len(checkins)}",
                            at=at + timedelta(minutes=20 if after else 0),
                            context=context,
                            session_id=None,
                            routine_id=item.routine_id,
                            pain=pain,
                            measures={"fingertip-floor": rng.uniform(5, 30)} if after else {},
                            stiffness=None,
                            morning_stiffness_min=None,
                            function={} if after else {"stairs": rng.randint(2, 9), "walk": 5},
                            note=None,
                            edited_at=None,
                        )
                    )
    # Round-trip through JSON as storage does: validated records with parsed, fixed-offset times.
    sessions = [SessionRecord.model_validate_json(r.model_dump_json()) for r in sessions]
    checkins = [CheckInRecord.model_validate_json(r.model_dump_json()) for r in checkins]
    return sessions, checkins, program


def _median_ms(run: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    """Build the history, time ``summarise`` (and with every chart series), print the figures."""
    sessions, checkins, program = history()
    excused = {START + timedelta(days=n): "rest" for n in range(0, YEARS * 365, 40)}
    now = datetime.combine(START + timedelta(days=YEARS * 365 - 1), datetime.min.time(), UTC)
    measures = [MeasureSpec("fingertip-floor", "Fingertip to floor", "cm", "lower")]

    def summary() -> Summary:
        return summarise(sessions, checkins, program, excused, TZ, now, measures)

    def with_series() -> None:
        s = summary()
        for trend in (*s.pain, *s.measures, s.function):
            _ = trend.series

    median, best = _median_ms(summary)
    print(f"{len(sessions)} sessions + {len(checkins)} check-ins over {YEARS} years")
    print(f"summarise: median {median:.1f} ms (min {best:.1f} ms)")
    median, best = _median_ms(with_series)
    print(f"summarise + every trend's daily series: median {median:.1f} ms (min {best:.1f} ms)")
    facts_s, facts_c = SessionFacts.of_many(sessions), CheckInFacts.of_many(checkins)
    median, best = _median_ms(
        lambda: summarise(facts_s, facts_c, program, excused, TZ, now, measures)
    )
    print(f"summarise on read-only facts (as reviews read them): median {median:.1f} ms "
          f"(min {best:.1f} ms)")


if __name__ == "__main__":
    main()
