"""Outputs are written whole or not at all, with ordinary permissions, never through a link or onto a device.

* `OutputSet` — several outputs of one run (e.g. evaluation.xlsx + evaluation.md + score.json + charts): each is
  written into a staging folder next to its target, then all are renamed into place; if any step fails, the ones
  already renamed are put back, so a folder holds the previous set or the new set, not a mixture.
* `write_atomic` / `write_text_atomic` — one output the same way.
* `folder_lock` — one run at a time per output folder (two members' runs into one folder wait for each other).
* `cleanup_stale` — staging folders and temporary files left by a killed run are removed on the next run.

Targets that are symbolic links are refused rather than replaced or written through: in a shared folder a link
planted under an output name could otherwise make specgen overwrite any file the user may write. Devices, FIFOs
and folders are refused as targets. New files get the permissions of an ordinary file (0666 minus the umask);
a file that is replaced keeps its permissions.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from ..errors import BusyError, OutputError

STAGING_PREFIX = ".specgen-"
LOCK_NAME = ".specgen.lock"
STALE_SECONDS = 3600  # a temporary file of unknown origin older than this is a leftover
_PID_TMP = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.tmp$")        # .evaluation.xlsx.1234-ab12cd.tmp
_LEGACY_TMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")          # .evaluation.xlsx.k3j4h5g6.tmp (mkstemp)
_PID_STAGE = re.compile(r"^\.specgen-(\d+)-[A-Za-z0-9_]+$")       # .specgen-1234-ab12cd


@cache
def default_mode() -> int:
    """0666 minus the process umask: what an ordinary program's new file gets (mkstemp would give 0600)."""
    if os.name == "nt":
        return 0o666
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _why(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "ディスクの空き容量が不足しています / no space left on device"
    if e.errno == errno.EDQUOT:
        return "ディスク容量の割り当てを超えました / disk quota exceeded"
    if e.errno in (errno.EACCES, errno.EPERM):
        if os.name == "nt":
            return "書き込みが拒否されました。ファイルが Excel 等で開かれていれば閉じてください / access denied (is the file open in Excel?)"
        return "書き込み権限がありません / permission denied"
    if e.errno == errno.EROFS:
        return "読み取り専用の場所です / read-only file system"
    return f"書き込めません / cannot write ({e.strerror or type(e).__name__})"


def check_target(path: Path) -> Path:
    """Refuse an output path we must not replace: a symbolic link, a folder, a device, FIFO or socket."""
    p = Path(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        parent = p.parent
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{p}: 出力先の {parent} はフォルダではありません / parent is not a folder") from None
        return p
    except OSError as e:
        raise OutputError(f"{p}: {_why(e)}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{p}: シンボリックリンクには書き込みません。リンク先 {os.path.realpath(p)} を直接指定してください / refusing to replace or write through a symbolic link")
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{p}: フォルダです。ファイル名を指定してください（例 {p / 'score.json'}）/ is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{p}: 通常のファイルではありません（デバイス・FIFO 等）。出力先には通常のファイル名を指定してください / not a regular file")
    return p


def check_folder(path: Path) -> Path:
    """An output folder: may be missing (it is created) or a folder (or a link to one); never a file."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(f"{p}: ファイルです。--out には出力先のフォルダを指定してください / is a file; --out takes a folder")
    return p


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows: rely on age instead
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def cleanup_stale(folder: Path) -> list[str]:
    """Remove staging folders and temporary files left in `folder` by runs that were killed; return their names."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if not name.startswith("."):
            continue
        m = _PID_STAGE.match(name) or _PID_TMP.match(name)
        legacy = (name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False)) or _LEGACY_TMP.match(name)
        if not (m or legacy):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        stale = age > STALE_SECONDS or (m is not None and not _pid_alive(int(m.group(1))))
        if not stale:
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(name)
    return removed


@contextlib.contextmanager
def _quiet_unraisable() -> Iterator[None]:
    """Silence 'Exception ignored in ZipFile.__del__' when a library's half-written ZIP is collected after a
    failed write (ENOSPC): the failure is reported once, as our own line."""
    old = sys.unraisablehook
    sys.unraisablehook = lambda _u: None
    try:
        yield
    finally:
        sys.unraisablehook = old


def xlsx_bytes(workbook) -> bytes:
    """Serialise an openpyxl workbook in memory, so that a full disk fails in one place, not inside zipfile."""
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


class OutputSet:
    """Write several outputs of one run, then move them into place together (see the module docstring).

    with OutputSet([out / "a.xlsx", out / "b.md"]) as s:
        s.write_bytes(out / "a.xlsx", data)
        s.write_text(out / "b.md", text)
    """

    def __init__(self, targets: list[Path], remove: list[Path] = ()):
        self.targets = [Path(t) for t in targets]
        self.remove = [Path(t) for t in remove if Path(t) not in targets]  # outputs of an earlier run this run does not produce
        seen = set()
        for t in self.targets:
            key = os.path.normcase(os.path.abspath(t))
            if key in seen:
                raise OutputError(f"{t}: 同じ出力先が2回指定されています / the same output is given twice")
            seen.add(key)
            check_target(t)
        self._stage: dict[Path, Path] = {}
        self._written: set[Path] = set()
        self.removed_stale: list[str] = []

    def __enter__(self) -> OutputSet:
        try:
            for t in self.targets:
                folder = t.parent
                if folder in self._stage:
                    continue
                check_folder(folder)
                folder.mkdir(parents=True, exist_ok=True)
                self.removed_stale += cleanup_stale(folder)
                self._stage[folder] = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=folder))
        except OSError as e:
            self._discard()
            raise OutputError(f"{folder}: 出力先を作成できません / cannot create the output folder: {_why(e)}") from None
        except BaseException:
            self._discard()
            raise
        return self

    def path(self, target: Path) -> Path:
        """The staging path where `target` is written before the set is moved into place."""
        target = Path(target)
        if target not in self.targets:
            raise ValueError(f"{target} is not an output of this set")
        return self._stage[target.parent] / target.name

    def write_bytes(self, target: Path, data: bytes) -> None:
        self.write_with(target, lambda p: _write_file(p, data))

    def write_text(self, target: Path, text: str) -> None:
        self.write_bytes(target, text.encode("utf-8"))

    def write_with(self, target: Path, write: Callable[[Path], None]) -> None:
        """Call `write(staging_path)`; a failed write (full disk, permissions) becomes one OutputError line."""
        p = self.path(target)
        try:
            write(p)
        except OSError as e:
            with _quiet_unraisable():
                gc.collect()
            raise OutputError(f"{target}: {_why(e)}") from None
        self._written.add(Path(target))

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self._commit()
        finally:
            self._discard()
        return False

    def _commit(self) -> None:
        missing = [t for t in self.targets if t not in self._written]
        if missing:
            raise OutputError(f"{missing[0]}: 出力が作成されていません / output was not produced")
        for t in self.targets:
            check_target(t)  # again: the folder may have changed while we worked
        done: list[tuple[Path, Path | None]] = []  # (target, backup or None when it did not exist)
        try:
            for t in self.targets:
                staged = self.path(t)
                mode = stat.S_IMODE(os.stat(t).st_mode) if t.exists() else default_mode()
                os.chmod(staged, mode)
                backup = None
                if t.exists():
                    backup = staged.with_name(f"old-{t.name}")
                    try:
                        os.link(t, backup)
                    except OSError:
                        shutil.copy2(t, backup)
                os.replace(staged, t)
                done.append((t, backup))
            for t in self.remove:
                if t.is_file() and not t.is_symlink():
                    backup = self._stage[t.parent].joinpath(f"old-{t.name}") if t.parent in self._stage else None
                    if backup is None:
                        continue
                    os.replace(t, backup)
                    done.append((t, backup))
        except OSError as e:
            for t, backup in reversed(done):  # put the previous set back
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, t)
                    else:
                        os.unlink(t)
            raise OutputError(f"{t}: {_why(e)}。出力は前回のまま変わっていません / nothing was replaced") from None

    def _discard(self) -> None:
        for stage in self._stage.values():
            with contextlib.suppress(OSError):
                shutil.rmtree(stage)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        with contextlib.suppress(OSError):
            os.fsync(f.fileno())


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path next to `target`; on success it replaces `target`, on failure it is removed."""
    target = check_target(Path(target))
    try:
        check_folder(target.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        cleanup_stale(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OutputError(f"{target}: {_why(e)}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
            mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else default_mode()
            os.chmod(tmp_path, mode)
            check_target(target)
            os.replace(tmp_path, target)
        except OSError as e:
            with _quiet_unraisable():
                gc.collect()
            raise OutputError(f"{target}: {_why(e)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


def write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    """Call `write(tmp_path)` and move the result to `target` atomically."""
    with atomic_path(target) as tmp:
        write(tmp)


def write_text_atomic(target: Path, text: str) -> None:
    write_atomic(target, lambda p: _write_file(p, text.encode("utf-8")))


def _lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("SPECGEN_LOCK_TIMEOUT", "600")))
    except ValueError:
        return 600.0


def _try_lock(fd: int) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return False
        raise


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def folder_lock(folder: Path, timeout: float | None = None, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `folder`/.specgen.lock exclusively; wait up to `timeout` s (SPECGEN_LOCK_TIMEOUT, default 600).

    The operating system releases the lock when the process ends, even on kill -9, so a crash never leaves
    the folder locked.
    """
    folder = check_folder(Path(folder))
    timeout = _lock_timeout() if timeout is None else timeout
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock_path = folder / LOCK_NAME
        if lock_path.is_symlink():
            raise OutputError(f"{lock_path}: シンボリックリンクです / the lock file is a symbolic link")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise OutputError(f"{folder}: 出力先を使えません / cannot use the output folder: {_why(e)}") from None
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while not _try_lock(fd):
            if not waited and on_wait:
                on_wait()
            waited = True
            if time.monotonic() >= deadline:
                raise BusyError(f"{folder}: 別の specgen が書き込み中です（{timeout:.0f} 秒待ちました）。終わってから再実行してください / "
                                "another specgen run is writing into this folder")
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


__all__ = ["OutputSet", "atomic_path", "check_folder", "check_target", "cleanup_stale", "default_mode", "folder_lock",
           "write_atomic", "write_text_atomic", "xlsx_bytes"]
