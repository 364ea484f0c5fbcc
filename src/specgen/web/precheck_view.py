"""回答を事前確認する: `evaluation.precheck.precheck` (the library call of `specgen check`) in the background; the
findings are kept in the case as precheck.json (the CLI's --json) and precheck.csv (for Excel: UTF-8 with BOM,
every cell through writers.cellsafe.safe_text, so vendor text cannot become a formula)."""

from __future__ import annotations

import csv
import io
import json

from ..files.atomic import OutputSet

CSV_HEADER = ["要件番号", "必須/任意", "判定", "要件", "委員会に見える判定理由", "充足にするための書き方", "根拠の場所", "注意"]


def findings_csv(result) -> str:
    from ..evaluation.labels import flag_labels
    from ..evaluation.precheck import STATUS_LABEL
    from ..writers.cellsafe import safe_text

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for f in result.findings:
        w.writerow([safe_text(x) for x in (f.id, "必須" if f.mandatory else "任意", STATUS_LABEL[f.status], f.requirement,
                                           f.committee_sees, " ".join(f.fix), "、".join(f.where), flag_labels(list(f.flags)))])
    return "\ufeff" + buf.getvalue()


def run_precheck(case, encoder: str | None):
    import time

    from ..evaluation.precheck import precheck
    from .committee import _shown

    def run(job) -> None:
        t0 = time.perf_counter()
        job.progress("load")
        result = precheck(case.spec_path(), case.response_paths(), encoder, progress=job.progress)
        data = result.to_dict() | {"vendor": result.vendor, "summary_line": result.summary_line(),
                                   "notes": list(result.notes), "skipped": [_shown(case, s["error"]) for s in result.skipped],
                                   "exit_code": result.exit_code}
        job.progress("write")
        targets = [case.root / "precheck.json", case.root / "precheck.csv"]
        with OutputSet(targets) as out:
            out.write_text(targets[0], json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            out.write_text(targets[1], findings_csv(result))
        case.update(result={"seconds": round(time.perf_counter() - t0, 1), "exit_code": result.exit_code})
    return run
