"""Instance readers: benchmark and user file formats to :class:`~milkrun.ProblemData`.

Each format lives in its own module and is registered here with :func:`register_format`: a name, a
reader ``reader(path, convention) -> ProblemData`` and a sniffer ``sniff(head_text) -> bool`` used by
``format="auto"``. :func:`read` dispatches on the format name.

Every problem with an input file raises :class:`InstanceError` (a ``ValueError``) whose message names
the file and, where it applies, the line and field.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .._core import ProblemData
from ._common import CONVENTIONS, InstanceError, check_convention, read_text
from .cordeau import looks_like_cordeau, read_cordeau, read_cordeau_solution
from .fsmvrptw import read_fsmvrptw
from .hvrp import looks_like_hvrp, read_hvrp
from .milkrun_json import MilkrunInstance, looks_like_milkrun_json, parse_milkrun, read_milkrun_json
from .solomon import looks_like_solomon, read_solomon
from .vrplib import looks_like_vrplib, read_vrplib
from .vroom import looks_like_vroom, parse_vroom, read_vroom

__all__ = [
    "CONVENTIONS",
    "InstanceError",
    "InstanceFormat",
    "MilkrunInstance",
    "detect_format",
    "formats",
    "parse_milkrun",
    "parse_vroom",
    "read",
    "read_cordeau",
    "read_cordeau_solution",
    "read_fsmvrptw",
    "read_hvrp",
    "read_solomon",
    "read_vrplib",
    "read_vroom",
    "register_format",
]

#: How many characters of a file format detection looks at.
_SNIFF_CHARS = 64 * 1024


@dataclass(frozen=True)
class InstanceFormat:
    """A registered instance file format.

    Attributes
    ----------
    name : str
        The format's name, as given to :func:`read` and the command line ``--format``.
    reader : callable
        ``reader(path, convention) -> ProblemData``; raises :class:`InstanceError` on bad input.
    sniff : callable
        ``sniff(head) -> bool``: whether the first characters of a file look like this format.
    description : str
        One line for help texts.
    """

    name: str
    reader: Callable[[str | os.PathLike[str], str], ProblemData]
    sniff: Callable[[str], bool]
    description: str = ""


_FORMATS: dict[str, InstanceFormat] = {}


def register_format(fmt: InstanceFormat) -> None:
    """Make a format available to :func:`read` and to format detection.

    Parameters
    ----------
    fmt : InstanceFormat
        The format. Formats are tried by detection in registration order.

    Raises
    ------
    ValueError
        If the name is ``"auto"`` or already registered.
    """
    if fmt.name == "auto" or fmt.name in _FORMATS:
        raise ValueError(f"instance format {fmt.name!r} is reserved or already registered")
    _FORMATS[fmt.name] = fmt


def formats() -> tuple[str, ...]:
    """Names of the registered formats, in detection order.

    Returns
    -------
    tuple of str
        For example ``("solomon",)``.
    """
    return tuple(_FORMATS)


def detect_format(path: str | os.PathLike[str]) -> str:
    """Find the format of an instance file from its content.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.

    Returns
    -------
    str
        The name of the first registered format whose sniffer accepts the file's head.

    Raises
    ------
    InstanceError
        If the file cannot be read, is empty, or matches no registered format.
    """
    head = read_text(path, limit=_SNIFF_CHARS)
    if not head.strip():
        raise InstanceError(path, "the file is empty")
    for fmt in _FORMATS.values():
        if fmt.sniff(head):
            return fmt.name
    raise InstanceError(path, f"unrecognised instance format (known formats: {', '.join(_FORMATS)}); "
                              "for Solomon files, the VEHICLE and CUSTOMER section lines were not found")


def read(path: str | os.PathLike[str], format: str = "auto", convention: str = "dimacs") -> ProblemData:
    """Read an instance file into problem data.

    Parameters
    ----------
    path : str or os.PathLike
        The instance file.
    format : str
        A registered format name (see :func:`formats`), or ``"auto"`` to detect it from the content.
    convention : {"dimacs", "exact"}
        Distance convention for Euclidean benchmark formats; see :func:`read_solomon`.

    Returns
    -------
    ProblemData
        The validated instance.

    Raises
    ------
    InstanceError
        If the file cannot be read, its format cannot be detected, or its content is invalid.
    ValueError
        If ``format`` or ``convention`` is unknown.
    """
    check_convention(convention)
    if format == "auto":
        format = detect_format(path)
    elif format not in _FORMATS:
        raise ValueError(f"unknown instance format {format!r}; choose 'auto' or one of {', '.join(_FORMATS)}")
    return _FORMATS[format].reader(path, convention)


register_format(InstanceFormat(
    name="solomon",
    reader=read_solomon,
    sniff=looks_like_solomon,
    description="Solomon / Gehring & Homberger VRPTW text (VEHICLE and CUSTOMER sections)",
))
register_format(InstanceFormat(
    name="vrplib",
    reader=read_vrplib,
    sniff=looks_like_vrplib,
    description="VRPLIB / CVRPLIB (TSPLIB-style specifications and sections, PyVRP's fleet sections)",
))
register_format(InstanceFormat(
    name="hvrp",
    reader=read_hvrp,
    sniff=looks_like_hvrp,
    description="Golden / Taillard heterogeneous-fleet VRP text (Lacomme layout, // comment header)",
))
register_format(InstanceFormat(
    name="cordeau",
    reader=read_cordeau,
    sniff=looks_like_cordeau,
    description="Cordeau periodic VRP / VRPTW text (type m n t header, day lines, visit combinations)",
))
register_format(InstanceFormat(
    name="vroom",
    reader=read_vroom,
    sniff=looks_like_vroom,
    description="VROOM-style JSON problem (vehicles, jobs with pickup/delivery and time windows, matrices)",
))
register_format(InstanceFormat(
    name="milkrun-json",
    reader=read_milkrun_json,
    sniff=looks_like_milkrun_json,
    description="milk-run JSON instance (schema_version 1; plants, suppliers with patterns, fleet, horizon, travel)",
))
