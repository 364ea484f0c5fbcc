"""Background work (scoring) with progress, one job at a time: scoring uses the whole CPU, and a second job in
parallel would only make both slower. The state of a finished job is written into its case (case.json), so a
restart shows the result; a job the server was stopped in the middle of shows as interrupted."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

STAGES_JA = {"queued": "順番を待っています", "prepare": "回答を確認しています", "load": "仕様を読み込み、照合の準備をしています",
             "score": "採点しています", "write": "評価表を作成しています", "done": "完了しました", "failed": "失敗しました"}


@dataclass
class Job:
    case_id: str
    run: Callable[[Job], None]
    stage: str = "queued"
    done: int = 0
    total: int = 0
    name: str = ""
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def progress(self, stage: str, done: int = 0, total: int = 0, name: str = "") -> None:
        """The scorer's callback: progress(stage, done, total, name)."""
        self.stage, self.done, self.total, self.name = stage, done, total, name

    def to_dict(self) -> dict:
        pct = 100 if self.stage == "done" else (int(90 * self.done / self.total) if self.stage == "score" and self.total else
                                                 {"queued": 0, "prepare": 2, "load": 5, "write": 95}.get(self.stage, 0))
        return {"state": self.stage, "label": STAGES_JA.get(self.stage, self.stage), "done": self.done, "total": self.total,
                "file": self.name, "percent": pct, "error": self.error,
                "seconds": round((self.finished or time.monotonic()) - self.started, 1)}


class Runner:
    def __init__(self):
        self.jobs: dict[str, Job] = {}
        self._q: queue.Queue[Job] = queue.Queue()
        self._t = threading.Thread(target=self._work, name="specgen-jobs", daemon=True)
        self._t.start()

    def submit(self, case_id: str, run: Callable[[Job], None]) -> Job:
        current = self.jobs.get(case_id)
        if current and current.stage not in ("done", "failed"):
            return current  # pressing the button twice does not score twice
        job = Job(case_id, run)
        self.jobs[case_id] = job
        self._q.put(job)
        return job

    def get(self, case_id: str) -> Job | None:
        return self.jobs.get(case_id)

    def busy(self, case_id: str) -> bool:
        j = self.jobs.get(case_id)
        return bool(j and j.stage not in ("done", "failed"))

    def _work(self) -> None:
        from ..errors import SpecgenError, one_line

        while True:
            job = self._q.get()
            job.started = time.monotonic()
            try:
                job.run(job)
                job.stage = "done"
            except SpecgenError as e:
                job.error, job.stage = str(e), "failed"
            except Exception as e:  # noqa: BLE001 - a bug: shown on the page in one line, the server keeps running
                job.error, job.stage = f"内部エラー / internal error: {type(e).__name__}: {one_line(e, 200)}", "failed"
            job.finished = time.monotonic()
