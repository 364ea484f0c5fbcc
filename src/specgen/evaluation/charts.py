"""PNG charts for the Markdown report: vendor scores and the status heat map (matplotlib, Japanese font bundled).

Charts are rendered to bytes before anything is written. Labels from outside go through `cellsafe.plain`
(no control characters, no matplotlib math from a 「$」), and math text is off altogether.
"""

from __future__ import annotations

import io
import os
import tempfile
import warnings

from ..statuses import STATUS_CHART
from ..writers.cellsafe import plain
from .evaluate import STATUSES, Evaluation

COLORS = STATUS_CHART | {"disputed": "#F4B084"}


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _config_dir() -> None:
    """matplotlib wants a writable config/cache folder and prints a long English warning otherwise."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    home = os.path.expanduser("~")
    own = os.environ.get("SPECGEN_CACHE_DIR", "")
    candidates = [os.path.join(own, "matplotlib") if own else "", os.path.join(home, ".cache", "specgen", "matplotlib"),
                  os.path.join(tempfile.gettempdir(), f"specgen-matplotlib-{os.getuid() if hasattr(os, 'getuid') else 'u'}")]
    for d in candidates:
        if not d:
            continue
        try:
            os.makedirs(d, exist_ok=True)
            if os.access(d, os.W_OK):
                os.environ["MPLCONFIGDIR"] = d
                return
        except OSError:
            continue


def _plt():
    _config_dir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import matplotlib

        matplotlib.use("Agg")
        try:
            import matplotlib_fontja  # noqa: F401  (IPAexGothic, bundled: Japanese labels offline)
        except ImportError:
            pass
        import matplotlib.pyplot as plt
    matplotlib.rcParams["text.parse_math"] = False
    matplotlib.rcParams["text.usetex"] = False
    return plt


def _save(fig, plt, meta: dict) -> bytes:
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", metadata=meta)
    finally:
        plt.close(fig)
    return buf.getvalue()


def totals_png(ev: Evaluation, run: str = "") -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing for an unusual character in a vendor name
        return _totals(ev, run)


def heatmap_png(ev: Evaluation, run: str = "") -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _heatmap(ev, run)


def _totals(ev: Evaluation, run: str) -> bytes:
    plt = _plt()
    vendors = ev.vendors
    fig, ax = plt.subplots(figsize=(7.5, 0.6 * len(vendors) + 1.6), dpi=110)
    labels = [f"{plain(v.vendor, 40)}（{v.gate}）" for v in vendors]
    values = [v.tech_score for v in vendors]
    colors = ["#F4B183" if v.gate == "失格候補" else "#FFD966" if v.gate == "要判断" else "#5B9BD5" for v in vendors]
    ax.barh(range(len(vendors)), values, color=colors)
    ax.set_yticks(range(len(vendors)), labels, fontsize=9)
    for y, val in enumerate(values):
        ax.text(val + 1, y, f"{val:.2f}", va="center", fontsize=9)
    ax.set_xlim(0, ev.rules.technical_max * 1.12)
    ax.invert_yaxis()
    ax.set_xlabel("技術点")
    ax.set_title("事業者別 技術点（赤＝失格候補、黄＝要判断、青＝合格）", fontsize=10)
    fig.tight_layout()
    return _save(fig, plt, {"Comment": f"specgen run {run}"})


def _heatmap(ev: Evaluation, run: str) -> bytes:
    plt = _plt()
    from matplotlib.colors import ListedColormap

    order = list(STATUSES) + ["disputed"]
    idx = {s: i for i, s in enumerate(order)}
    grid = [[idx["disputed" if v.cells[i].disputed else v.cells[i].decided] for v in ev.vendors] for i in range(len(ev.items))]
    fig, ax = plt.subplots(figsize=(1.3 * len(ev.vendors) + 2.8, 0.22 * len(ev.items) + 1.8), dpi=110)
    ax.imshow(grid, cmap=ListedColormap([COLORS[s] for s in order]), vmin=0, vmax=len(order) - 1, aspect="auto")
    ax.set_xticks(range(len(ev.vendors)), [plain(v.vendor, 24) for v in ev.vendors], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(ev.items)), [f"{plain(i.id, 16)}{'*' if i.mandatory else ''}" for i in ev.items], fontsize=7)
    ax.set_title("要件 × 事業者（緑 充足・黄 一部・赤 不充足・灰 記載なし・橙 要調整、*＝必須）", fontsize=9)
    fig.tight_layout()
    return _save(fig, plt, {"Comment": f"specgen run {run}"})
