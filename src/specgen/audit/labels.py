"""Japanese labels shared by the three reports."""

from __future__ import annotations

from specgen.catalog.models import SERVICES

from .model import KIND_JA, SEVERITY_JA, AuditResult

__all__ = ["KIND_JA", "SEVERITY_JA", "conditions", "summary_line"]


def conditions(r: AuditResult) -> list[tuple[str, str]]:
    rows = [("監査した仕様書", r.spec.source.rsplit("/", 1)[-1]), ("件名（仕様書の記載）", r.spec.title or "（読み取れませんでした）"),
            ("取り扱う情報の格付", f"自治体機密性{r.data_class}"), ("サービス種別", SERVICES.get(r.service, r.service)),
            ("個人情報", "あり" if r.personal_data else "なし"), ("約款型サービス", "はい" if r.terms_of_service else "いいえ（個別契約）")]
    if (r.profile_class, r.profile_terms_of_service) != (r.data_class, r.terms_of_service):
        rows.append(("比較した条項の組合せ", f"自治体機密性{r.profile_class}・{'約款型' if r.profile_terms_of_service else '個別契約'}"
                                      "（指定の組合せは出典により認められないため、最も近い認められる組合せと比較）"))
    rows += [("比較した条項", f"{r.profile_size}件（条項ライブラリ {r.library_version}）"), ("照合方式", r.encoder), ("実施日時", _when(r.run_at))]
    return rows


def summary_line(r: AuditResult) -> str:
    s = r.summary()
    return (f"条項 {s['profile']} 件のうち対応する記載あり {s['covered']} 件。作成できない組合せ {s['refused']} 件・欠落 {s['missing']} 件"
            f"（うち必須 {s['missing_mandatory']} 件）・弱い記載 {s['weaker']} 件・記載の改善 {s['lint']} 件・追加の記載 {s['extra']} 件")


def _when(iso: str) -> str:
    """2026-11-23T22:54:56+09:00 → 令和8年11月23日 22:54 (the memo is read by officers, not parsers)."""
    import datetime as dt

    from specgen.profile.project import japanese_date

    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{japanese_date(t.date())} {t:%H:%M}"
