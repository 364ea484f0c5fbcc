"""Open a workbook safely and turn a sheet into a grid of texts (line breaks kept) with its cell comments."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputFileError, one_line
from specgen.files.safety import LIMITS
from ...textnorm import normalize


def open_workbook(path: Path):
    """openpyxl workbook, values only (cached formula results), VBA never loaded or run.

    Callers check the file with `safety.sniff` first (read_response, load_spec, load_ismap_list, read_overrides).
    """
    from openpyxl import load_workbook

    data = Path(path).read_bytes()  # parse a copy in memory: the input is never held open or written
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, keep_links=False)
    except InputFileError:
        raise
    except Exception as e:  # openpyxl raises many types on damaged parts
        raise InputFileError(f"{path.name}: Excel ファイルとして読めません / cannot read workbook ({type(e).__name__}: {one_line(e, 120)})") from None


def guarded(fn):
    """Damaged workbooks fail lazily inside openpyxl objects; report them as one line, not a traceback."""
    def wrapper(path, *args, **kwargs):
        try:
            return fn(path, *args, **kwargs)
        except InputFileError:
            raise
        except Exception as e:
            raise InputFileError(f"{Path(path).name}: Excel ファイルが壊れています / damaged workbook ({type(e).__name__})") from None
    wrapper.__doc__ = fn.__doc__
    wrapper.__name__ = fn.__name__
    return wrapper


def cell_text(v) -> str:
    """A cell value as text: NFKC per line, line breaks kept (they separate sentences in an answer cell)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v)
    if len(s) > LIMITS.max_cell_chars:
        s = s[: LIMITS.max_cell_chars]
    lines = [normalize(x) for x in s.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(x for x in lines if x)


def col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


@dataclass
class Sheet:
    title: str
    grid: list[list[str]]
    comments: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based → comment text

    def ref(self, r: int, c: int) -> str:
        return f"{self.title}!{col_letter(c)}{r + 1}"


def read_sheet(ws) -> Sheet:
    """Cell texts with merged ranges filled from their top-left cell, and the comments (notes) on cells."""
    max_row = min(ws.max_row or 0, LIMITS.max_rows)
    max_col = min(ws.max_column or 0, LIMITS.max_cols)
    grid: list[list[str]] = []
    comments: dict[tuple[int, int], str] = {}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col)):
        line = []
        for c, cell in enumerate(row):
            line.append(cell_text(getattr(cell, "value", None)))
            comment = getattr(cell, "comment", None)
            if comment is not None and comment.text:
                comments[(r, c)] = cell_text(_strip_author(comment.text, comment.author))
        grid.append(line)
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(grid) and rng.min_col <= max_col else ""
        for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
            for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                if not grid[r - 1][c - 1]:
                    grid[r - 1][c - 1] = top
    return Sheet(ws.title, grid, comments)


def _strip_author(text: str, author: str | None) -> str:
    # Excel prefixes a note with 「作成者:」 on its first line
    if author and text.startswith(f"{author}:"):
        return text[len(author) + 1:].lstrip()
    return text
