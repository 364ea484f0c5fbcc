"""Read a city's spec into requirement items: a Word 仕様書, an Excel requirement list or specgen's spec.json.

Word: headings set the chapter; numbered clauses 「(1)」「（1）」「①」「ア」「(ア)」「1.2.3」「第1条」 start an item
(a short numbered line without 「。」 is a title, the paragraphs after it its body); unnumbered paragraphs after a
numbered one continue it when they open with なお・ただし・また…; 「出典：」 lines are skipped; tables are read
row by row (a requirement list table through the scorer's header finder, other tables as one item per row); 別紙
headings mark what follows as appendix. Excel and spec.json go through the scorer's own reader (`load_spec`).
"""

from __future__ import annotations

import re
from pathlib import Path

from specgen.errors import InputFileError, one_line
from specgen.files.safety import LIMITS, sniff
from specgen.textnorm import normalize

from .model import CityItem, CitySpec

_NUMBER = re.compile(
    r"^\s*(?P<n>[(（][0-9０-９]{1,3}[)）]|[①-⑳]|[(（][ア-ン][)）]|[ア-ン](?=[\s　.．、])|[0-9]{1,2}(?:[.．][0-9]{1,2}){1,3}(?=[\s　])"
    r"|第[0-9一二三四五六七八九十]+条|[0-9]{1,2}[.．)）](?=\D))\s*")
_CHAPTER = re.compile(r"^(第[0-9一二三四五六七八九十]+[章節]|[0-9]{1,2}[\s　]|[0-9]{1,2}[.．][\s　]|[■□●◆◇【]|別紙|別表|付録)")
_TAG_ID = re.compile(r"[\[［]([A-Za-z]{1,6}-\d{1,3})[\]］]")
_TAG_MANDATORY = re.compile(r"[【\[（(](必須|任意|加点|任意（加点）)[】\]）)]")
_CONTINUE = re.compile(r"^(なお|ただし|また|この場合|あわせて|併せて|さらに|加えて|上記|前項|前号)")
_SOURCE_LINE = re.compile(r"^(出典|根拠|参考)[:：]")
_APPENDIX = re.compile(r"^(別紙|別表|付録|appendix)", re.I)
_REQUIREMENT = re.compile(r"(こと|ものとする|とする|しなければならない|努める|望ましい|できる|限る|限定する|禁止する|行う|講じる|提出する|報告する|示す)[。．）)]?\s*$"
                          r"|(こと|ものとする|とする|努める|望ましい)[。．]")
_SKIP_HEADING = re.compile(r"出典一覧|参考文献|参考資料一覧|改訂履歴|変更履歴")
_DECORATIVE_TITLE = re.compile(r"^(調達)?仕様書(\(案\))?$")
_DEFINITION = re.compile(r"をいう[。．]?|という。）|とは、")


def read_city_spec(path: Path) -> CitySpec:
    """Read the spec (checked first by `files.safety`: type, size, zip bombs, DTDs) into items."""
    path = Path(path)
    kind = sniff(path)
    if kind == "docx":
        return _read_docx(path)
    if kind in ("xlsx", "json"):
        from specgen.scoring import load_spec

        s = load_spec(path)
        items = [CityItem(id=i.id, text=normalize(i.text), where=f"要件番号 {i.id}", heading=i.category, mandatory=i.mandatory,
                          kind="requirement") for i in s.items]
        return CitySpec(source=str(path), kind=kind, items=items, title=s.title, text="\n".join([s.title, *(i.text for i in items)]))
    raise InputFileError(f"{path.name}: 仕様書は .docx、.xlsx 又は spec.json で指定してください / the spec must be .docx, .xlsx or spec.json")


def classify(text: str) -> str:
    if _DEFINITION.search(text) and not re.search(r"すること|ものとする", text):
        return "definition"
    return "requirement" if _REQUIREMENT.search(text) else "other"


def _read_docx(path: Path) -> CitySpec:
    try:
        return _walk_docx(path)
    except InputFileError:
        raise
    except Exception as e:  # python-docx meets damaged parts lazily
        raise InputFileError(f"{path.name}: Word ファイルが壊れています / damaged document ({type(e).__name__}: {one_line(e, 120)})") from None


def _walk_docx(path: Path) -> CitySpec:
    from specgen.scoring.read.docx import document_blocks, is_heading  # the scorer's reader: .docm as data, same headings
    from specgen.scoring.read.tables import cell, find_layout, header_roles
    from specgen.scoring.read.workbook import cell_text

    blocks = document_blocks(path)
    items: list[CityItem] = []
    all_text: list[str] = []
    heading, appendix, title = "", False, ""
    current: CityItem | None = None
    pending: CityItem | None = None  # a numbered title waiting for its body
    n_para = n_table = 0
    skipping = False  # under 出典一覧 / 改訂履歴: not requirements
    for block, text in blocks:
        if text is not None:
            n_para += 1
            all_text.append(text)
            style = block.style.name if block.style is not None else ""
            if not title and n_para <= 5 and not _DECORATIVE_TITLE.match(text.replace(" ", "")):
                title = text
            if _SOURCE_LINE.match(text) or (skipping and not style.startswith(("Heading", "見出し"))):
                continue
            raw = block.text.strip()
            m = _NUMBER.match(raw)  # on the raw text: NFKC would turn 「①」 into 「1」
            # a heading style always sets the chapter; otherwise the scorer's heading test, unless the line is a
            # numbered clause (「(1) データの保存場所」 is a clause title, not a chapter)
            if (style.startswith(("Heading", "見出し")) and len(text) <= 40) or (not m and is_heading(style, text)):
                heading, current, pending = text, None, None
                skipping = bool(_SKIP_HEADING.search(text))
                appendix = appendix or bool(_APPENDIX.match(text))
                continue
            if m:
                rest = normalize(raw[m.end():])
                rid = _TAG_ID.search(rest)
                mand = _TAG_MANDATORY.search(rest)
                rest = _TAG_MANDATORY.sub("", _TAG_ID.sub("", rest)).strip()
                item = CityItem(id=rid.group(1) if rid else normalize(m.group("n")), text=rest, where=f"段落{n_para}", heading=heading,
                                mandatory=not (mand and mand.group(1) != "必須"), appendix=appendix)
                if len(rest) <= 40 and "。" not in rest and classify(rest) != "requirement":
                    item.title, item.text, pending = rest, "", item  # a title: the body follows
                    items.append(item)
                    current = item
                    continue
                items.append(item)
                current, pending = item, None
                continue
            if pending is not None and not pending.text:
                pending.text, pending = text, None
                continue
            if current is not None and _CONTINUE.match(text):
                current.text = f"{current.text} {text}".strip()
                continue
            current = CityItem(id=f"段落{n_para}", text=text, where=f"段落{n_para}", heading=heading, appendix=appendix)
            items.append(current)
            pending = None
        else:
            n_table += 1
            if skipping:
                continue
            grid = [[cell_text(c.text) for c in row.cells] for row in block.rows[: LIMITS.max_rows]]
            current = pending = None
            if not grid:
                continue
            all_text += [" ".join(dict.fromkeys(x for x in line if x)) for line in grid]
            header, cols = _table_header(grid, header_roles, find_layout)
            if cols is not None:
                for r in range(header + 1, len(grid)):
                    text = normalize(cell(grid[r], cols["requirement"]))
                    if not text:
                        continue
                    rid = cell(grid[r], cols.get("id")) or f"表{n_table}-{r + 1}"
                    mand = cell(grid[r], cols.get("mandatory"))
                    items.append(CityItem(id=rid, text=text, where=f"表{n_table} 行{r + 1}", heading=cell(grid[r], cols.get("category")) or heading,
                                          mandatory=not any(k in mand for k in ("任意", "加点", "望ましい")), appendix=appendix))
                continue
            for r, line in enumerate(grid):
                cells = list(dict.fromkeys(x for x in line if x))  # merged cells repeat
                if not cells:
                    continue
                text = normalize(" ".join(cells))
                items.append(CityItem(id=f"表{n_table}-{r + 1}", text=text, where=f"表{n_table} 行{r + 1}", heading=heading, appendix=appendix))
    for item in items:
        if not item.text and item.title:
            item.text = item.title
        item.kind = classify(item.text)
        if item.kind == "other" and (item.appendix or item.where.startswith("表")) and re.search(r"\d", item.text) and len(item.text) >= 8:
            item.kind = "requirement"  # 別紙 tables of values (「稼働率｜99.9%以上」) are requirements
    items = [i for i in items if i.text]
    if not items:
        raise InputFileError(f"{path.name}: 本文がありません / the document has no text")
    return CitySpec(source=str(path), kind="docx", items=items, title=title, text="\n".join(all_text))


def _table_header(grid: list[list[str]], header_roles, find_layout) -> tuple[int, dict | None]:
    """A requirement-list table: its header row (by names, in the first rows) and its columns; None otherwise."""
    for r in range(min(5, len(grid))):
        roles = header_roles(grid[r])
        if "requirement" in roles and len(roles) >= 2:
            return r, roles
    layout = find_layout(grid, need_answer=False)
    if layout is not None and "requirement" in layout.named:
        return layout.header_row, layout.columns
    return 0, None
