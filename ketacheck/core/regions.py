"""The region a locale names (``en_US.UTF-8`` -> ``US``): a hint for the paper size.

Pure: the caller hands in the environment, so tests need not change their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_REGION = re.compile(r"^[A-Za-z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")


def locale_region(environ: Mapping[str, str], category: str = "LC_PAPER") -> str | None:
    """The two-letter region of the locale in force for ``category``, or None.

    POSIX order: ``LC_ALL`` over the category's own variable over ``LANG``; the first one
    set decides, and "C", "POSIX" or a locale without a region gives None.
    """
    for name in ("LC_ALL", category, "LANG"):
        value = environ.get(name, "")
        if value:
            found = _REGION.match(value)
            return found.group(1).upper() if found else None
    return None
