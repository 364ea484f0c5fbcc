"""Load and check the clause library (clause_library/*.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import ClauseLibraryError, pydantic_message_ja
from ..files.yamlio import compose, line_of, load_yaml
from ..resources import data_dir
from .models import SERVICES, Clause, ContradictionRef, Library, LibraryMeta, Verify

META_FILE = "library.yaml"


def _describe(e: ValidationError, path: Path, text: str, prefix: tuple) -> str:
    err = e.errors()[0]
    loc = prefix + tuple(err["loc"])
    line = line_of(compose(text), loc)
    key = ".".join(str(p) for p in loc)
    return f"{path}{f' line {line}' if line else ''}: {key}: {pydantic_message_ja(err)}"


class _Where:
    """Lazy "file line N" for a clause: the YAML is re-composed only when an error is reported."""

    def __init__(self, path: Path, text: str, index: int) -> None:
        self.path, self.text, self.index = path, text, index

    def __str__(self) -> str:
        return f"{self.path} line {line_of(compose(self.text), ('clauses', self.index))}"

    __format__ = lambda self, spec: format(str(self), spec)  # noqa: E731


def load_library(folder: Path | None = None) -> Library:
    """Read library.yaml and the clause files it lists, in that order; validate clauses and cross-references."""
    folder = folder or data_dir("clause_library")
    return _load(Path(folder).resolve())


def _union(a: Verify, b: Verify) -> Verify:
    seen = {(c.flag, c.pattern) for c in a.contradicts}
    return Verify(
        expects=list(dict.fromkeys(a.expects + b.expects)),
        contradicts=a.contradicts + [c for c in b.contradicts if (c.flag, c.pattern) not in seen],
        hedges=list(dict.fromkeys(a.hedges + b.hedges)),
    )


def _resolve_refs(clause: Clause, meta: LibraryMeta, where: _Where) -> Clause:
    """Replace {use: name} in verify.contradicts with the shared contradiction it names."""
    if not any(isinstance(c, ContradictionRef) for c in clause.verify.contradicts):
        return clause
    out = []
    for c in clause.verify.contradicts:
        if isinstance(c, ContradictionRef):
            shared = meta.contradictions.get(c.use)
            if shared is None:
                raise ClauseLibraryError(f"{where}: {clause.id}: contradicts: use '{c.use}' は {META_FILE} の contradictions にありません / unknown shared contradiction")
            c = shared.model_copy(update={"reason": c.reason}) if c.reason else shared
        out.append(c)
    return clause.model_copy(update={"verify": clause.verify.model_copy(update={"contradicts": out})})


@cache
def _load(folder: Path) -> Library:
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise ClauseLibraryError(f"{folder}: {META_FILE} がありません / missing clause-library metadata")
    data, text = load_yaml(meta_path, ClauseLibraryError)
    try:
        meta = LibraryMeta.model_validate(data)
    except ValidationError as e:
        raise ClauseLibraryError(_describe(e, meta_path, text, ())) from None
    on_disk = {p.name for p in folder.glob("*.yaml")} - {META_FILE}
    if unlisted := sorted(on_disk - set(meta.files)):
        raise ClauseLibraryError(f"{meta_path}: files: {', '.join(unlisted)} が一覧にありません / clause files not listed (the list sets the document order)")

    clauses: list[Clause] = []
    seen: dict[str, Path] = {}
    for name in meta.files:
        path = folder / name
        data, text = load_yaml(path, ClauseLibraryError)
        if not isinstance(data, dict) or not isinstance(data.get("clauses"), list):
            raise ClauseLibraryError(f"{path}: 'clauses:' のリストがありません / expected a top-level 'clauses:' list")
        for i, raw in enumerate(data["clauses"]):
            try:
                clause = Clause.model_validate(raw)
            except ValidationError as e:
                raise ClauseLibraryError(_describe(e, path, text, ("clauses", i))) from None
            where = _Where(path, text, i)
            if clause.id in seen:
                raise ClauseLibraryError(f"{where}: clause id {clause.id} は重複しています / duplicate (also in {seen[clause.id].name})")
            refs = [clause.source.ref] + [r.cite.ref for r in clause.mandatory if r.cite] if isinstance(clause.mandatory, list) else [clause.source.ref]
            for ref in refs:
                if ref not in meta.sources:
                    raise ClauseLibraryError(f"{where}: {clause.id}: 出典 '{ref}' が {META_FILE} の sources にありません / source ref is not listed in {META_FILE} sources")
            if clause.chapter not in meta.chapters:
                raise ClauseLibraryError(f"{where}: {clause.id}: 章 '{clause.chapter}' はありません（{'・'.join(sorted(meta.chapters))}） / unknown chapter")
            unknown = set(clause.applies.services or ()) - set(SERVICES)
            if unknown:
                raise ClauseLibraryError(f"{where}: {clause.id}: サービス種別 {'・'.join(sorted(unknown))} はありません（{'・'.join(SERVICES)}） / unknown service")
            clause = _resolve_refs(clause, meta, where)
            seen[clause.id] = path
            clauses.append(clause)
    if not clauses:
        raise ClauseLibraryError(f"{folder}: 条項がありません / no clauses found")

    # A merged clause is answered in its survivor's row: the survivor carries the union of their hints.
    by_id = {c.id: c for c in clauses}
    for c in clauses:
        if c.merged_into is None:
            continue
        target = by_id.get(c.merged_into)
        if target is None or target.party != "vendor" or c.party != "vendor" or target.merged_into:
            raise ClauseLibraryError(f"{seen[c.id]}: {c.id}: merged_into '{c.merged_into}' は統合先になれません（事業者向けで、それ自体が統合されていない条項を指定） / must name a vendor clause that is not itself merged")
        by_id[target.id] = target.model_copy(update={"verify": _union(by_id[target.id].verify, c.verify)})
    return Library(meta=meta, clauses=tuple(by_id[c.id] for c in clauses))
