"""Repository-wide pytest hooks: report how many notebooks nbval ran."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not (config.getoption("nbval", False) or config.getoption("nbval_lax", False)):
        return
    notebooks = {str(item.fspath) for item in terminalreporter.stats.get("passed", [])
                 + terminalreporter.stats.get("failed", []) if str(item.fspath).endswith(".ipynb")}
    failed = {str(r.fspath) for r in terminalreporter.stats.get("failed", [])}
    terminalreporter.write_line(
        f"nbval: {len(notebooks)} notebook(s) executed, {len(failed)} with failures")


@pytest.fixture(autouse=False)
def _unused():  # keeps this module a conftest even when nbval is not in use
    return
