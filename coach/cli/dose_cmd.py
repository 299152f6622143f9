"""``coach dose``: the therapist's progression plan (accept or decline the next dose, undo)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coach.app import progression
from coach.app.progression import dose_offers
from coach.cli import context
from coach.cli.output import err, out
from coach.domain.progression import dose_words
from coach.localtime import local_now, local_tz
from coach.services.review import short_date

if TYPE_CHECKING:
    from coach.app.context import Repository
    from coach.domain.progression import DoseChange, Proposal
    from coach.library import LoadedRoutine


def configure_dose(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach dose``."""
    p.add_argument("routine", metavar="ROUTINE", help="routine id or routine file")
    p.add_argument(
        "action", nargs="?", choices=("accept", "decline", "undo"),
        help="accept or decline what is offered (all of it, or exercise N), or undo the last "
        "accepted change; without it: what is offered, and the dose history",
    )  # fmt: skip
    p.add_argument("exercise", nargs="?", type=int, metavar="N",
                   help="only the offer for exercise N (as numbered by coach show)")  # fmt: skip


def offer_lines(offers: list[Proposal], routine_id: str) -> list[str]:
    """What is offered, one line each, and how to answer."""
    lines = [f"{o.exercise_index + 1}. {o.exercise_name}: {o.sentence}" for o in offers]
    if offers:
        lines.append(
            f"Accept with: coach dose {routine_id} accept   (or decline, or add the exercise "
            "number)"
        )
    return lines


def history_lines(changes: list[DoseChange]) -> list[str]:
    """The dose history: date, exercise, change, and whether it was undone."""
    lines = []
    for c in changes:
        what = "raised" if c.kind == "progressed" else "stepped back"
        undone = f" (undone {short_date(c.undone_at.date())})" if c.undone_at else ""
        lines.append(
            f"{short_date(c.at.date())}: {c.exercise_index + 1}. {c.exercise_name}: {what} to "
            f"{dose_words(c.dose, c.previous)}{undone}"
        )
    return lines


def _offers(repo: Repository, loaded: LoadedRoutine) -> list[Proposal]:
    return dose_offers(repo, loaded, local_now(), local_tz())


def cmd_dose(args: argparse.Namespace) -> int:
    """Show, accept, decline or undo the therapist's dose steps of a routine."""
    loaded = context.resolve_routine(args, args.routine)
    routine = loaded.routine
    rid = routine.id
    if not any(ex.progression for ex in routine.exercises):
        out(f"'{routine.title}' has no progression plan: its doses stay as your therapist wrote "
            "them.")  # fmt: skip
        return 0
    repo = context.app_context(args).repo()
    if args.action == "undo":
        undone = progression.undo_last(repo, rid, local_now())
        if undone is None:
            err(f"coach: there is no accepted dose change of '{routine.title}' to undo.")
            return 1
        out(f"Undone: {undone.exercise_index + 1}. {undone.exercise_name} is back to "
            f"{_words(undone.previous)}.")  # fmt: skip
        return 0
    offers = _offers(repo, loaded)
    if args.exercise is not None:
        offers = [o for o in offers if o.exercise_index + 1 == args.exercise]
    if args.action is None:
        for line in offer_lines(offers, rid) or ["Nothing new is offered today."]:
            out(line)
        history = progression.dose_history(repo, rid)
        if history:
            out("")
            out("Dose history:")
            for line in history_lines(history):
                out(f"  {line}")
        return 0
    if not offers:
        err(f"coach: nothing is offered for '{routine.title}' right now.")
        return 1
    for offer in offers:
        if args.action == "accept":
            progression.accept(repo, offer, local_now())
            name = f"{offer.exercise_index + 1}. {offer.exercise_name}"
            out(f"Accepted: {name}: {_words(offer.new)} from your next session. "
                f"Undo with: coach dose {rid} undo")  # fmt: skip
        else:
            progression.decline(repo, offer, local_now())
            name = f"{offer.exercise_index + 1}. {offer.exercise_name}"
            out(f"Not now: {name} stays at {_words(offer.current)}. It will be offered "
                "again after more sessions.")  # fmt: skip
    return 0


def _words(dose: Mapping[Any, float]) -> str:
    return dose_words(dose)
