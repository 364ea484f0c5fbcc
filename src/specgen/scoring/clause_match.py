"""Recognise which library clause a requirement corresponds to, to apply that clause's verification hints."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from ..library import load_library
from ..models import Clause
from .judge import Hints
from .lexicon import lexicon
from .similarity import Similarity
from .records import SpecItem

RECOGNISE_MIN = 0.60
_JINJA = re.compile(r"{%.*?%}|{{\s*(.*?)\s*}}")


@cache
def clause_texts() -> tuple[tuple[Clause, ...], tuple[str, ...]]:
    """Vendor clauses with their text, template parts replaced by default values."""
    lib = load_library()
    clauses = tuple(c for c in lib.clauses if c.party == "vendor")

    def plain(c: Clause) -> str:
        def sub(m: re.Match) -> str:
            expr = m.group(1) or ""
            if expr.startswith("p."):
                p = c.params.get(expr[2:])
                return str(p.default) if p else ""
            return "本市" if expr == "city" else ""
        return f"{c.title} {_JINJA.sub(sub, c.text)}"

    return clauses, tuple(plain(c) for c in clauses)


def recognise(items: list[SpecItem], sim: Similarity) -> None:
    """Fill clause_id for items that lack one, when a library clause is clearly the same requirement."""
    todo = [i for i in items if not i.clause_id]
    if not todo:
        return
    clauses, texts = clause_texts()
    # fuzzy only: embedding ~100 long clause texts would cost seconds on every run
    s = sim.matrix([i.text for i in todo], list(texts), "fuzzy")
    for item, row in zip(todo, s):
        j = int(np.argmax(row))
        if row[j] >= RECOGNISE_MIN:
            item.clause_id = clauses[j].id


def hints_for(item: SpecItem) -> Hints:
    """The clause's own hints plus those of every topic the requirement text mentions."""
    lib = load_library()
    ids: list[str] = []
    if item.clause_id:
        ids.append(item.clause_id)
    for trigger, clause_ids in lexicon().topics:
        if trigger.search(item.text):
            ids += clause_ids
    hints = Hints()
    seen = set()
    for cid in dict.fromkeys(ids):
        c = lib.get(cid)
        if c is None:
            continue
        for con in c.verify.contradicts:
            if (con.flag, con.pattern) not in seen:
                seen.add((con.flag, con.pattern))
                hints.contradictions.append(con)
        if cid == item.clause_id:
            hints.expects += c.verify.expects
    return hints
