"""Progress of long runs: the library reports, the command line shows.

Library code (the scorer, the evaluation) calls

    from specgen import progress
    progress.report("採点", done=2, total=5, detail="vendor_c.docx")

which does nothing unless a reporter is installed. The CLI installs `TerminalReporter`: one line on stderr,
rewritten in place, with the elapsed time ticking once a second so a long step is visibly alive. When stderr
is not a terminal (a pipe, a log file, CI) it prints nothing at all.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Protocol


class Reporter(Protocol):
    def __call__(self, stage: str, done: int = 0, total: int = 0, detail: str = "") -> None: ...


def _silent(stage: str, done: int = 0, total: int = 0, detail: str = "") -> None:
    return None


_current: contextvars.ContextVar[Reporter] = contextvars.ContextVar("specgen_progress", default=_silent)


def report(stage: str, done: int = 0, total: int = 0, detail: str = "") -> None:
    """Tell the user where a long run is: a stage name (Japanese), how far (done of total), what (a file name)."""
    try:
        _current.get()(stage, done, total, detail)
    except Exception:  # noqa: BLE001 - progress must never break the work it reports on
        pass


@contextlib.contextmanager
def use(reporter: Reporter) -> Iterator[Reporter]:
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        _current.reset(token)
        close = getattr(reporter, "close", None)
        if callable(close):
            close()


def _columns(text: str) -> int:
    """Terminal columns: full-width (CJK) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, columns: int) -> str:
    while _columns(text) > columns:
        text = text[:-2] + "…"
    return text


class TerminalReporter:
    """One self-updating status line on a terminal; silent when the stream is not a terminal."""

    def __init__(self, stream=None, enabled: bool | None = None, clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled if enabled is not None else bool(isatty and isatty())
        self.clock = clock
        self.start = clock()
        self.text = ""
        self.width = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str, done: int = 0, total: int = 0, detail: str = "") -> None:
        if not self.enabled:
            return
        count = f" {done}/{total}" if total else ""
        self.text = f"{stage}{count}" + (f"：{detail}" if detail else "")
        self._draw()
        if self._thread is None:
            self._thread = threading.Thread(target=self._tick, name="specgen-progress", daemon=True)
            self._thread.start()

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            line = _fit(f"[{self.clock() - self.start:5.0f} 秒] {self.text}", 78)
            cols = _columns(line)
            pad = max(0, self.width - cols)
            self.width = cols
            try:
                self.stream.write("\r" + line + " " * pad)
                self.stream.flush()
            except (OSError, ValueError):
                self.enabled = False

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self.enabled and self.width:
            with self._lock:
                try:
                    self.stream.write("\r" + " " * self.width + "\r")
                    self.stream.flush()
                except (OSError, ValueError):
                    pass
