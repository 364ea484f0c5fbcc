"""Read and check the score JSON (`specgen score --json`), the interface between the scorer and the evaluation.

responses[].results[] carry id, status, confidence, flags, evidence [{where, text, similarity}], reason,
mandatory, clause_id, requirement and weight. Keys we do not use are kept as they are; new flags are fine.
Everything we use is checked, and every problem is named by its JSON path, all at once.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import InputFileError, ProblemsError
from ..statuses import STATUSES
from .prices import vendor_key

MAX_PROBLEMS = 20


def load_score_json(path: Path) -> dict:
    from ..files.safety import load_json

    data = load_json(Path(path), "採点結果 JSON")
    return check_score(data, Path(path).name)


def _clean(x, depth: int = 0):
    """Lone surrogates (possible through JSON escapes such as \\ud800) cannot be written as UTF-8: replace them."""
    if isinstance(x, str):
        return x.encode("utf-8", "replace").decode("utf-8") if any("\ud800" <= ch <= "\udfff" for ch in x) else x
    if isinstance(x, list) and depth < 70:
        return [_clean(v, depth + 1) for v in x]
    if isinstance(x, dict) and depth < 70:
        return {_clean(k, depth + 1): _clean(v, depth + 1) for k, v in x.items()}
    return x


def check_score(data: object, name: str = "score.json") -> dict:
    """The score as a dict whose every used field has the right type; ProblemsError naming each bad path."""
    problems: list[str] = []
    data = _clean(data)

    def bad(where: str, what: str) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(f"{name}: {where}: {what}")

    if not isinstance(data, dict) or not isinstance(data.get("responses"), list) or not isinstance(data.get("spec"), dict):
        raise InputFileError(f"{name}: specgen score の JSON ではありません（spec と responses が必要）/ not a specgen score JSON")
    spec = data["spec"]
    if not isinstance(spec.get("source", ""), str):
        bad("spec.source", "文字列ではありません")
    if not data["responses"]:
        raise InputFileError(f"{name}: 採点済みの回答がありません（responses が空）/ no scored responses")
    first_ids: list[str] | None = None
    seen_vendors: dict[str, str] = {}
    for i, resp in enumerate(data["responses"]):
        at = f"responses[{i}]"
        if not isinstance(resp, dict):
            bad(at, "オブジェクトではありません")
            continue
        vendor = resp.get("vendor")
        if not isinstance(vendor, str) or not vendor.strip():
            bad(f"{at}.vendor", "事業者名がありません")
        else:
            key = vendor_key(vendor)
            if key in seen_vendors:
                bad(f"{at}.vendor", f"事業者名「{vendor}」が重複しています（{seen_vendors[key]} と同じ）")
            seen_vendors[key] = vendor
        if not isinstance(resp.get("source", ""), str):
            bad(f"{at}.source", "文字列ではありません")
        results = resp.get("results")
        if not isinstance(results, list) or not results:
            bad(f"{at}.results", "要件ごとの結果がありません")
            continue
        ids = []
        for j, r in enumerate(results):
            _check_result(r, f"{at}.results[{j}]", bad)
            if isinstance(r, dict) and isinstance(r.get("id"), (str, int)) and not isinstance(r.get("id"), bool):
                r["id"] = str(r["id"])
                ids.append(r["id"])
        dup = sorted({x for x in ids if ids.count(x) > 1})
        if dup:
            bad(f"{at}.results", f"要件番号が重複しています（{', '.join(dup[:5])}）")
        if first_ids is None:
            first_ids = ids
        elif set(ids) != set(first_ids):
            missing = [x for x in first_ids if x not in ids][:5]
            extra = [x for x in ids if x not in first_ids][:5]
            bad(f"{at}.results", "要件が最初の回答と一致しません"
                + (f"（不足 {', '.join(missing)}）" if missing else "") + (f"（余分 {', '.join(extra)}）" if extra else ""))
    if problems:
        raise ProblemsError(f"{name}: 採点結果 JSON に {len(problems)} 件の問題があります / invalid score JSON", problems)
    return data


def _check_result(r: object, at: str, bad) -> None:
    if not isinstance(r, dict):
        bad(at, "オブジェクトではありません")
        return
    rid = r.get("id")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)) or not str(rid).strip():
        bad(f"{at}.id", "要件番号がありません")
    if r.get("status") not in STATUSES:
        bad(f"{at}.status", f"判定「{str(r.get('status'))[:20]}」は met / partial / unmet / missing のいずれかではありません")
    if not isinstance(r.get("mandatory", True), bool):
        bad(f"{at}.mandatory", "true 又は false ではありません")
    w = r.get("weight")
    if w is not None and (isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0 or w > 1e6):
        bad(f"{at}.weight", f"配点「{str(w)[:20]}」は 0 以上の数値ではありません")
    flags = r.get("flags", [])
    if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
        bad(f"{at}.flags", "文字列のリストではありません")
    for key in ("reason", "requirement"):
        if not isinstance(r.get(key, ""), str):
            bad(f"{at}.{key}", "文字列ではありません")
    ev = r.get("evidence", [])
    if not isinstance(ev, list) or not all(isinstance(e, dict) and isinstance(e.get("where", ""), str) and isinstance(e.get("text", ""), str) for e in ev):
        bad(f"{at}.evidence", "[{where, text}] の形ではありません")
