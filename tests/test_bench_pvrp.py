"""Smoke test of benchmarks/macro/bench_pvrp.py: it runs, checks the plans and writes its CSV."""

from __future__ import annotations

import csv
import importlib
import os
from pathlib import Path

import pytest

from milkrun.bks import instances_dir

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "macro" / "bench_pvrp.py"


@pytest.mark.shared
@pytest.mark.skipif(instances_dir() is None, reason="shared benchmark folder not found")
def test_bench_pvrp_smoke(tmp_path, capsys, monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPT.parent))  # spawned workers import the script's module by name
    module = importlib.import_module("bench_pvrp")
    out = tmp_path / "pvrp.csv"
    core = sorted(os.sched_getaffinity(0))[0]
    code = module.main(["--instances", "p14", "--time-limit", "0.5", "--cores", str(core), "--csv", str(out),
                        "--instances-dir", str(instances_dir())])
    assert code == 0
    text = capsys.readouterr().out
    assert "p14" in text and "mean gap" in text
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 1 and rows[0]["feasible"] == "True" and rows[0]["evaluator_agrees"] == "True"
    assert float(rows[0]["gap_pct"]) < 25
