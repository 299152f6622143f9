"""The command palette (Ctrl+P): everything the client can do, found by typing part of a word.

:class:`ActionCommands` lists the app's actions (check in, progress, log, reminders, adding a
routine file, set-up, colours, help, the red-flags notice); :class:`RoutineCommands` starts any
routine of the program or opens any routine of the library, fuzzy-matched on its title (read in
a thread when the palette opens). While a session runs only what cannot interrupt it is offered.
Routine titles are shown literally, never as markup.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from coach.app.errors import StorageError
from coach.domain.text import terminal_safe
from coach.tui.screens.home_data import load_home_data
from coach.tui.themes import THEMES


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` literally (never markup), the matched letters highlighted."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


@dataclass(frozen=True)
class Command:
    """One palette entry: what the client reads, the help line, what it does."""

    title: str
    help: str
    run: Callable[[], Any]
    during_session: bool = False
    """Offered while a session runs (it opens a dialog over it and changes nothing)."""
    words: str = ""
    """Other words it is found by (a typed word that starts one of them)."""

    def score(self, matcher: Matcher) -> float:
        """How well what is typed matches: fuzzy on the title, or the start of another word."""
        score = matcher.match(self.title)
        if score:
            return score
        typed = matcher.query.strip().lower()
        if typed and any(word.startswith(typed) for word in self.words.lower().split()):
            return 0.2
        return 0.0


def action_commands(app: Any) -> list[Command]:
    """The app's actions as palette entries."""
    commands = [
        Command("Check in", "Record pain, measures, stiffness, activities", app.action_checkin,
                words="pain measures stiffness activities function"),
        Command("Progress", "Calendar, streaks, charts of pain and mobility",
                app.action_progress, words="history streak calendar charts report stats"),
        Command("Log", "Your sessions and check-ins; edit or delete them", app.action_log,
                words="history sessions check-ins edit delete"),
        Command("Reminders", "Reminder times and quiet hours", app.action_reminders,
                words="notifications times quiet"),
        Command("Settings", "Colours and voice", app.action_settings,
                words="colours colors theme voice preferences options"),
        Command("Profile", "Your name, therapist and clinic, for your progress report",
                app.action_profile, words="details me about name client id clinic report"),
        Command("Help: keys", "The keys of this screen", app.action_help,
                during_session=True, words="keys shortcuts"),
        Command("When to stop (red flags)", "When to stop and get medical help",
                app.action_red_flags, during_session=True,
                words="emergency doctor medical danger warning"),
        Command("Quit coach", "Close coach (a running session asks first)", app.action_quit,
                words="exit close"),
    ]
    optional = [  # actions other parts of coach add; offered once they exist
        ("action_add_routine", "Add a routine file",
         "The file your therapist sent you (a .json file)", "import install therapist json"),
        ("action_setup", "Set-up again",
         "The first-run questions: routine, reminders, activities, voice", "setup start welcome"),
    ]
    for position, (name, title, help_line, words) in enumerate(optional, start=4):
        action = getattr(app, name, None)
        if action is not None:
            commands.insert(position, Command(title, help_line, action, words=words))
    for name, label in THEMES.items():
        commands.append(
            Command(f"Colours: {label}", "Change the colours (kept for next time)",
                    partial(app.action_set_theme, name), during_session=True,
                    words="theme colors dark light contrast")
        )
    return commands


class ActionCommands(Provider):
    """The app's actions."""

    def _commands(self) -> list[Command]:
        app: Any = self.app
        busy = app.in_session()
        return [c for c in action_commands(app) if c.during_session or not busy]

    async def discover(self) -> Hits:
        """Everything, when nothing is typed yet."""
        for command in self._commands():
            yield DiscoveryHit(Content(command.title), command.run, text=command.title,
                               help=command.help)

    async def search(self, query: str) -> Hits:
        """The entries matching what is typed (in the title or the help line)."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = command.score(matcher)
            if score > 0:
                yield Hit(score, highlighted(matcher, command.title), command.run,
                          text=command.title, help=command.help)


@dataclass(frozen=True)
class RoutineEntry:
    """A routine the palette offers."""

    title: str
    help: str
    run: Callable[[], Any]


def routine_entries(app: Any) -> list[RoutineEntry]:
    """Start each program routine; open each library routine (blocking: call from a thread)."""
    data = load_home_data(app.ctx)
    entries: list[RoutineEntry] = []
    for loaded in data.library.ordered():
        title = terminal_safe(loaded.routine.title)
        in_program = loaded.routine.id in data.program_ids
        if in_program:
            entries.append(RoutineEntry(f"Start: {title}", "Run this routine of your program now",
                                        partial(app.start_session, loaded)))
            if loaded.routine.flare is not None:
                entries.append(RoutineEntry(
                    f"Flare day: {title}", "Do the gentle version today (counts as the session)",
                    partial(app.start_session, loaded, flare=True)))  # fmt: skip
        entries.append(RoutineEntry(
            f"Practice run (not counted): {title}", "Try it out at your pace: saved as practice, "
            "never counted", partial(app.start_practice, loaded)))  # fmt: skip
        where = "your program" if in_program else "the library"
        entries.append(RoutineEntry(f"Open: {title}", f"See its exercises ({where})",
                                    partial(app.open_routine, loaded, in_program)))
    return entries


class RoutineCommands(Provider):
    """Start or open a routine, by (part of) its title."""

    async def startup(self) -> None:
        """Read the routines and the program in a thread."""
        self.entries: list[RoutineEntry] = []
        app: Any = self.app
        if app.in_session():
            return
        try:
            self.entries = await asyncio.to_thread(routine_entries, app)
        except StorageError:
            return  # the home screen says what is wrong with the data folder

    async def discover(self) -> Hits:
        """The program's routines, when nothing is typed yet."""
        for entry in self.entries:
            if entry.title.startswith("Start: "):
                yield DiscoveryHit(Content(entry.title), entry.run, text=entry.title,
                                   help=entry.help)

    async def search(self, query: str) -> Hits:
        """The routines whose title matches what is typed."""
        matcher = self.matcher(query)
        for entry in self.entries:
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, highlighted(matcher, entry.title), entry.run,
                          text=entry.title, help=entry.help)
