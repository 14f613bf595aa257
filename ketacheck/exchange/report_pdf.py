"""The clinician summary as a PDF: WeasyPrint prints the very HTML page of ``render_html``.

WeasyPrint is an optional dependency (``pip install 'ketacheck[pdf]'``) that needs the
Pango text library of the system, so it is imported only here, only when a PDF is asked
for, and its absence is said in one plain sentence (:class:`PdfUnavailable`). It is given
nothing to fetch: the page is self-contained, and every URL it might meet is refused, so
making a PDF never reaches the network or reads another file.
"""

from __future__ import annotations

import sys
from typing import Any

#: What is missing, for each way WeasyPrint can be missing.
NOT_INSTALLED = "WeasyPrint is not installed (pip install 'ketacheck[pdf]')"
NO_LIBRARIES = "WeasyPrint can't find the Pango text library ({install})"


def libraries_hint(platform: str = sys.platform) -> str:
    """How to install the libraries WeasyPrint loads, on this kind of computer."""
    if platform == "darwin":
        return "brew install pango"
    if platform.startswith(("win", "cygwin")):
        return "see WeasyPrint's installation guide for Windows"
    return (
        "on Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0"
    )


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs are missing; the message says which, and
    what to install (a phrase, for a front end to put in its own sentence)."""


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise PdfUnavailable(NOT_INSTALLED) from None
    except OSError:  # cffi could not open libpango, libharfbuzz...
        raise PdfUnavailable(NO_LIBRARIES.format(install=libraries_hint())) from None
    return weasyprint


def pdf_problem() -> str | None:
    """Why a PDF can't be made on this computer, or None when it can."""
    try:
        _weasyprint()
    except PdfUnavailable as exc:
        return str(exc)
    return None


def html_to_pdf(page: str) -> bytes:
    """Print a self-contained HTML page to PDF bytes, fetching nothing.

    Raises:
        PdfUnavailable: WeasyPrint or its system libraries are missing.
    """
    weasyprint = _weasyprint()
    # No protocol is allowed, so any URL (a stray image, a font, a file:) is refused.
    refuse_all = weasyprint.URLFetcher(allowed_protocols=())
    document = weasyprint.HTML(string=page, base_url=None, url_fetcher=refuse_all)
    pdf: bytes = document.write_pdf()
    return pdf
