"""Annotated copies of each response's own files, and writing every feedback output of a run as one set."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputFileError, SpecgenError, one_line
from ..scoring.model import ResponseResult
from .results import SpecInfo, sources_of

SUFFIX = "_注記付き"
_BAD_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass
class FeedbackOutcome:
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # one line each: a copy that could not be made, and why


def file_stem(text: str, fallback: str = "回答") -> str:
    s = _BAD_NAME.sub("", str(text or "")).strip().strip(".")
    return s[:60] or fallback


def copy_name(source: str) -> str:
    """「vendor_a.xlsm」 → 「vendor_a_注記付き.xlsx」 (macro-enabled files are copied without macros)."""
    p = Path(source)
    ext = {".xlsm": ".xlsx", ".docm": ".docx"}.get(p.suffix.lower(), p.suffix.lower())
    return f"{file_stem(p.stem)}{SUFFIX}{ext}"


def _read_original(path: Path) -> tuple[str, bytes]:
    from ..files.safety import sniff

    kind = sniff(path)  # the same pre-parse checks as the scorer's (size, bombs, encryption, entities)
    return kind, path.read_bytes()


def annotate_file(resp: ResponseResult, source: str) -> tuple[str, bytes, list[str]]:
    """(copy's name, bytes, notes) for one original file of `resp`; InputFileError in one line when it cannot be made."""
    path = Path(source)
    if not path.is_file():
        raise InputFileError(f"{path.name}: 元のファイルが見つからないため、注記付きの写しを作成できません / original not found: {source}")
    kind, data = _read_original(path)
    digest = hashlib.sha256(data).hexdigest()
    try:
        if kind == "xlsx":
            from .annotate_xlsx import annotate_xlsx

            out, notes = annotate_xlsx(resp, source, data, path.name, digest)
        elif kind == "docx":
            from .annotate_docx import annotate_docx

            out, notes = annotate_docx(resp, source, data, path.name, digest)
        else:
            raise InputFileError(f"{path.name}: 注記付きの写しは .xlsx / .docx のみ作成できます / only .xlsx and .docx")
    except SpecgenError:
        raise
    except Exception as e:  # a damaged part met while copying: one line, never a traceback
        raise InputFileError(f"{path.name}: 注記付きの写しを作成できません / cannot annotate ({type(e).__name__}: {one_line(e, 100)})") from None
    return copy_name(source), out, notes


def annotated_copies(resp: ResponseResult) -> list[tuple[str, bytes, list[str]]]:
    """One annotated copy per file the response was read from (an Excel sheet and a Word proposal of one vendor: two)."""
    return [annotate_file(resp, s) for s in sources_of(resp)]


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    out, n = name, 1
    while out.casefold() in taken:
        n += 1
        out = f"{stem}_{n}.{ext}"
    taken.add(out.casefold())
    return out


def write_feedback(responses: list[ResponseResult], spec: SpecInfo | None = None, annotate_dir: Path | None = None,
                   questions_dir: Path | None = None) -> FeedbackOutcome:
    """Write the annotated copies into `annotate_dir` and the 質問書 (.docx per vendor, one .xlsx) into `questions_dir`,
    all as one set. A copy that cannot be made is named in `warnings`; the rest are still written."""
    from ..files.atomic import OutputSet, check_folder

    spec = spec or SpecInfo()
    outcome = FeedbackOutcome()
    payload: dict[Path, bytes] = {}
    if annotate_dir is not None:
        folder = check_folder(Path(annotate_dir))
        taken: set[str] = set()
        for resp in responses:
            for source in sources_of(resp):
                try:
                    name, data, _notes = annotate_file(resp, source)
                except SpecgenError as e:
                    outcome.warnings.append(str(e))
                    continue
                payload[folder / _unique(name, taken)] = data
    if questions_dir is not None:
        from .questions import build_questions
        from .questions_docx import questions_docx
        from .questions_xlsx import questions_xlsx

        folder = check_folder(Path(questions_dir))
        sets = [build_questions(r, spec) for r in responses]
        taken = {"質問書.xlsx".casefold()}
        for vq in sets:
            if vq.questions:
                payload[folder / _unique(f"質問書_{file_stem(vq.vendor, '事業者')}.docx", taken)] = questions_docx(vq, spec)
        payload[folder / "質問書.xlsx"] = questions_xlsx(sets, spec)
    if payload:
        with OutputSet(list(payload)) as out:
            for target, data in payload.items():
                out.write_bytes(target, data)
    outcome.files = list(payload)
    return outcome
