"""Check vendors' ISMAP registration claims against the ISMAP cloud service list the user downloaded."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputFileError
from specgen.files.safety import read_csv_rows
from ...files.headers import HeaderNames
from ...textnorm import compact, normalize
from ..model import Evidence, Result

NUMBER_RE = re.compile(r"\b([A-Z]\d{2}-\d{4}-\d{1,2})\b")
ISMAP_REQ = re.compile(r"ISMAP", re.I)
HEADERS = {
    "number": ("登録番号", "登録no", "番号"),
    "service": ("クラウドサービスの名称", "クラウドサービス名", "サービス名称", "サービス名", "名称"),
    "provider": ("クラウドサービス事業者名", "クラウドサービス事業者", "事業者名", "事業者", "提供者", "申請者"),
    "registered": ("登録日", "登録年月日", "登録開始日"),
    "expires": ("有効期限", "有効期間満了日", "登録有効期限", "有効期間", "満了日", "更新期限"),
}


@dataclass(frozen=True)
class IsmapEntry:
    number: str
    service: str
    provider: str
    registered: dt.date | None
    expires: dt.date | None


def _date(v) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = normalize(v)
    if not s:
        return None
    m = re.search(r"(\d{4})[年/.-](\d{1,2})[月/.-](\d{1,2})", s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.search(r"(令和|R)(\d{1,2}|元)[年.](\d{1,2})[月.](\d{1,2})", s)
    if m:
        y = 1 if m.group(2) == "元" else int(m.group(2))
        try:
            return dt.date(2018 + y, int(m.group(3)), int(m.group(4)))
        except ValueError:
            return None  # 「R5.13.40」: not a date; the entry is kept without it
    return None


def _rows(path: Path) -> list[list]:
    if path.suffix.lower() == ".csv":
        return read_csv_rows(path, "ISMAPリスト")  # size, row and field caps; CR/LF/CRLF; UTF-8 or Shift_JIS
    from ..read.workbook import open_workbook

    wb = open_workbook(path)
    out = []
    for ws in wb.worksheets:
        out += [list(r) for r in ws.iter_rows(values_only=True, max_row=20000, max_col=40)]
    return out


def load_ismap_list(path: Path) -> list[IsmapEntry]:
    """Read the list (Excel or CSV) and find its columns by header names."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path.name}: ISMAPリストが見つかりません / file not found")
    if path.suffix.lower() != ".csv":
        from specgen.files.safety import sniff

        sniff(path)
    rows = _rows(path)
    found = HeaderNames(HEADERS, contained=4).find(rows, ("number", "service"))
    if found is None:
        raise InputFileError(f"{path.name}: ISMAPリストの見出し（登録番号・サービス名）が見つかりません / no 登録番号 / サービス名 header found")
    h, cols = found
    entries = []
    for row in rows[h + 1:]:
        get = lambda role: row[cols[role]] if role in cols and cols[role] < len(row) else None  # noqa: E731
        number = normalize(get("number")).upper()
        if not NUMBER_RE.search(number):
            continue
        entries.append(IsmapEntry(NUMBER_RE.search(number).group(1), normalize(get("service")), normalize(get("provider")),
                                  _date(get("registered")), _date(get("expires"))))
    if not entries:
        raise InputFileError(f"{path.name}: 登録番号（例 C21-0001-1）の行がありません / no registration rows found")
    return entries


def check_claims(results: list[Result], entries: list[IsmapEntry], valid_until: dt.date) -> None:
    """Amend the results of ISMAP requirements: verified, not on the list, or expiring."""
    by_number = {e.number: e for e in entries}
    for r in results:
        if not ISMAP_REQ.search(r.requirement) or r.status not in ("met", "partial"):
            continue
        text = " ".join(e.text for e in r.evidence)
        numbers = NUMBER_RE.findall(normalize(text).upper())
        hits = [by_number[n] for n in numbers if n in by_number]
        if not hits:
            key = compact(text)
            hits = [e for e in entries if len(compact(e.service)) >= 4 and compact(e.service) in key]
        if not hits:
            r.amend(status="unmet" if numbers else "partial", flag="ismap_not_on_list",
                    reason=(f"記載の登録番号 {', '.join(numbers)} はISMAPクラウドサービスリストにない" if numbers
                            else "ISMAP登録の記載があるが、登録番号・サービス名がリストで確認できない"))
            continue
        e = hits[0]
        listed = Evidence("ISMAPリスト", f"{e.number} {e.service} {e.provider}", 1.0, "ismap_list")
        if e.expires and e.expires < valid_until:
            r.amend(status="unmet", flag="ismap_expired", evidence=listed,
                    reason=f"ISMAP登録 {e.number}（{e.service}）の有効期限 {e.expires} が契約期間（{valid_until}まで）内に切れる")
        else:
            r.amend(flag="ismap_verified", evidence=listed,
                    append_reason=f"。ISMAPリストで確認：{e.number} {e.service}" + (f"（有効期限 {e.expires}）" if e.expires else ""))
