"""The checked-in type stubs of ``milkrun._core`` are exactly what pybind11-stubgen generates."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "generate_stubs.py"
STUB = ROOT / "python" / "milkrun" / "_core.pyi"

pytest.importorskip("pybind11_stubgen")


def _generator():
    spec = importlib.util.spec_from_file_location("generate_stubs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checked_in_stub_matches_generated_stub():
    """Regenerating the stub from the built module gives the checked-in python/milkrun/_core.pyi byte for byte."""
    generated = _generator().generate()
    assert STUB.is_file(), "python/milkrun/_core.pyi is missing: run python tools/generate_stubs.py"
    assert STUB.read_text(encoding="utf-8") == generated, "stub is out of date: run python tools/generate_stubs.py"


def test_stub_is_valid_python_and_covers_the_module():
    """The stub parses, and every public name of milkrun._core is declared in it."""
    import milkrun._core as core

    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    declared = {node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    declared |= {t.id for node in tree.body if isinstance(node, ast.AnnAssign) for t in [node.target]}
    public = {name for name in dir(core) if not name.startswith("_")}
    assert public <= declared, f"not in the stub: {sorted(public - declared)}; run python tools/generate_stubs.py"
