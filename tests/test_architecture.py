"""Imports run one way: the import-linter contract in ``pyproject.toml`` (``[tool.importlinter]``)
holds, and it bites.

The layers, bottom to top: ``supervision`` (the core) < ``agencies`` < ``cases`` <
``recommendations`` < ``portal`` | ``reporting`` (independent siblings) < ``demo`` < ``config``.
A function-level import counts like any other, and an app's own tests obey the layers too.
Where a lower layer must react to a higher one, the higher one registers a hook
(``cases/hooks.py``; ``supervision/services/selfcheck.py``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
#: The contract's root packages (``[tool.importlinter] root_packages``).
ROOT_PACKAGES = tuple(tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
                      ["tool"]["importlinter"]["root_packages"])


def _venv_tool(name: str) -> str:
    """The command ``name`` of the interpreter running the tests (the project's venv)."""
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def lint_imports(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the sources under ``cwd`` (its ``pyproject.toml``): no cache, so
    nothing is written into the tree and an edit is always seen."""
    env = {**os.environ, "COLUMNS": "200"}  # the report's lines unwrapped
    return subprocess.run(
        [_venv_tool("lint-imports"), "--no-cache", "--no-logo", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=300, check=False)


def _report(result: subprocess.CompletedProcess) -> str:
    return f"lint-imports exited {result.returncode}:\n{result.stdout}\n{result.stderr}"


def test_the_import_contract_is_kept():
    result = lint_imports(BASE_DIR)
    assert result.returncode == 0, _report(result)


def _copy_sources(target: Path) -> None:
    """The root packages' Python files and ``pyproject.toml``, nothing else (fast: no
    templates, static files, caches)."""
    def ignore(directory: str, names: list[str]) -> set[str]:
        return {name for name in names if name == "__pycache__"
                or (not name.endswith(".py") and not Path(directory, name).is_dir())}

    for package in ROOT_PACKAGES:
        shutil.copytree(BASE_DIR / package, target / package, ignore=ignore)
    shutil.copy2(BASE_DIR / "pyproject.toml", target / "pyproject.toml")


def test_the_contract_bites_an_upward_import(tmp_path):
    """A throwaway module of the core importing the instruments inside a function — written
    into a copy of the sources, never into the working tree, so that a concurrent run of the
    suite cannot see it — breaks the layers contract, and the report names it."""
    _copy_sources(tmp_path)
    probe = tmp_path / "supervision" / "_contract_probe.py"
    try:
        probe.write_text('"""Throwaway: an upward import the contract must refuse."""\n\n\n'
                         "def probe():\n    import recommendations  # noqa: F401\n",
                         encoding="utf-8")
        result = lint_imports(tmp_path, "--contract", "layers")
    finally:
        probe.unlink(missing_ok=True)
    report = " ".join(result.stdout.split())
    assert result.returncode != 0, _report(result)
    assert "supervision is not allowed to import recommendations" in report, _report(result)
    assert "supervision._contract_probe -> recommendations (l.5)" in report, _report(result)


def test_ruff_is_clean():
    """``ruff check`` passes on the whole tree (``[tool.ruff]`` in pyproject.toml), including
    the rule that every service and selector is annotated."""
    result = subprocess.run([_venv_tool("ruff"), "check", "--no-cache", "--output-format",
                             "concise", "."], cwd=BASE_DIR, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_folder_with_tests_is_in_testpaths():
    """A folder of tests left out of ``testpaths`` never runs in ``./dev test`` or CI (the
    duties' and hearings' suites did not, until this test)."""
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    with_tests = {path.parent.name for path in BASE_DIR.glob("*/tests") if path.is_dir()
                  and any(path.rglob("test_*.py")) and not path.parent.name.startswith(".")}
    assert with_tests - testpaths - {"tests"} == set()
