"""Writing output files atomically, and solution documents as standard JSON.

Used by the command line, the batch runner and the writers of :mod:`milkrun.io`: a file is written to a
temporary file in its directory, synced and renamed over the target, so it is never seen half written.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any


def json_text(document: Any) -> str:
    """``document`` as indented standard JSON (non-finite floats as ``null``), with a final newline."""
    return json.dumps(_finite(document), indent=2, allow_nan=False) + "\n"


def _finite(value: Any) -> Any:
    """``value`` with non-finite floats replaced by None, so that the JSON is standard."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def write_json(document: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a JSON document atomically: to a temporary file in the same directory, then rename.

    Parameters
    ----------
    document : dict
        The document; non-finite floats are written as ``null``.
    path : str or os.PathLike
        The target file; it is replaced only once the new content is complete.
    """
    write_text(json_text(document), path)


def write_text(text: str, path: str | os.PathLike[str]) -> None:
    """Write a text file atomically (temporary file in the same directory, fsync, rename)."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
