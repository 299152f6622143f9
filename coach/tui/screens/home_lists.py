"""The home screen's two lists (the program and the library): their tables, mounted with the
first rows, filled to the screen's width (titles cut so that every other column shows whole),
the cursor kept on its routine across reloads, the hint under the program and the routine files
that could not be used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Static

from coach.tui.base import CoachScreen
from coach.tui.screens.home_data import ListLayout, list_layout, row_cells
from coach.tui.widgets.plain import plain_content, plain_text

if TYPE_CHECKING:
    from coach.listing import Listing


def _width(cell: Any) -> int:
    """The cells a table cell takes on one line (a ``Text`` or a string)."""
    return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))

FLARE_HINT = "A bad day? Press f for the gentle flare-day version of the routine under the cursor."
"""Shown under the program when one of its routines has a flare version."""


class HomeLists(CoachScreen[None]):
    """The part of the home screen that shows the program and library lists (:meth:`_fill`)."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Listing | None = None
        self._layout: ListLayout | None = None
        """The lists' rows, their columns and how much of a title fits (:func:`list_layout`)."""

    async def on_resize(self) -> None:
        """Narrower or wider: titles cut to fit again, so that every other column shows whole."""
        shown = self._shown
        if shown is not None and list_layout(self.size.width, shown.rows) != self._layout:
            await self._fill(shown)

    async def _tables(self) -> tuple[DataTable[Any], DataTable[Any]]:
        """The program and library tables, mounted the first time there are rows for them."""
        if not self.query("#program"):
            body = self.query_one("#home-body")
            for table_id, after in (("program", "#program-hint"), ("library", "#library-title")):
                table: DataTable[Any] = DataTable(
                    id=table_id, cursor_type="row", zebra_stripes=True
                )
                await body.mount(table, after=after)
        return self.query_one("#program", DataTable), self.query_one("#library", DataTable)

    async def _fill(self, shown: Listing) -> None:
        """Fill the program and library tables, the hint and the problems."""
        program, library = await self._tables()
        self._shown = shown
        self._layout = layout = list_layout(self.size.width, shown.rows)
        height = 1 if layout.areas is None else None  # None: as high as the wrapped areas
        cursors = {table: self._cursor_key(table) for table in (program, library)}
        rows: dict[DataTable[Any], list[tuple[str, list[Any]]]] = {program: [], library: []}
        for row in shown.rows:
            cells = row_cells(row, layout.columns, layout.title)
            cells[0], cells[-1] = plain_text(cells[0]), plain_text(cells[-1])  # file text
            rows[program if row.in_program else library].append((row.routine_id, cells))
        for table, filled in rows.items():  # columns again: their widths fit the new rows
            table.clear(columns=True)
            for i, name in enumerate(layout.columns):
                # Given, not measured by the table: a table filled while its screen is under
                # another one measured its columns by their headers alone ("Knee  4  16 mi").
                width = max([cell_len(name)] + [_width(cells[i]) for _, cells in filled])
                table.add_column(name, width=layout.areas if name == "Areas" and layout.areas
                                 else width)  # fmt: skip
            for routine_id, cells in filled:
                table.add_row(*cells, key=routine_id, height=height)
        for table, key in cursors.items():  # a reload keeps the cursor on its routine
            if key is not None and key in table.rows:
                table.move_cursor(row=table.get_row_index(key), animate=False)
        hint = "" if program.row_count else (
            "Nothing here yet: press a to add the routine file your therapist sent you, "
            "or pick a routine from the library below."
        )
        if shown.gentle:  # a program routine has a flare version
            hint = FLARE_HINT
        self.query_one("#program-hint", Static).update(plain_content(hint))
        text = ""
        if shown.problems:
            text = f"{len(shown.problems)} routine file(s) could not be used:\n" + "\n".join(
                shown.problems
            )
        self.query_one("#problems", Static).update(plain_content(text))
        focused = self.focused
        if not isinstance(focused, DataTable) and (focused is None
                                                   or focused.id != "first-session"):
            (program if program.row_count else library).focus()

    @staticmethod
    def _cursor_key(table: DataTable) -> str | None:
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
