"""Table helpers shared by every Word document specgen writes (specs, annotated copies, 質問書)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def shade(cell, fill: str) -> None:
    """Fill a table cell with a solid colour (hex without #)."""
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def fix_widths(table, widths) -> None:
    """Fixed column widths on the grid and on every cell (LibreOffice lays out by the grid, Word by the cells),
    and no paragraph spacing inside cells."""
    table.autofit = False
    for c, w in enumerate(widths):
        table.columns[c].width = w
    for row in table.rows:
        for c, w in enumerate(widths):
            row.cells[c].width = w
            for p in row.cells[c].paragraphs:
                p.paragraph_format.space_after = 0
                p.paragraph_format.space_before = 0
