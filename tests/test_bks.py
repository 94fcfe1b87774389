"""Tests of the best-known-solution lookup :mod:`milkrun.bks`."""

from __future__ import annotations

from pathlib import Path

import pytest

from milkrun import bks
from milkrun.bks import BestKnown, best_known, gap, instances_dir


def _tables(root: Path) -> Path:
    """A fake benchmark folder with one row per table, distinct per convention."""
    (root / "solomon").mkdir(parents=True)
    (root / "homberger").mkdir()
    (root / "solomon" / "bks_distance.csv").write_text("instance,vehicles,distance,source\nC101,10,827.3,x\n")
    (root / "solomon" / "bks.csv").write_text("instance,vehicles,distance,source\nC101,10,828.94,x\n")
    (root / "homberger" / "bks_distance.csv").write_text(
        "instance,customers,vehicles,distance,proven_optimal,source\nC1_2_1,200,20,2698.6,yes,x\n")
    (root / "homberger" / "bks.csv").write_text(
        "instance,customers,vehicles,distance,found_by,date,source\nC1_2_1,200,20,2704.5678,GH,2001-01-01,\"a, b\"\n")
    return root


def test_env_var_overrides(monkeypatch, tmp_path):
    """$MILKRUN_INSTANCES is used as given, before any other candidate."""
    monkeypatch.setenv(bks.ENV_VAR, str(tmp_path / "elsewhere"))
    assert instances_dir() == tmp_path / "elsewhere"


def test_cwd_candidate_first(monkeypatch, tmp_path):
    """Without the variable, <cwd>/../shared/instances is found before the repository's sibling."""
    monkeypatch.delenv(bks.ENV_VAR, raising=False)
    (tmp_path / "shared" / "instances").mkdir(parents=True)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert instances_dir() == (tmp_path / "shared" / "instances").resolve()


def test_repo_root_candidate(monkeypatch, tmp_path):
    """The folder next to the repository root is found when the working directory is elsewhere."""
    monkeypatch.delenv(bks.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "shared" / "instances").mkdir(parents=True)
    (tmp_path / "repo").mkdir()
    monkeypatch.setattr(bks, "_repo_root", lambda: tmp_path / "repo")
    assert instances_dir() == (tmp_path / "shared" / "instances").resolve()


def test_repo_root_is_the_checkout():
    """Imported from a source checkout (editable install), the repository root is the folder holding
    pyproject.toml; imported from an installed wheel, there is no repository root."""
    root = bks._repo_root()
    package = Path(bks.__file__).resolve().parent
    if (package.parent.parent / "pyproject.toml").is_file():
        assert root == package.parent.parent and (root / "python" / "milkrun").is_dir()
    else:
        assert root is None


def test_no_folder(monkeypatch, tmp_path):
    """With no variable and no existing candidate, instances_dir() is None and lookups give None."""
    monkeypatch.delenv(bks.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(bks, "_repo_root", lambda: None)
    assert instances_dir() is None
    assert best_known("C101") is None


def test_lookup_by_convention(tmp_path):
    """dimacs reads the bks_distance tables, exact the hierarchical bks tables."""
    root = _tables(tmp_path)
    assert best_known("C101", "dimacs", directory=root) == BestKnown(10, 827.3, 100)
    assert best_known("C101", "exact", directory=root) == BestKnown(10, 828.94, 100)
    assert best_known("C1_2_1", "dimacs", directory=root) == BestKnown(20, 2698.6, 200)
    assert best_known("C1_2_1", "exact", directory=root) == BestKnown(20, 2704.5678, 200)


def test_lookup_is_case_insensitive(tmp_path):
    """Instance names match regardless of case and surrounding spaces."""
    root = _tables(tmp_path)
    assert best_known("c101", directory=root) == best_known(" C101 ", directory=root) is not None
    assert best_known("c1_2_1", "exact", directory=root).cost == 2704.5678


def test_lookup_misses(tmp_path):
    """Unknown names, a wrong customer count and a folder without tables give None."""
    root = _tables(tmp_path / "a")
    assert best_known("R101", directory=root) is None
    assert best_known("C101", num_clients=25, directory=root) is None
    assert best_known("C101", num_clients=100, directory=root) is not None
    assert best_known("C1_2_1", num_clients=200, directory=root) is not None
    assert best_known("C101", directory=tmp_path / "empty") is None


def test_env_var_is_used_for_lookup(monkeypatch, tmp_path):
    """best_known() without a directory uses the folder of $MILKRUN_INSTANCES."""
    monkeypatch.setenv(bks.ENV_VAR, str(_tables(tmp_path)))
    assert best_known("C101").cost == 827.3


def test_malformed_rows_are_skipped(tmp_path):
    """A malformed table row is skipped with a warning; the other rows are still found."""
    root = _tables(tmp_path)
    (root / "solomon" / "bks_distance.csv").write_text(
        "instance,vehicles,distance,source\nC101,ten,827.3,x\nC102,10,827.3,x\n")
    with pytest.warns(RuntimeWarning, match="line 2: malformed BKS row"):
        assert best_known("C101", directory=root) is None
    assert best_known("C102", directory=root).vehicles == 10


def test_unknown_convention():
    """An unknown convention is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="unknown distance convention 'round'.*dimacs"):
        best_known("C101", "round")


def test_gap():
    """gap() is the relative difference in percent, negative when the BKS is beaten."""
    assert gap(110.0, 100.0) == pytest.approx(10.0)
    assert gap(99.0, BestKnown(3, 100.0)) == pytest.approx(-1.0)
    assert gap(827.3, BestKnown(10, 827.3)) == 0.0
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="must be positive"):
            gap(1.0, bad)


@pytest.mark.shared
def test_real_tables():
    """The shared tables give the README's example values (R101: 20/1637.7 dimacs, 19/1650.80 exact)."""
    if instances_dir() is None or not (instances_dir() / "solomon" / "bks.csv").is_file():
        pytest.skip("the shared benchmark folder is not available")
    assert best_known("R101", "dimacs") == BestKnown(20, 1637.7, 100)
    assert best_known("r101", "exact") == BestKnown(19, 1650.80, 100)
    assert best_known("C1_2_1", "dimacs", num_clients=200) == BestKnown(20, 2698.6, 200)
    assert best_known("C1_10_1", "exact", num_clients=1000) is not None
    assert best_known("C1_10_1", "exact", num_clients=200) is None
    # Cordeau's periodic VRP table (cost, vehicles per day), exact convention only
    assert best_known("p03", "exact", num_clients=50) == BestKnown(1, 524.61, 50)
    assert best_known("p03", "dimacs") is None
