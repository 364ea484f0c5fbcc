"""What several commands share: inputs as people give them, option values in the forms people type, scoring
with progress, and the console lines in Japanese.

The generator's command can use `normalize_data_class` / `data_class_option` (「３Ｂ」「機密性3B」「3b」 → 3B) and
`refuse_overwrite` (an output folder with earlier outputs is not overwritten without --force).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import re
import unicodedata
from pathlib import Path

import typer

from ..axes import DATA_CLASSES
from ..errors import InputFileError, SpecgenError, UsageError
from ..textnorm import check_names  # noqa: F401 - used by the commands through this module

RESPONSE_SUFFIXES = (".xlsx", ".xlsm", ".docx", ".docm")


def err(text: str) -> None:
    typer.echo(text, err=True)


# --- option values ------------------------------------------------------------------------------------------

def normalize_data_class(value: object) -> str | None:
    """「３Ｂ」「機密性3B」「自治体機密性３ｂ」「3b」「ⅢB」 → '3B'; None when it is not a class."""
    s = unicodedata.normalize("NFKC", str(value or "")).strip()
    s = re.sub(r"[\s　]", "", s)
    for word in ("自治体", "機密性", "格付け", "格付", "クラス", "class", "レベル", "level"):
        s = re.sub(re.escape(word), "", s, flags=re.I)
    s = s.strip("-_:：「」()（）").upper()
    m = re.fullmatch(r"(III|II|I)([ABC]?)", s)
    if m:
        s = str(len(m.group(1))) + m.group(2)
    return s if s in DATA_CLASSES else None


def service_option(value: str | None) -> str | None:
    """A typer callback for --service: one of the clause library's service types (the list is defined once)."""
    if value is None:
        return None
    from ..axes import SERVICES

    key = unicodedata.normalize("NFKC", value).strip().lower()
    if key not in SERVICES:
        raise typer.BadParameter(f"サービス種別「{value}」はありません。{'・'.join(f'{k}（{v}）' for k, v in SERVICES.items())} のいずれか / "
                                 f"choose one of {', '.join(SERVICES)}")
    return key


def data_class_option(value: str | None) -> str | None:
    """A typer callback for --data-class accepting the spellings above; a usage error names the allowed values."""
    if value is None:
        return None
    dc = normalize_data_class(value)
    if dc is None:
        raise typer.BadParameter(f"「{value}」は自治体機密性の区分ではありません。1・2・3C・3B・3A のいずれか（「３Ｂ」「機密性3B」も可）/ "
                                 "not a data class; use 1, 2, 3C, 3B or 3A")
    return dc


def refuse_overwrite(out_dir: Path, names: tuple[str, ...], force: bool) -> None:
    """Refuse to write into a folder that already holds any of `names` unless --force (hand edits would be lost)."""
    out_dir = Path(out_dir)
    if force or not out_dir.is_dir():
        return
    present = [n for n in names if (out_dir / n).exists()]
    if present:
        raise SpecgenError(f"{out_dir}: 既に出力があります（{'、'.join(present)}）。上書きすると手作業の修正が失われます。"
                           "別のフォルダを指定するか、--force を付けてください / outputs already exist; use --force to overwrite")


_ERA = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}


def parse_date(value: str, option: str) -> dt.date:
    """2028-03-31, 2028/3/31, 2028年3月31日, 令和10年3月31日, R10.3.31 → date; UsageError otherwise."""
    s = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    era = re.fullmatch(r"(令和|平成|R|H)(\d{1,2}|元)[年.](\d{1,2})[月.](\d{1,2})日?", s, re.I)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if era:
            base = _ERA[era.group(1).upper() if len(era.group(1)) == 1 else era.group(1)]
            year = 1 if era.group(2) == "元" else int(era.group(2))
            return dt.date(base + year, int(era.group(3)), int(era.group(4)))
    except ValueError:
        raise UsageError(f"{option} {value}: 存在しない日付です / no such date") from None
    raise UsageError(f"{option} {value}: 日付は 2028-03-31（又は 令和10年3月31日）の形で指定してください / use YYYY-MM-DD")


# --- inputs -------------------------------------------------------------------------------------------------

def expand_responses(values: list[Path]) -> list[Path]:
    """Responses as given: files, folders (their .xlsx/.xlsm/.docx/.docm, sorted) and wildcards left unexpanded
    by the shell (Windows cmd passes 「*.xlsx」 as is). Office lock files 「~$…」 and hidden files are skipped."""
    out: list[Path] = []
    for value in values:
        s = str(value)
        p = Path(s)
        if any(ch in s for ch in "*?[") and not p.exists():
            matches = [Path(m) for m in sorted(glob.glob(s)) if Path(m).is_file() and _wanted(Path(m))]
            if not matches:
                raise InputFileError(f"{s}: 一致する回答ファイル（.xlsx / .docx）がありません / no file matches")
            out += matches
        elif p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and _wanted(f))
            if not files:
                raise InputFileError(f"{p}: フォルダに回答ファイル（.xlsx / .xlsm / .docx / .docm）がありません / no responses in the folder")
            out += files
        else:
            out.append(p)
    seen, unique = set(), []
    for p in out:
        key = str(p.resolve()) if p.exists() else str(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _wanted(p: Path) -> bool:
    return p.suffix.lower() in RESPONSE_SUFFIXES and not p.name.startswith(("~$", "."))


def check_outputs(*paths: Path | None) -> None:
    from ..files.atomic import check_target

    for p in paths:
        if p is not None:
            check_target(Path(p))


@contextlib.contextmanager
def terminal_progress(quiet: bool):
    """A progress line on a terminal (nothing when quiet or not a terminal); yields the scorer's callback."""
    from .. import progress

    reporter = progress.TerminalReporter(enabled=None if not quiet else False)
    with progress.use(reporter):
        yield _stage_ja


def score_with_progress(spec: Path, responses: list[Path], encoder: str | None, vendors: list[str] | None,
                        ismap_list: Path | None, valid_until: dt.date | None, quiet: bool):
    """Run the scorer with a progress line on a terminal; spec-like responses are set aside first."""
    from .. import progress
    from ..files.screen import screen_responses
    from ..scoring import score as run

    if vendors and len(vendors) > 1 and len(vendors) != len(responses):
        raise UsageError(f"--vendor は1つ（全回答が同じ事業者）又は回答ファイルと同じ数を指定してください（{len(vendors)} 個、回答 {len(responses)} 件）/ "
                         "give one --vendor or one per response")
    with terminal_progress(quiet) as stage:
        progress.report("回答を確認しています", 0, len(responses))
        keep, screened = screen_responses(responses)
        if vendors and len(vendors) > 1:
            vendors = [v for p, v in zip(responses, vendors) if p in keep]
        progress.report(f"仕様を読み込み、照合の準備をしています（回答 {len(keep)} 件）")
        report = run(spec, keep, encoder, vendors or None, ismap_list=ismap_list, valid_until=valid_until,
                     progress=stage) if keep else None
    if report is None:
        raise InputFileError("採点できる回答がありません / no response could be scored: " + "; ".join(s["error"] for s in screened))
    report.skipped[:0] = screened
    for s in report.skipped:
        err(f"specgen: 除外しました / skipped: {s['error']}")
    if not report.responses:
        raise InputFileError("採点できる回答がありません / no response could be scored")
    return report


STAGES_JA = {"score": "採点しています", "read": "読み込んでいます", "match": "照合しています", "judge": "判定しています"}


def _stage_ja(stage: str, done: int = 0, total: int = 0, name: str = "") -> None:
    """The scorer's progress callback, shown in Japanese on the terminal line (nothing when not a terminal)."""
    from .. import progress

    progress.report(STAGES_JA.get(stage, stage), done + (1 if name and done < total else 0), total, name)


def merged_vendor_lines(report, given: int) -> list[str]:
    """Say when files with the same 事業者名 were merged into one bid (they may be two different bidders)."""
    lines = []
    for r in report.responses:
        sources = [s for s in str(r.source).split(" + ") if s]
        if len(sources) > 1:
            lines.append(f"同じ事業者名「{r.vendor}」の {len(sources)} ファイルを1者の回答として統合しました（{'、'.join(Path(s).name for s in sources)}）。"
                         "別の事業者なら --vendor で名前を指定してください。")
    return lines


def summary_line(vendor: str, s: dict) -> str:
    return (f"{vendor}：充足 {s['met']}・一部 {s['partial']}・不充足 {s['unmet']}・記載なし {s['missing']}"
            f"（必須の不充足・記載なし {s['mandatory_failed']}）")
