"""Adding the routine file the therapist sent, inside the app (home key ``a``, the palette, set-up).

A file picker opens in the Downloads folder (the home folder if there is none) listing ``.json``
files; choosing a file checks it at once in a thread (:mod:`coach.app.add_routine`, the same
checks as ``coach add``). Problems are shown in plain words with "Pick another file"; an update
of an installed routine shows its prescription changes and asks before replacing; then the file
is installed in a thread and one sentence says what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import events, on
from textual.binding import Binding
from textual.widgets import Static
from textual_fspicker import FileOpen
from textual_fspicker.base_dialog import InputBar
from textual_fspicker.parts import DirectoryNavigation
from textual_fspicker.path_filters import Filter

from coach.app import add_routine
from coach.app.add_routine import NOT_ADDED, check_routine_file, problem_lines
from coach.app.errors import StorageError
from coach.domain.validation import RoutineInvalid
from coach.tui.dialogs.confirm import ConfirmDialog
from coach.tui.dialogs.file_problems import FileProblemsDialog
from coach.tui.widgets.plain import plain_content

Done = Callable[[str | None], None]
"""Called with the id of the routine now in the program, or None when nothing was added."""


def start_folder() -> Path:
    """Where the picker opens: Downloads if there is one, else the home folder."""
    home = Path.home()
    downloads = home / "Downloads"
    return downloads if downloads.is_dir() else home


def is_routine_file(path: Path) -> bool:
    """Routine files end in ``.json`` (any case)."""
    return path.suffix.lower() == ".json"


class RoutineFilePicker(FileOpen):
    """The file picker listing folders and ``.json`` files; choosing a file returns it at once
    (Enter or a double click on it, or its name typed and Enter)."""

    CSS_PATH = "adding.tcss"
    HELP_TITLE = "choosing your routine file"
    BINDINGS = [  # the picker's own keys, with words for the help (?)
        Binding("full_stop", "hidden", "Hidden files", tooltip="show or hide hidden files"),
        Binding("escape", "dismiss(None)", "Cancel", tooltip="cancel: nothing is added"),
    ]

    def __init__(self, location: Path) -> None:
        super().__init__(
            location,
            "Choose the routine file your therapist sent you",
            open_button="Add",
            cancel_button="Cancel",
        )

    @on(events.Mount)
    def _routine_files_only(self) -> None:
        """List only routine files (and folders), and say which keys do what."""
        navigation = self.query_one(DirectoryNavigation)
        navigation.file_filter = Filter("Routine files", is_routine_file)
        hint = Static(
            plain_content("↑ ↓ move · Enter opens a folder or chooses a file · Esc cancels"),
            id="picker-hint",
        )
        bar = self.query_one(InputBar)
        bar.parent.mount(hint, before=bar)  # type: ignore[union-attr]

    @on(DirectoryNavigation.Selected)
    def _chosen(self, event: DirectoryNavigation.Selected) -> None:
        """Enter (or a double click) on a file chooses it; no second confirmation."""
        if event.path.is_file():
            self.dismiss(event.path)


class AddRoutineFlow:
    """One run of: pick a file -> check it -> (confirm an update) -> install -> say so."""

    def __init__(self, app: Any, done: Done | None = None, location: Path | None = None) -> None:
        self.app = app
        self.done = done
        self.location = location or start_folder()

    def start(self) -> None:
        """Open the file picker."""
        self.app.push_screen(RoutineFilePicker(self.location), self._picked)

    def _finish(self, routine_id: str | None) -> None:
        if self.done is not None:
            self.done(routine_id)

    def _picked(self, path: Path | None) -> None:
        if path is None:
            self._finish(None)
            return
        self.location = path.parent
        self.app.run_worker(lambda: self._check(path), thread=True, group="add-routine")

    def _check(self, path: Path) -> None:
        """Worker: validate the file against the routines coach has."""
        try:
            check = check_routine_file(path, self.app.ctx.library())
        except RoutineInvalid as exc:
            title = f"'{path.name}' cannot be used as a routine file:"
            self.app.call_from_thread(self._problems, title, problem_lines(exc.problems),
                                      NOT_ADDED)
            return
        if check.kind == "clash":
            title = f"'{path.name}' cannot be added:"
            self.app.call_from_thread(self._problems, title, [check.clash_message()],
                                      "Nothing was added.")
            return
        self.app.call_from_thread(self._checked, check)

    def _problems(self, title: str, lines: list[str], advice: str) -> None:
        def answered(again: bool | None) -> None:
            if again:
                self.start()
            else:
                self._finish(None)

        self.app.push_screen(FileProblemsDialog(title, lines, advice), answered)

    def _checked(self, check: Any) -> None:
        """Ask before replacing an installed version; else install."""
        if check.kind != "update":
            self._install(check)
            return

        changes = "\n".join(f"  - {line}" for line in check.change_lines())
        question = (
            f"You already have '{check.existing.routine.title}'. The new file changes:\n"
            f"{changes}\n\nReplace your current version with the new one?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._install(check)
            else:
                self.app.notify("Not replaced: you keep your current version.", markup=False)
                self._finish(None)

        self.app.push_screen(ConfirmDialog(question, yes="Replace", no="Keep mine"), answered)

    def _install(self, check: Any) -> None:
        def install() -> None:
            try:
                sentence = add_routine.install_routine(self.app.ctx, check)
                self.app.ctx.forget_library()  # the new file is read on the next look
            except (StorageError, OSError) as exc:
                self.app.call_from_thread(self._failed, str(exc))
                return
            self.app.call_from_thread(self._installed, sentence, check.new.routine.id)

        self.app.run_worker(install, thread=True, group="add-routine")

    def _failed(self, message: str) -> None:
        self.app.notify(f"The routine was not added: {message}", severity="error",
                        markup=False, timeout=10)
        self._finish(None)

    def _installed(self, sentence: str, routine_id: str) -> None:
        self.app.notify(str(plain_content(sentence)), markup=False, timeout=8)
        for screen in self.app.screen_stack:  # the home screen lists the program again
            reload = getattr(screen, "action_reload", None)
            if reload is not None:
                reload()
        self._finish(routine_id)
