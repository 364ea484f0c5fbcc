"""Sentences and clauses of vendor text, each clause with its polarity.

Negation in Japanese sits at the end of the predicate it negates, so polarity is read per clause:
「トーク画面を経由せず、当社DBへ直接登録します」 is a negated clause (経由せず) followed by a positive one.
Clauses break at 「が、」「ものの」「ず、」「ただし」「なお、」… (lexicon.yaml: clause_break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import lexicon

_SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![)）」』])|\n+|(?<=[)）])\s+(?=[・●■◆※])|\s+(?=[・●■◆※]\S)")
_TRAIL = re.compile(r"[\s。、．，,.!！?？)）」』】\]]+$")
_BRACKETS = re.compile(r"[(（][^()（）]{0,60}[)）]")


@dataclass(frozen=True)
class Clause:
    text: str
    negated: bool

    @property
    def core(self) -> str:
        """The clause without trailing punctuation and brackets: where its predicate ends."""
        return core(self.text)


def split_sentences(text: str) -> list[str]:
    """Sentences of a cell or paragraph: at 。！？, line breaks and bullet marks."""
    parts = [p.strip(" ・●■◆").replace("。)", ")").replace("。）", "）") for p in _SENTENCE_END.split(text or "")]
    return [p for p in parts if p and len(p.strip()) > 1]


def split_clauses(sentence: str) -> list[Clause]:
    """Clauses with their polarity; a bracketed aside (「（Pマークは取得しておりません）」) is a clause of its own."""
    lex = lexicon()
    out = []
    # an aside widening the phrase before it (「…なし（学習への利用を含む）」) stays in that clause: it shares its polarity
    asides = [m.group(0)[1:-1] for m in _BRACKETS.finditer(sentence) if not lex.scope_aside.search(m.group(0)[1:-1].strip())]
    sentence = _BRACKETS.sub(lambda m: "" if m.group(0)[1:-1] in asides else m.group(0), sentence) if asides else sentence
    for part in lex.clause_break.split(sentence) + asides:
        part = part.strip()
        if not part:
            continue
        out.append(Clause(part, is_negated(part)))
    return out or [Clause(sentence, is_negated(sentence))]


def core(clause: str) -> str:
    return re.sub(r"[、,]$", "", _TRAIL.sub("", _BRACKETS.sub("", clause)))


def is_negated(clause: str) -> bool:
    """Is the clause's predicate negated? Read at its end, brackets and punctuation removed."""
    return bool(lexicon().negated_clause.search(core(clause)))
