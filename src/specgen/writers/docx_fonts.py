"""Japanese fonts for python-docx: set ascii/hAnsi and the East Asian (w:eastAsia) font names."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

MINCHO = "游明朝"
GOTHIC = "游ゴシック"
MINCHO_FALLBACK = "ＭＳ 明朝"


def set_fonts(element_owner, latin: str, east_asia: str, size: float | None = None) -> None:
    """Set fonts on a style or run; East Asian text uses `east_asia` (w:eastAsia), Latin text `latin`."""
    font = element_owner.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    rpr = element_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "ja-JP")
