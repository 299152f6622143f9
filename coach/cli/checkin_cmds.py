"""``coach checkin`` and ``coach activities``: record pain, measures, stiffness, function, a note.

Everything given is checked first (against the routines coach finds); only a fully valid
check-in is written. ``coach checkin`` with no option opens the check-in screen.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from coach.cli import context
from coach.cli.output import err, out, table

if TYPE_CHECKING:
    from coach.app.context import AppContext
    from coach.domain.checkin import Vocabulary
    from coach.domain.records import CheckInRecord, PainRating

VALUE_OPTIONS = (
    "pain", "region", "context", "measure", "stiffness", "morning_stiffness", "function",
    "note", "at", "session",
)


def add_value_options(p: argparse.ArgumentParser, editing: bool = False) -> None:
    """The options that set a check-in's values (shared by ``checkin`` and ``history edit``)."""
    p.add_argument(
        "--pain", action="append", metavar="N",
        help="pain 0-10 (0 = no pain, 10 = worst pain imaginable); repeat with --region for "
        "several regions, or write REGION=N",
    )
    p.add_argument("--region", action="append", metavar="R", help="body region of each --pain")
    p.add_argument(
        "--context", metavar="C",
        help="before, after, during, morning, rest or activity"
        + ("" if editing else " (default: rest; after with --session)"),
    )
    p.add_argument("--measure", action="append", metavar="ID=VALUE",
                   help="a mobility measure of your routines (repeatable)")
    p.add_argument("--stiffness", metavar="N", help="stiffness 0-10")
    p.add_argument("--morning-stiffness", metavar="MIN", help="minutes of morning stiffness")
    p.add_argument("--function", action="append", metavar="ID=SCORE",
                   help="an activity of yours 0 (unable) to 10 (as before); see `coach "
                   "activities` (repeatable)")
    p.add_argument("--note", metavar="TEXT", help="a note, up to 1,000 characters")
    p.add_argument("--at", metavar="WHEN",
                   help="when: 2026-11-24, 2026-11-24T08:30, 'yesterday 8:30' (default: now)")
    p.add_argument("--session", metavar="ID", help="link to a session (see `coach history`)")


def configure_checkin(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach checkin``."""
    add_value_options(p)


def configure_activities(p: argparse.ArgumentParser) -> None:
    """Arguments of ``coach activities``."""
    p.add_argument("action", nargs="?", choices=["add", "rename", "retire"],
                   help="add NAME..., rename ID NAME, retire ID (none: list them)")
    p.add_argument("words", nargs="*", metavar="ARG")


def any_values(args: argparse.Namespace) -> bool:
    """True when at least one value option was given."""
    return any(getattr(args, name, None) not in (None, []) for name in VALUE_OPTIONS)


def load_vocabulary(args: argparse.Namespace, ctx: AppContext | None = None) -> Vocabulary:
    """The regions and measures of every routine coach finds (``preferred``: the program's)."""
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app.checkins import program_routines
    from coach.domain.checkin import asked_regions, vocabulary

    lib = context.library(args)
    vocab = vocabulary(lr.routine for lr in lib.ordered())
    if ctx is None:
        return vocab
    return replace(vocab, preferred=asked_regions(program_routines(ctx)))


def _pain(
    args: argparse.Namespace, vocab: Vocabulary, existing: Sequence[PainRating]
) -> list[PainRating]:
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.domain.checkin import CheckInError, check_region, check_score
    from coach.domain.records import PainRating

    pains = list(args.pain or [])
    regions = list(args.region or [])
    named = [p for p in pains if "=" in p]
    plain = [p for p in pains if "=" not in p]
    pairs: list[tuple[str, str]] = [tuple(p.split("=", 1)) for p in named]  # type: ignore[misc]
    if regions and len(regions) != len(plain):
        raise CheckInError(
            f"give one --region for each --pain N (got {len(plain)} --pain and "
            f"{len(regions)} --region)"
        )
    if regions:
        pairs += list(zip(regions, plain, strict=True))
    elif plain:
        candidates = [p.region for p in existing] or list(vocab.preferred or vocab.regions)
        if len(plain) > 1 or len(candidates) != 1:
            raise CheckInError(
                "say which region the pain is in with --region (your routines ask about "
                f"{', '.join(candidates) or 'no region yet'})"
            )
        pairs.append((candidates[0], plain[0]))
    result = {p.region: p for p in existing}
    given: set[str] = set()
    for raw_region, raw_value in pairs:
        region = check_region(raw_region, vocab)
        if region in given:
            raise CheckInError(f"pain for '{region}' is given twice")
        given.add(region)
        result[region] = PainRating(region=region, value=check_score(raw_value))
    return list(result.values())


def build_record(
    args: argparse.Namespace,
    vocab: Vocabulary,
    ctx: AppContext,
    now: datetime,
    tz: tzinfo,
    base: CheckInRecord | None = None,
) -> CheckInRecord:
    """The check-in from the options (on top of ``base`` when editing); CheckInError if bad."""
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app.checkins import find_session, load_activities
    from coach.domain import psfs
    from coach.domain.checkin import (
        check_morning_stiffness,
        check_score,
        check_time,
        clean_note,
        parse_context,
        parse_measure_arg,
    )
    from coach.domain.records import CheckInRecord
    from coach.domain.when import parse_when

    values = base.model_dump() if base is not None else {"at": now, "context": "at_rest"}
    values["pain"] = _pain(args, vocab, base.pain if base is not None else [])
    if args.session:
        session = find_session(ctx, args.session)
        values["session_id"], values["routine_id"] = session.id, session.routine_id
        if base is None:
            values["context"] = "after_session"
    if args.context:
        values["context"] = parse_context(args.context)
    measures = dict(base.measures) if base is not None else {}
    for arg in args.measure or []:
        mid, value = parse_measure_arg(arg, vocab)
        measures[mid] = value
    values["measures"] = measures
    if args.stiffness is not None:
        values["stiffness"] = check_score(args.stiffness, "stiffness", "0 = no stiffness, "
                                          "10 = worst stiffness imaginable")
    if args.morning_stiffness is not None:
        values["morning_stiffness_min"] = check_morning_stiffness(args.morning_stiffness)
    if args.function:
        activities = load_activities(ctx.repo())
        scores = dict(base.function) if base is not None else {}
        for arg in args.function:
            aid, score = psfs.parse_score_arg(activities, arg)
            scores[aid] = score
        values["function"] = scores
    if args.note is not None:
        values["note"] = clean_note(args.note)
    if args.at:
        values["at"] = check_time(parse_when(args.at, now, tz), now)
    if base is not None:
        values["edited_at"] = now
    return CheckInRecord.model_validate(values)


def cmd_checkin(args: argparse.Namespace) -> int:
    """Record a check-in from the options, or open the check-in screen when none is given."""
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app.checkins import EmptyCheckIn, load_activities, record_checkin
    from coach.domain import psfs
    from coach.domain.checkin import CheckInError
    from coach.domain.history import describe_checkin, local_time, measure_labels, short_id

    if not any_values(args):
        # lazy: textual loads only when the full screen opens
        from coach.cli.tui_cmd import open_checkin

        return open_checkin(args)
    ctx = context.app_context(args)
    tz = ctx.tz()
    now = ctx.now()
    repo = ctx.repo()
    vocab = load_vocabulary(args, ctx)
    try:
        record = build_record(args, vocab, ctx, now, tz)
    except CheckInError as exc:
        err(f"coach: {exc}")
        err("Nothing was saved.")
        return 1
    try:
        record_checkin(repo, record)
    except EmptyCheckIn:
        err("coach: a check-in needs at least one value: --pain, --measure, --stiffness, "
            "--morning-stiffness, --function or --note. Nothing was saved.")
        return 1
    names = psfs.names(load_activities(repo)) if record.function else {}
    labels = measure_labels(m for defs in vocab.measures.values() for m in defs)
    out(f"Saved your check-in of {local_time(record.at, tz)} (id {short_id(record.id)}): "
        f"{describe_checkin(record, names, labels)}")
    return 0


def cmd_activities(args: argparse.Namespace) -> int:
    """List, add, rename or retire the activities rated for function (PSFS)."""
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.app.checkins import load_activities, save_activities
    from coach.domain import psfs
    from coach.domain.checkin import CheckInError

    ctx = context.app_context(args)
    repo = ctx.repo()
    activities = load_activities(repo)
    words = list(args.words)
    try:
        if args.action is None:
            if words:
                raise CheckInError("say what to do: add, rename or retire")
            return _list_activities(activities)
        if args.action == "add":
            if not words:
                raise CheckInError("name the activity, e.g. coach activities add 'gardening'")
            if not activities:
                activities = psfs.set_up(words)
            else:
                for name in words:
                    activities = psfs.add(activities, name)
        elif args.action == "rename":
            if len(words) != 2:
                raise CheckInError("write: coach activities rename ID 'new name'")
            activities = psfs.rename(activities, words[0], words[1])
        else:
            if len(words) != 1:
                raise CheckInError("write: coach activities retire ID")
            activities = psfs.retire(activities, words[0])
    except CheckInError as exc:
        err(f"coach: {exc}")
        err("Nothing was changed.")
        return 1
    save_activities(repo, activities, ctx.now())
    return _list_activities(activities)


def _list_activities(activities: Sequence[object]) -> int:
    # lazy: brings pydantic, the record models; this module loads with `coach history`
    from coach.domain import psfs

    acts = [a for a in activities if isinstance(a, psfs.Activity)]
    if not acts:
        out("No activities yet. Name 3 to 5 everyday activities the problem makes hard, e.g.")
        out("  coach activities add 'lifting my grandchild' 'gardening' 'driving'")
        return 0
    rows = [(a.id, a.name, "rated" if a.active else "retired") for a in acts]
    for line in table(rows, ["ID", "ACTIVITY", "STATUS"]):
        out(line)
    out(f"Rate them from 0 to 10 ({psfs.WORDING}) with: coach checkin --function ID=SCORE")
    return 0
