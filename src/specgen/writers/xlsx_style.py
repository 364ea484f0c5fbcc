"""Shared look of the workbooks specgen writes: header rows, borders, landscape fit-to-width printing."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FONT = "游ゴシック"
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
from ..statuses import STATUS_FILL  # noqa: F401 - the workbooks' status colours, re-exported with the rest of the look


def header_row(ws, row: int, headers: list[str], widths: list[float], size: float | None = None) -> None:
    """White bold labels on dark blue, wrapped and bordered; sets the column widths."""
    for c, (h, w) in enumerate(zip(headers, widths), 1):
        cell = ws.cell(row=row, column=c, value=h)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF", size=size)
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(c)].width = w


def landscape_fit(ws, title_row: int | None = None, orientation: str = "landscape") -> None:
    """A4, one page wide, as many pages tall as needed; repeat the header row."""
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_row:
        ws.print_title_rows = f"{title_row}:{title_row}"


def fit_row_height(ws, row: int, max_lines: int = 12) -> None:
    """Set a row height that shows its wrapped text: LibreOffice does not grow rows of files it did not write.

    A column of width w holds about w/2 full-width characters per line.
    """
    lines = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.value:
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            per_line = max(1, int(width / 2))
            n = sum(-(-max(1, len(part)) // per_line) for part in cell.value.split("\n"))
            lines = max(lines, n)
    ws.row_dimensions[row].height = 13 * min(lines, max_lines) + 3


def body_row(ws, row: int, values: list, size: float = 9) -> list:
    """One table row of outside text: every value through the cell neutraliser, wrapped, top-aligned, bordered."""
    from .cellsafe import put

    cells = []
    for c, v in enumerate(values, 1):
        cell = put(ws, row, c, v)
        cell.font = Font(name=FONT, size=size)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = BORDER
        cells.append(cell)
    return cells
