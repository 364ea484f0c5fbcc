"""The two axes every spec is tailored on: the 自治体機密性 class of the data and the kind of service.

Kept free of heavy imports: the command line checks option values against these before loading anything else."""

from __future__ import annotations

DATA_CLASSES: tuple[str, ...] = ("1", "2", "3C", "3B", "3A")  # in order: 1 < 2 < 3C < 3B < 3A
SERVICES: dict[str, str] = {
    "genai": "生成AIサービス",
    "cloud": "クラウドサービス",
    "sns": "LINE等SNS公式アカウント連携システム",
    "payment": "キャッシュレス決済（収納代行業者経由）",
}


def class_rank(data_class: str) -> int:
    """Order of the 自治体機密性 classes: 1 < 2 < 3C < 3B < 3A."""
    return DATA_CLASSES.index(data_class)
