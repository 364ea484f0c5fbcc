"""Reading: files → requirements (spec.py) and answers (xlsx.py, docx.py), each file checked first (safety.sniff)."""

from __future__ import annotations

from pathlib import Path

from ...errors import InputFileError
from specgen.files.safety import sniff
from ..model import Response


def read_response(path: Path, vendor: str | None = None) -> Response:
    kind = sniff(path)
    if kind == "xlsx":
        from .xlsx import read_xlsx_response

        return read_xlsx_response(path, vendor)
    if kind == "docx":
        from .docx import read_docx_response

        return read_docx_response(path, vendor)
    raise InputFileError(f"{Path(path).name}: 回答は .xlsx 又は .docx で指定してください / responses must be .xlsx or .docx")
