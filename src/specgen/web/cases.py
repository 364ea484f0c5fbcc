"""案件 (case) folders under --workdir: one folder per spec, evaluation or pre-check, with its uploads and outputs.

    <workdir>/cases/<id>/case.json          what the case is, its files (stored name and the name as uploaded)
                         spec/…             the spec (uploaded, or copied from a generated case)
                         responses/NN/…     each uploaded response in its own numbered folder
                         eval/              the committee folder: score.json, committee.json, evaluation.xlsx (run_compare)
                         gen/               a generated spec's outputs (write_outputs)

A stored file's path is made here: the number, plus the uploaded name reduced to letters and digits (the scorer
falls back to it as the vendor's name); nothing of the uploaded name can step out of the folder.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputFileError
from ..files.atomic import write_text_atomic

SPEC_EXTS = (".json", ".xlsx", ".xlsm")  # what scoring.load_spec reads
RESPONSE_EXTS = (".xlsx", ".xlsm", ".docx", ".docm")
KINDS = {"evaluation": "提案の評価", "spec": "仕様書", "precheck": "回答の事前確認"}
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.I)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def clean_stem(filename: str, limit: int = 60) -> str:
    """The uploaded name without folders or extension, letters/digits/「-_・（）」 only."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^\w\-・（）()ー]+", "_", stem, flags=re.UNICODE).strip("._ ")[:limit]
    if not stem:
        stem = "file"
    if _WINDOWS_RESERVED.match(stem):
        stem = "_" + stem
    return stem


def suffix_of(filename: str, allowed: tuple[str, ...]) -> str:
    base = re.split(r"[\\/]", filename or "")[-1]
    suffix = ("." + base.rsplit(".", 1)[1].lower()) if "." in base else ""
    if suffix not in allowed:
        raise InputFileError(f"{base[:80]}: この形式のファイルは受け付けません（{'・'.join(allowed)}）/ unsupported file type")
    return suffix


def lock_for(case_id: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(case_id, threading.Lock())


@dataclass
class Case:
    root: Path
    data: dict

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def title(self) -> str:
        return self.data.get("title") or KINDS[self.kind]

    def path(self, rel: str) -> Path:
        p = (self.root / rel).resolve()
        if self.root.resolve() not in p.parents:
            raise InputFileError("案件フォルダの外のファイルです / outside the case folder")
        return p

    @property
    def eval_dir(self) -> Path:
        return self.root / "eval"

    def spec_path(self) -> Path | None:
        return self.path(self.data["spec"]["file"]) if self.data.get("spec") else None

    def response_paths(self) -> list[Path]:
        return [self.path(r["file"]) for r in self.data.get("responses", [])]

    def save(self) -> None:
        write_text_atomic(self.root / "case.json", json.dumps(self.data, ensure_ascii=False, indent=1) + "\n")

    def update(self, **kw) -> None:
        from ..files.safety import load_json

        with lock_for(self.id):  # re-read first: another request may have changed the case since this one loaded it
            path = self.root / "case.json"
            if path.is_file():
                self.data = load_json(path, "案件")
            self.data.update(kw)
            self.save()

    def store(self, sub: str, upload, allowed: tuple[str, ...]) -> dict:
        """Write one upload under `sub`/NN/ and run the same pre-parse checks as the CLI (`files.safety.sniff`).
        Returns {file, name}; a file that fails the checks is removed and its reason raised."""
        from ..files.safety import sniff

        suffix = suffix_of(upload.filename, allowed)
        with lock_for(self.id):
            folder = self.root / sub
            folder.mkdir(parents=True, exist_ok=True)
            n = 1 + max((int(p.name) for p in folder.iterdir() if p.name.isdigit()), default=0)
            target_dir = folder / f"{n:02d}"
            target_dir.mkdir()
            target = target_dir / (clean_stem(upload.filename) + suffix)
            with target.open("xb") as f:
                f.write(upload.data)
        try:
            sniff(target)
        except InputFileError as e:
            target.unlink()
            target_dir.rmdir()
            raise InputFileError(str(e).replace(target.name, re.split(r"[\\/]", upload.filename)[-1][:80], 1)) from None
        return {"file": target.relative_to(self.root).as_posix(), "name": re.split(r"[\\/]", upload.filename)[-1][:200],
                "size": len(upload.data)}


class Store:
    def __init__(self, workdir: Path):
        self.root = Path(workdir) / "cases"
        self.root.mkdir(parents=True, exist_ok=True)

    def create(self, kind: str, title: str = "", **extra) -> Case:
        now = dt.datetime.now()
        cid = f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        root = self.root / cid
        root.mkdir()
        case = Case(root, {"id": cid, "kind": kind, "title": title.strip()[:200], "created": now.isoformat(timespec="seconds"), **extra})
        case.save()
        return case

    def get(self, case_id: str) -> Case:
        from ..files.safety import load_json
        from .http import HTTPError

        if not _ID.match(case_id or "") or not (self.root / case_id / "case.json").is_file():
            raise HTTPError(404, "案件が見つかりません / case not found")
        root = self.root / case_id
        return Case(root, load_json(root / "case.json", "案件"))

    def all(self) -> list[Case]:
        out = []
        for p in sorted(self.root.iterdir(), reverse=True):
            if _ID.match(p.name) and (p / "case.json").is_file():
                try:
                    out.append(self.get(p.name))
                except Exception:  # noqa: BLE001 - one damaged case must not hide the others
                    continue
        return out
