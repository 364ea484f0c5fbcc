"""The one exception tree of specgen. The CLI catches SpecgenError once and prints one line per problem.

Exit codes are part of the interface (README, "Exit codes") and stay stable:

| code | meaning |
|---|---|
| 0 | success |
| 1 | bad input: a file or value that cannot be used (named in the message) |
| 2 | refusal: the sources forbid this specification (e.g. 自治体機密性3A on a public cloud) |
| 3 | findings to fix: `specgen check` (a mandatory requirement is not met), `specgen audit` (a 必須 clause missing, a clause weaker, a forbidden combination) |
| 64 | usage: unknown option, missing option, option value of the wrong form |
| 70 | internal error (a bug, not bad input) |
| 73 | an output cannot be written |
| 75 | the output folder is busy (another specgen run holds its lock) |
| 130 | interrupted (Ctrl-C) |
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_REFUSED = 2
EXIT_GAPS = 3
EXIT_USAGE = 64
EXIT_INTERNAL = 70
EXIT_CANNOT_WRITE = 73
EXIT_BUSY = 75
EXIT_INTERRUPTED = 130


class SpecgenError(Exception):
    """Base class: a problem the user can fix; the message is shown as is."""

    exit_code = EXIT_BAD_INPUT


class ClauseLibraryError(SpecgenError):
    """The clause library (YAML) is missing, malformed or inconsistent."""


class ProjectFileError(SpecgenError):
    """The project file is unreadable, not YAML or does not match the schema."""


class TailoringRefusal(SpecgenError):
    """The sources forbid a specification for this combination (e.g. 自治体機密性3A on a public cloud)."""

    exit_code = EXIT_REFUSED


class InputFileError(SpecgenError):
    """An input document (spec, response, overrides, list) cannot be read safely."""


class UsageError(SpecgenError):
    """Options that do not fit together or a value of the wrong form (the command line, not a file)."""

    exit_code = EXIT_USAGE


class OutputError(SpecgenError):
    """An output could not be written."""

    exit_code = EXIT_CANNOT_WRITE


class BusyError(OutputError):
    """Another specgen run is writing into the same output folder."""

    exit_code = EXIT_BUSY


class ProblemsError(SpecgenError):
    """Several problems found in one pass (e.g. every bad cell of every overrides workbook), shown one per line."""

    def __init__(self, summary: str, problems: list[str], exit_code: int = EXIT_BAD_INPUT):
        super().__init__(summary)
        self.summary = summary
        self.problems = list(problems)
        self.exit_code = exit_code

    def __str__(self) -> str:
        return "\n".join([self.summary, *self.problems])


_WS = re.compile(r"\s+")


def one_line(text: object, limit: int = 240) -> str:
    """Whitespace (line breaks included) folded to single spaces; long text cut at a word boundary with 「…」.

    For messages built from third-party exception texts (openpyxl, zipfile, yaml), which may span lines.
    """
    s = _WS.sub(" ", str(text)).strip()
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.6:  # prefer a word boundary when it does not lose much
        cut = cut[:space]
    return cut.rstrip(" ,;:/") + "…"


# pydantic error types → Japanese (the English message follows after " / ")
_PYDANTIC_JA = {
    "missing": "必須の項目がありません",
    "extra_forbidden": "不明なキーです",
    "bool_parsing": "true 又は false を指定してください",
    "bool_type": "true 又は false を指定してください",
    "int_parsing": "整数を指定してください",
    "int_type": "整数を指定してください",
    "int_from_float": "整数を指定してください",
    "float_parsing": "数値を指定してください",
    "float_type": "数値を指定してください",
    "finite_number": "有限の数値を指定してください",
    "string_type": "文字列を指定してください",
    "string_too_long": "文字列が長すぎます",
    "string_too_short": "文字列が短すぎます",
    "list_type": "リスト（- で始まる行、又は [ ]）を指定してください",
    "dict_type": "キーと値の組（mapping）を指定してください",
    "model_type": "キーと値の組（mapping）を指定してください",
    "model_attributes_type": "キーと値の組（mapping）を指定してください",
    "literal_error": "指定できる値ではありません",
    "enum": "指定できる値ではありません",
    "greater_than": "値が小さすぎます",
    "greater_than_equal": "値が小さすぎます",
    "less_than": "値が大きすぎます",
    "less_than_equal": "値が大きすぎます",
    "date_parsing": "日付は YYYY-MM-DD で指定してください",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD で指定してください",
    "date_type": "日付は YYYY-MM-DD で指定してください",
    "value_error": "値が正しくありません",
    "union_tag_invalid": "指定できる値ではありません",
}


def pydantic_message_ja(err: dict) -> str:
    """One pydantic error (an item of ValidationError.errors()) as 「日本語 / English」 with the allowed range or values."""
    kind = err.get("type", "")
    ja = _PYDANTIC_JA.get(kind, "値が正しくありません")
    ctx = err.get("ctx") or {}
    if kind in ("literal_error", "enum") and "expected" in ctx:
        ja += f"（{ctx['expected']}）"
    for key, word in (("ge", "以上"), ("gt", "より大きい値"), ("le", "以下"), ("lt", "未満")):
        if key in ctx:
            bound = ctx[key]
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)
            ja += f"（{bound}{word}）"
    msg = one_line(err.get("msg", ""), 160)
    return f"{ja} / {msg}" if msg else ja
