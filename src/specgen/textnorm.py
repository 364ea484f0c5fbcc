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


# --- a spec given where an answer was expected ------------------------------------------------------------

# whole-cell answer marks and answer wording; a spec or an unanswered answer sheet has (almost) none of them
_ANSWER_MARKS = {"○", "△", "×", "可", "不可", "一部可", "対応可", "対応不可", "一部対応", "対応", "標準", "オプション",
                 "カスタマイズ", "代替", "済", "有", "無", "yes", "no"}
_ANSWER_WORDS = re.compile(r"(弊社|当社|提案|対応(します|しています|いたします|可能|できます)|可能です|実現します|提供します|提供しています|"
                           r"ご提供|ご利用いただ|備えています|しております|しています。|ます。)")
_SPEC_TITLE = re.compile(r"(仕\s*様\s*書|要件一覧|要求仕様|要件確認書|機能要件|非機能要件|調達仕様)")
_ANSWER_TITLE = re.compile(r"(提案書|回答書|回答）|（回答|提案者|回答者)")
_REQUIREMENT_END = re.compile(r"(こと|ものとする|すること|とする|であること)[。．.]?$")


def spec_document_reason(texts: list[str]) -> str | None:
    """Why `texts` (paragraphs of a docx or cell strings of an xlsx) read as a spec or an unanswered answer
    sheet rather than a vendor's answer; None when they read as an answer (or cannot be told apart)."""
    items = [normalize(t) for t in texts if t and t.strip()]
    if len(items) < 8:
        return None
    marks = sum(1 for t in items if fold_mark(t).lower() in _ANSWER_MARKS)
    worded = sum(1 for t in items if _ANSWER_WORDS.search(t))
    head = " ".join(items[:6])
    if _ANSWER_TITLE.search(head) or marks >= 3 or worded >= max(3, 0.03 * len(items)):
        return None
    required = sum(1 for t in items if _REQUIREMENT_END.search(t))
    if _SPEC_TITLE.search(head) or required >= 0.3 * len(items) or required >= 10:
        return (f"回答ではなく仕様書（又は未記入の要件確認書）のようです：要件の文 {required} 件に対し、"
                f"対応可否の記号や回答の記述がありません")
    return None


def vendor_key(name: str) -> str:
    """A vendor's stable key: NFKC, no spaces, case-folded. 「株式会社 アルファ」 and 「株式会社アルファ」 match."""
    return re.sub(r"\s+", "", normalize(name)).casefold()


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0080-\u009f]")


def check_names(values: list[str], option: str) -> list[str]:
    """Names typed on the command line (--vendor, --chair): no control characters, not empty, not absurdly long."""
    from .errors import UsageError

    out = []
    for v in values:
        if _CONTROL.search(v):
            raise UsageError(f"{option}: 制御文字（U+{ord(_CONTROL.search(v).group()):04X}）が含まれています。名前だけを指定してください / control character in a name")
        if not v.strip() or len(v) > 200:
            raise UsageError(f"{option}: 名前が空か長すぎます（200 文字まで）/ empty or too long")
        out.append(v.strip())
    return out
