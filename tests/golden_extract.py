"""Content of generated documents as plain text, for golden comparisons (tests/test_golden.py).

What a reader or a city's Word/Excel sees is kept — paragraph texts with their style, tables as cell text, sheet
names, cell values, the look of header cells, drop-downs, protection, document properties — and what changes with
every run or release is pinned: the tool and clause-library versions and the generation time become placeholders.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TOOL = "<TOOL_VERSION>"
LIBRARY = "<LIBRARY_VERSION>"
WHEN = "<GENERATED_AT>"


def pin(text: str, volatile: dict[str, str]) -> str:
    """Replace each volatile string (longest first, so "0.1.0" inside "2026.0.1.0" cannot win) by its placeholder."""
    for value in sorted(volatile, key=len, reverse=True):
        if value:
            text = text.replace(value, volatile[value])
    return text


def _docx_block(block, out: list[str]) -> None:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if isinstance(block, Paragraph):
        if block.text.strip():
            out.append(f"[{block.style.name}] {block.text}")
    elif isinstance(block, Table):
        out.append(f"[table {len(block.rows)}x{len(block.columns)}]")
        for row in block.rows:
            out.append("| " + " | ".join(c.text.replace("\n", "⏎") for c in row.cells) + " |")
        out.append("[/table]")


def docx_text(path: Path) -> str:
    """Paragraphs as `[Style] text` and tables as `| cell | cell |` in body order, then header, footer, properties."""
    from docx import Document

    doc = Document(str(path))
    out: list[str] = []
    for block in doc.iter_inner_content():
        _docx_block(block, out)
    for i, section in enumerate(doc.sections):
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            texts = [p.text for p in part.paragraphs if p.text.strip()]
            fields = sorted(set(re.findall(r"instrText[^>]*>\s*([A-Z]+)", part._element.xml)))
            out.append(f"[section {i} {name}] {' / '.join(texts)}" + (f" fields={','.join(fields)}" if fields else ""))
    cp = doc.core_properties
    for key in ("title", "author", "last_modified_by", "language", "comments", "subject", "keywords"):
        value = getattr(cp, key)
        if value:
            out.append(f"[property {key}] {value}")
    out.append(f"[property created] {cp.created.isoformat() if cp.created else None}")
    return "\n".join(out) + "\n"


def _colour(c) -> str | None:
    if c is None:
        return None
    return c.rgb if c.type == "rgb" else f"{c.type}:{c.value}"


def _style(cell) -> str:
    parts = []
    fill = cell.fill
    if fill is not None and fill.fill_type:
        parts.append(f"fill={fill.fill_type}:{_colour(fill.fgColor)}")
    font = cell.font
    if font is not None:
        if font.b:
            parts.append("bold")
        if font.color is not None and _colour(font.color) not in (None, "FF000000"):
            parts.append(f"color={_colour(font.color)}")
        if font.name:
            parts.append(f"font={font.name}")
    return " ".join(parts)


def xlsx_text(path: Path) -> str:
    """Per sheet: state, freeze, protection, print titles, hidden columns, drop-downs; every value; the style of
    styled cells (fill or bold: headers, titles) and whether an input cell is unlocked."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    out = [f"sheets: {wb.sheetnames}"]
    for ws in wb.worksheets:
        out.append(f"== {ws.title} state={ws.sheet_state} freeze={ws.freeze_panes} protected={bool(ws.protection.sheet)} "
                   f"print_titles={ws.print_title_rows} orientation={ws.page_setup.orientation}")
        hidden = sorted(k for k, d in ws.column_dimensions.items() if d.hidden)
        if hidden:
            out.append(f"hidden columns: {hidden}")
        if ws.merged_cells.ranges:
            out.append(f"merged: {sorted(str(r) for r in ws.merged_cells.ranges)}")
        for dv in ws.data_validations.dataValidation:
            out.append(f"validation {dv.type} {dv.formula1} on {dv.sqref} allow_blank={dv.allow_blank}")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                value = cell.value
                if ws.title == "_specgen" and isinstance(value, str) and value.startswith("{"):
                    # the hidden metadata: one JSON key per line, so a diff names the key that changed
                    out.append(f"{cell.coordinate}: (json)")
                    out.extend("  " + ln for ln in json.dumps(json.loads(value), ensure_ascii=False, indent=1, sort_keys=True).splitlines())
                    continue
                line = f"{cell.coordinate}: {value!s}".replace("\n", "⏎")
                style = _style(cell)
                if "fill=" in style or "bold" in style:
                    line += f"  {{{style}}}"
                if ws.protection.sheet and not cell.protection.locked:
                    line += "  {unlocked}"
                out.append(line)
    return "\n".join(out) + "\n"


def json_text(path: Path) -> str:
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


EXTRACTORS = {".docx": docx_text, ".xlsx": xlsx_text, ".json": json_text, ".md": lambda p: p.read_text(encoding="utf-8")}


def extract(path: Path, volatile: dict[str, str]) -> str:
    return pin(EXTRACTORS[path.suffix](path), volatile)


def golden_name(output: str) -> str:
    """spec.docx → spec.docx.txt (a readable diff in review); Markdown stays .md."""
    return output if output.endswith(".md") else output + ".txt"
