"""Generate the type stubs of the C++ module ``milkrun._core`` with pybind11-stubgen.

Usage::

    python tools/generate_stubs.py           # (re)write python/milkrun/_core.pyi
    python tools/generate_stubs.py --check   # exit 1 if the checked-in stub is out of date

The stub is never edited by hand: after a change to the bindings (cpp/bindings), rebuild the module and
run this script. ``tests/test_stubs.py`` regenerates the stub and fails when it differs from the
checked-in file.

The output of pybind11-stubgen is used as it is, with no post-processing: its numpy annotations
(``numpy.typing.NDArray[numpy.int64]``, ``typing.Annotated[numpy.typing.ArrayLike, numpy.int64]``)
are already valid. The generator runs with ``--exit-code``, so any signature it cannot render makes
this script fail rather than silently writing ``...``; the one exception is a default argument whose
value is a bound C++ object without a usable repr (pybind11 shows it as ``<milkrun._core.X object at
0x...>``, an address that changes every run): stubgen writes such a default as ``...``, which is
valid and stable.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

MODULE = "milkrun._core"
ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "python" / "milkrun" / "_core.pyi"

#: Default values shown by pybind11 as the address of a C++ object; stubgen replaces them by "...".
_OBJECT_REPR = r"<milkrun\._core\.\w+ object at 0x[0-9a-fA-F]+>"


def generate() -> str:
    """Run pybind11-stubgen on the installed ``milkrun._core`` and return the stub's text.

    Raises
    ------
    RuntimeError
        If pybind11-stubgen fails or reports an error (its output is included).
    """
    with tempfile.TemporaryDirectory(prefix="milkrun-stubs-") as tmp:
        command = [
            sys.executable, "-m", "pybind11_stubgen", MODULE,
            "--output-dir", tmp,
            "--exit-code",
            "--ignore-invalid-expressions", _OBJECT_REPR,
        ]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, cwd=tmp, check=False)
        stub = Path(tmp, *MODULE.split(".")).with_suffix(".pyi")
        if run.returncode != 0 or not stub.is_file():
            raise RuntimeError(
                f"pybind11-stubgen failed (exit code {run.returncode}):\n{run.stdout}{run.stderr}"
            )
        return stub.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the stub is up to date")
    args = parser.parse_args(argv)

    text = generate()
    if args.check:
        if STUB.is_file() and STUB.read_text(encoding="utf-8") == text:
            print(f"{STUB.relative_to(ROOT)} is up to date")
            return 0
        print(f"{STUB.relative_to(ROOT)} is out of date: run python tools/generate_stubs.py", file=sys.stderr)
        return 1
    STUB.write_text(text, encoding="utf-8")
    print(f"wrote {STUB.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
