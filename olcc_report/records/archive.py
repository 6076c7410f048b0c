"""Zip files whose bytes depend on their contents only (no clock time, sorted members)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

# The earliest time a zip can store: a member's date says nothing about when it was built.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(members: Mapping[str, bytes]) -> bytes:
    """A deflated zip of ``members`` (name → bytes), in name order, every date fixed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return buffer.getvalue()
