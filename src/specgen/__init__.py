"""specgen: tailored 調達仕様書 generation and vendor-response scoring for Japanese local governments."""

__version__ = "0.1.0"
