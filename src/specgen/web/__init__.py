"""`specgen serve`: a local web page over the library (generate, committee evaluation, vendor pre-check).

Nothing here is imported by the CLI until `specgen serve` runs.
"""

from __future__ import annotations

from .server import serve, start

__all__ = ["serve", "start"]
