"""Name the library clause a municipality's requirement corresponds to (reported as `clause_id`)."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from specgen.catalog.load import load_library
from specgen.catalog.models import Clause
from ..model import SpecItem
from .similarity import Similarity, bigram_matrix

RECOGNISE_MIN = 0.62
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
        text = _JINJA.sub(sub, c.text)
        return f"{c.title} {text.replace('{city}', '本市')}"  # a parameter default may name the city as {city}

    return clauses, tuple(plain(c) for c in clauses)


def recognise(items: list[SpecItem], sim: Similarity) -> None:
    """Fill clause_id for items that lack one, when a library clause is clearly the same requirement."""
    todo = [i for i in items if not i.clause_id]
    if not todo:
        return
    clauses, texts = clause_texts()
    # bigram overlap only: embedding ~100 long clause texts, or three fuzzy scorers, would cost every run
    s = bigram_matrix([i.text for i in todo], list(texts))
    for item, row in zip(todo, s):
        j = int(np.argmax(row))
        if row[j] >= RECOGNISE_MIN:
            item.clause_id = clauses[j].id
