"""Pieces shared by the instance readers: the error type, file reading and convention names."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import numpy as np

from .._core import MAX_VALUE

#: Distance conventions understood by the readers of Euclidean benchmark formats.
CONVENTIONS: tuple[str, ...] = ("dimacs", "exact")


class InstanceError(ValueError):
    """An instance file cannot be read or describes an invalid instance.

    The message names the file and, where known, the line number and field, in the form
    ``path: line N: FIELD: what is wrong``.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    message : str
        What is wrong.
    line : int, optional
        1-based line number of the offending line.
    field : str, optional
        Name of the offending field or section, as written in the file format.

    Attributes
    ----------
    path : str
        The instance file, as given.
    line : int or None
        1-based line number, when the problem is tied to one line.
    field : str or None
        The offending field or section, when known.
    reason : str
        The bare description of the problem, without file, line and field.
    """

    def __init__(self, path: str | os.PathLike[str], message: str, *, line: int | None = None,
                 field: str | None = None) -> None:
        self.path = os.fspath(path)
        self.line = line
        self.field = field
        self.reason = message
        parts = [self.path]
        if line is not None:
            parts.append(f"line {line}")
        if field is not None:
            parts.append(field)
        parts.append(message)
        super().__init__(": ".join(parts))

    def __reduce__(self):
        return (_rebuild_instance_error, (self.path, self.reason, self.line, self.field))


def _rebuild_instance_error(path: str, message: str, line: int | None, field: str | None) -> InstanceError:
    return InstanceError(path, message, line=line, field=field)


#: A decimal number as the text formats write it (no inf/nan, no hex).
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class Fields:
    """Checked conversion of the tokens of a text instance file, errors naming file, line and field."""

    def __init__(self, where: str) -> None:
        self.where = where

    def number(self, token: str, line: int, field: str) -> float:
        if not NUMBER.fullmatch(token):
            raise InstanceError(self.where, f"{token!r} is not a number", line=line, field=field)
        value = float(token)
        if not math.isfinite(value):
            raise InstanceError(self.where, f"{token!r} is not finite", line=line, field=field)
        return value

    def whole(self, token: str, line: int, field: str, minimum: int, maximum: int = MAX_VALUE) -> int:
        value = self.number(token, line, field)
        if value != int(value) or value < minimum:
            raise InstanceError(self.where, f"must be a whole number of at least {minimum}, got {token}", line=line,
                                field=field)
        if value > maximum:
            raise InstanceError(self.where, f"must be at most {maximum}, got {token}", line=line, field=field)
        return int(value)

    def bounded(self, value: float, scale: float, line: int, field: str) -> float:
        """``value``, if ``value * scale`` (its engine units) is at most MAX_VALUE in size."""
        if not abs(value * scale) <= MAX_VALUE:
            raise InstanceError(self.where, f"{value:g} is too large (at most {MAX_VALUE / scale:g})", line=line,
                                field=field)
        return value


def check_convention(convention: str) -> str:
    """Return ``convention`` if it is a known distance convention, else raise ``ValueError``.

    Parameters
    ----------
    convention : str
        One of :data:`CONVENTIONS`.

    Returns
    -------
    str
        The convention, unchanged.

    Raises
    ------
    ValueError
        If the convention is unknown.
    """
    if convention not in CONVENTIONS:
        raise ValueError(f"unknown distance convention {convention!r}; choose one of {', '.join(CONVENTIONS)}")
    return convention


def read_text(path: str | os.PathLike[str], limit: int | None = None) -> str:
    """Read a text file, turning every failure into an :class:`InstanceError`.

    Line endings are normalised to ``\\n`` and a UTF-8 byte-order mark is dropped.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.
    limit : int, optional
        Read at most this many characters (for format detection).

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    InstanceError
        If the file is missing, a directory, unreadable or not UTF-8 text.
    """
    file = Path(path)
    try:
        with file.open(encoding="utf-8-sig") as handle:
            return handle.read() if limit is None else handle.read(limit)
    except FileNotFoundError:
        raise InstanceError(path, "file not found") from None
    except IsADirectoryError:
        raise InstanceError(path, "is a directory, not an instance file") from None
    except UnicodeDecodeError as exc:
        raise InstanceError(path, f"not a UTF-8 text file (undecodable byte at offset {exc.start})") from None
    except OSError as exc:
        raise InstanceError(path, f"cannot read the file: {exc.strerror or exc}") from None


def integer_matrices(scaled: np.ndarray, convention: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer distance and travel-time matrices from distances already multiplied by the reader's scale.

    ``"dimacs"`` truncates both (DIMACS 2021 / CVRPLIB); ``"exact"`` rounds the distance to the nearest unit
    and the travel time up, so a time is never shorter than the true one and plans stay feasible.
    """
    if convention == "dimacs":
        distance = np.floor(scaled).astype(np.int64)
        return distance, distance.copy()
    return np.rint(scaled).astype(np.int64), np.ceil(scaled).astype(np.int64)
