"""Best-known solutions (BKS) of the Solomon and Gehring & Homberger benchmarks.

The tables live in the shared benchmark folder (``shared/instances`` next to the repository; see its
README). BKS values are comparable only within one distance convention:

- ``"dimacs"``: ``solomon/bks_distance.csv`` and ``homberger/bks_distance.csv`` (distance truncated
  to one decimal per arc, distance minimised, vehicles free);
- ``"exact"``: ``solomon/bks.csv`` and ``homberger/bks.csv`` (double precision distances,
  hierarchical objective: vehicles first, then distance), and Cordeau's periodic VRP
  ``pvrptw/cordeau_pvrp/bks.csv`` (distance; ``vehicles`` is the fleet per day).
"""

from __future__ import annotations

import csv
import os
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["BestKnown", "TABLES", "best_known", "gap", "instances_dir"]

#: Environment variable that overrides the location of the benchmark folder.
ENV_VAR = "MILKRUN_INSTANCES"

#: BKS tables per convention, relative to the benchmark folder, with the customer count of rows
#: that have no ``customers`` column.
TABLES: dict[str, tuple[tuple[str, int | None], ...]] = {
    "dimacs": (("solomon/bks_distance.csv", 100), ("homberger/bks_distance.csv", None)),
    "exact": (("solomon/bks.csv", 100), ("homberger/bks.csv", None), ("pvrptw/cordeau_pvrp/bks.csv", None)),
}


@dataclass(frozen=True)
class BestKnown:
    """A best-known solution value.

    Attributes
    ----------
    vehicles : int
        Number of routes of the best-known solution.
    cost : float
        Its total distance, in the units of the source data.
    customers : int or None
        Number of customers of the instance the value belongs to, when the table says.
    """

    vehicles: int
    cost: float
    customers: int | None = None


def _repo_root() -> Path | None:
    """The source checkout holding this package (``<root>/python/milkrun``), or None when installed."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "python" / "milkrun").is_dir() else None


def instances_dir() -> Path | None:
    """Locate the shared benchmark folder.

    Returns
    -------
    pathlib.Path or None
        ``$MILKRUN_INSTANCES`` if that variable is set (and not empty); otherwise the first existing
        directory of ``<cwd>/../shared/instances`` and ``<repository root>/../shared/instances``;
        otherwise None.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    candidates = [Path.cwd() / ".." / "shared" / "instances"]
    root = _repo_root()
    if root is not None:
        candidates.append(root / ".." / "shared" / "instances")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    return None


@lru_cache(maxsize=16)
def _load(directory: str, convention: str) -> dict[str, BestKnown]:
    """All BKS of one convention in ``directory``, keyed by upper-case instance name."""
    table: dict[str, BestKnown] = {}
    for relative, default_customers in TABLES[convention]:
        file = Path(directory) / relative
        if not file.is_file():
            continue
        with file.open(newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    name = row["instance"].strip().upper()
                    customers = row.get("customers")
                    # Cordeau's PVRP table: "cost" and vehicles per day
                    entry = BestKnown(
                        vehicles=int(row["vehicles"] if "vehicles" in row else row["vehicles_per_day"]),
                        cost=float(row["distance"] if "distance" in row else row["cost"]),
                        customers=int(customers) if customers else default_customers,
                    )
                except (KeyError, TypeError, ValueError, AttributeError):
                    warnings.warn(f"{file}: line {line}: malformed BKS row skipped", RuntimeWarning, stacklevel=3)
                    continue
                table.setdefault(name, entry)
    return table


def best_known(name: str, convention: str = "dimacs", *, num_clients: int | None = None,
               directory: str | os.PathLike[str] | None = None) -> BestKnown | None:
    """Look up the best-known solution of a benchmark instance.

    Parameters
    ----------
    name : str
        Instance name, e.g. ``"C101"`` or ``"rc2_2_10"`` (case does not matter).
    convention : {"dimacs", "exact"}
        Which table to use; see the module documentation.
    num_clients : int, optional
        If given, only a BKS for an instance with this many customers is returned (so that a
        truncated instance that kept its name, e.g. the first 25 customers of C101, gets none).
    directory : str or os.PathLike, optional
        The benchmark folder; default :func:`instances_dir`.

    Returns
    -------
    BestKnown or None
        None if the folder, the table or the instance is not found.

    Raises
    ------
    ValueError
        If ``convention`` is unknown.
    """
    if convention not in TABLES:
        raise ValueError(f"unknown distance convention {convention!r}; choose one of {', '.join(TABLES)}")
    folder = Path(directory) if directory is not None else instances_dir()
    if folder is None:
        return None
    entry = _load(str(folder.resolve()), convention).get(name.strip().upper())
    if entry is None or (num_clients is not None and entry.customers not in (None, num_clients)):
        return None
    return entry


def gap(cost: float, bks: BestKnown | float) -> float:
    """Relative gap of a cost to a best-known value, in percent.

    Parameters
    ----------
    cost : float
        The cost found, in the units of the source data.
    bks : BestKnown or float
        The best-known solution or its cost.

    Returns
    -------
    float
        ``100 * (cost - bks) / bks``; negative when the cost beats the BKS.

    Raises
    ------
    ValueError
        If the best-known cost is not positive.
    """
    reference = bks.cost if isinstance(bks, BestKnown) else float(bks)
    if not reference > 0:
        raise ValueError(f"gap: the best-known cost must be positive, got {reference!r}")
    return 100.0 * (cost - reference) / reference
