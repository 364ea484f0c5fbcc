"""Where a piece of evidence is in the vendor's file, from the `where` the readers wrote.

The readers name places as text: 「回答書!E12」 (sheet and cell), 「段落14（4. 生成AIモデル）」 (the 14th non-empty
paragraph of the body, with its heading), 「段落22（2文目）（…）」 (its second sentence), 「表2 行5」 (row 5 of the
second body table); merged documents prefix the file name (「vendor_a.xlsx: 回答書!E12」). That is enough to find
the place again, so the scorer's model stays as it is; the numbering rules are the docx reader's
(`scoring.read.docx`: body paragraphs whose normalised text is not empty, body tables in order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_CELL = re.compile(r"^(?P<sheet>.+)!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>[0-9]{1,7})$")
_PARA = re.compile(r"^段落(?P<n>[0-9]+)(?:（(?P<s>[0-9]+)文目）)?")
_ROW = re.compile(r"^表(?P<t>[0-9]+) 行(?P<r>[0-9]+)")


@dataclass(frozen=True)
class Location:
    kind: str              # cell / paragraph / table_row / other
    file: str = ""         # file name when the evidence came from one of several documents
    sheet: str = ""
    row: int = 0           # 1-based (cell row, or table row)
    col: int = 0           # 1-based column of a cell
    paragraph: int = 0     # 1-based non-empty body paragraph
    table: int = 0         # 1-based body table

    @property
    def cell(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.col)}{self.row}" if self.kind == "cell" else ""


def split_file(where: str, sources: list[str]) -> tuple[str, str]:
    """(file name, rest) for 「name: where」 written when one vendor's documents were merged."""
    for s in sources:
        name = Path(s).name
        if name and where.startswith(f"{name}: "):
            return name, where[len(name) + 2:]
    return "", where


def parse_where(where: str, sources: list[str] = ()) -> Location:
    from openpyxl.utils import column_index_from_string

    file, rest = split_file(where, list(sources))
    m = _PARA.match(rest)
    if m:
        return Location("paragraph", file, paragraph=int(m.group("n")))
    m = _ROW.match(rest)
    if m:
        return Location("table_row", file, table=int(m.group("t")), row=int(m.group("r")))
    m = _CELL.match(rest)
    if m:
        sheet = m.group("sheet")
        if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
            sheet = sheet[1:-1].replace("''", "'")
        return Location("cell", file, sheet=sheet, row=int(m.group("row")), col=column_index_from_string(m.group("col")))
    return Location("other", file)


def belongs(loc: Location, source: str) -> bool:
    """Whether a location is in `source` (a location without a file name belongs to the only document)."""
    return not loc.file or loc.file == Path(source).name
