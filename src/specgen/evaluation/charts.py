"""PNG charts for the Markdown report: vendor totals and the status heat map (matplotlib, Japanese font bundled)."""

from __future__ import annotations

from pathlib import Path

from .evaluate import STATUSES, Evaluation

COLORS = {"met": "#63BE7B", "partial": "#FFD966", "unmet": "#F4B183", "missing": "#BFBFBF"}


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    try:
        import matplotlib_fontja  # noqa: F401  (IPAexGothic, bundled: Japanese labels offline)
    except ImportError:
        pass
    import matplotlib.pyplot as plt

    return plt


def totals_png(ev: Evaluation, path: Path) -> None:
    plt = _plt()
    vendors = ev.vendors
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(vendors) + 1.5), dpi=110)
    labels = [f"{v.vendor}（{v.gate}）" for v in vendors]
    values = [v.tech_score for v in vendors]
    colors = ["#F4B183" if v.gate == "失格候補" else "#FFD966" if v.gate == "要判断" else "#5B9BD5" for v in vendors]
    ax.barh(labels, values, color=colors)
    for y, val in enumerate(values):
        ax.text(val + 1, y, f"{val:.1f}", va="center", fontsize=9)
    ax.set_xlim(0, ev.rules.technical_max * 1.1)
    ax.invert_yaxis()
    ax.set_xlabel("技術点")
    ax.set_title("事業者別 技術点（赤＝失格候補、黄＝要判断）")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def heatmap_png(ev: Evaluation, path: Path) -> None:
    plt = _plt()
    from matplotlib.colors import ListedColormap

    idx = {s: i for i, s in enumerate(STATUSES)}
    grid = [[idx[v.cells[i].decided] for v in ev.vendors] for i in range(len(ev.items))]
    fig, ax = plt.subplots(figsize=(1.2 * len(ev.vendors) + 2.5, 0.22 * len(ev.items) + 1.5), dpi=110)
    ax.imshow(grid, cmap=ListedColormap([COLORS[s] for s in STATUSES]), vmin=0, vmax=3, aspect="auto")
    ax.set_xticks(range(len(ev.vendors)), [v.vendor for v in ev.vendors], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(ev.items)), [f"{i.id}{'*' if i.mandatory else ''}" for i in ev.items], fontsize=7)
    ax.set_title("要件 × 事業者（緑 充足・黄 一部・赤 不充足・灰 記載なし、*＝必須）", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
