"""Where the course data is: the package's own data folder, or a book's source tree."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_data_dir() -> Path:
    """The data folder shipped with the installed package (found with ``importlib.resources``, so
    a notebook opened on Colab or Binder finds it)."""
    return Path(str(resources.files("coursekit").joinpath("data")))


def data_dir_for(root: Path) -> Path:
    """The data folder of the course at ``root`` (its source tree), else the installed package's."""
    local = root / "src" / "coursekit" / "data"
    return local if local.is_dir() else package_data_dir()
