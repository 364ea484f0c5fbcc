"""Japanese text normalisation shared by the generator and the scorer."""

from __future__ import annotations

import re
import unicodedata

# Marks vendors use for 対応可否, folded onto three canonical ones before NFKC touches them.
_MARK_FOLD = str.maketrans({
    "◯": "○", "〇": "○", "⭕": "○", "●": "○", "◎": "○", "O": "○",
    "▲": "△", "▵": "△", "▴": "△",
    "✕": "×", "✖": "×", "✗": "×", "✘": "×", "╳": "×", "Ⅹ": "×",
})
_SPACE_RE = re.compile(r"\s+")
_DASHES = str.maketrans({"－": "-", "ー": "ー", "―": "-", "‐": "-", "—": "-", "–": "-", "−": "-"})


def nfkc(text: str) -> str:
    """NFKC-normalise: full-width digits/letters to half-width, half-width kana to full-width."""
    return unicodedata.normalize("NFKC", text)


def normalize(text: object) -> str:
    """Normalise cell or paragraph text for matching: NFKC, one space for any run of whitespace/line breaks."""
    if text is None:
        return ""
    s = nfkc(str(text)).replace("\u3000", " ")
    return _SPACE_RE.sub(" ", s).strip()


def fold_mark(text: object) -> str:
    """Canonicalise an answer mark: ◯〇● → ○, ▲ → △, ✕✖ → ×; other text is normalised only."""
    s = normalize(text)
    if len(s) <= 2:
        s = s.translate(_MARK_FOLD)
    return s.translate(_DASHES)


def compact(text: object) -> str:
    """Normalised text without spaces or punctuation, for fuzzy comparison of Japanese sentences."""
    s = normalize(text)
    return "".join(ch for ch in s if not (unicodedata.category(ch)[0] in "PZS"))
