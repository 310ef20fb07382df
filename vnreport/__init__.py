"""vnreport: figures, dates, organisations, people and events from Vietnamese news reports.

    >>> import vnreport
    >>> tree = vnreport.extract_text("Chiều ngày 18/01/2024, Hội LHPN tỉnh tổ chức hội nghị.")
    >>> tree["dates"][0]["value"], tree["dates"][0]["text"]
    ('2024-01-18', 'Chiều ngày 18/01/2024')

The heavy modules load on first use, so `vnreport --help` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "extract_file", "extract_text"]

if TYPE_CHECKING:
    from .pipeline import extract_file, extract_text


def __getattr__(name: str) -> Any:
    if name in ("extract_text", "extract_file"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'vnreport' has no attribute {name!r}")
