"""specgen: tailored 調達仕様書 generation and vendor-response scoring for Japanese local governments."""

import os as _os

__version__ = "0.1.0"

# Vendor files come from outside: make openpyxl parse XML through defusedxml (no entity expansion,
# no external entities) even if the environment says otherwise. tests/test_hostile_input.py checks it.
_os.environ["OPENPYXL_DEFUSEDXML"] = "True"
