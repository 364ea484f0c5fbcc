"""Judging: one result per requirement and response (decide.py), with its confidence (confidence.py)."""

from .decide import Context, judge

__all__ = ["Context", "judge"]
