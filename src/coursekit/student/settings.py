"""Where students get the course: the one repository setting, and the install source made from it.

The instructor sets ``repository.url`` in ``_config.yml`` once. The site's launch buttons (Binder,
Colab, JupyterHub) take the repository from it, and every notebook's first cell installs the course
package from the wheel attached to that repository's release of this version (made by
``.github/workflows/release.yml`` when the tag ``v<version>`` is pushed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..knowledge.problems import Problem, problem

DIST = "guards-beyond-borders"  # the distribution on the install source; the import name is coursekit
PLACEHOLDER = "https://github.com/coursekit/coursekit"
CONFIG = "_config.yml"


@dataclass(frozen=True)
class Settings:
    repository: str
    version: str = __version__

    @property
    def wheel_name(self) -> str:
        return f"{DIST.replace('-', '_')}-{self.version}-py3-none-any.whl"

    @property
    def wheel_url(self) -> str:
        """The wheel of this version, as the release workflow publishes it."""
        return f"{self.repository}/releases/download/v{self.version}/{self.wheel_name}"


def _repository_line(text: str) -> int | None:
    """The line of ``url:`` under ``repository:`` (for the warning's location)."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line[:1].isspace():
            inside = line.startswith("repository:")
        elif inside and line.strip().startswith("url:"):
            return number
    return None


def read_settings(root: Path) -> Settings:
    """The settings of the book at ``root`` (``repository.url`` in its ``_config.yml``)."""
    import yaml

    config = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8")) or {}
    url = str((config.get("repository") or {}).get("url") or "").strip().rstrip("/")
    if not url.startswith("https://"):
        raise ValueError(f"{CONFIG}: repository: url: expected an https:// address of the course's "
                         f"repository, found {url!r}")
    return Settings(url)


def placeholder_warnings(root: Path) -> list[Problem]:
    """A warning while ``repository.url`` is still the placeholder of the template."""
    path = root / CONFIG
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    try:
        settings = read_settings(root)
    except (ValueError, OSError) as exc:
        return [problem(CONFIG, str(exc).removeprefix(f"{CONFIG}: "), line=_repository_line(text))]
    except Exception:  # noqa: BLE001 - an unreadable _config.yml is reported by the book checks, not here
        return []
    if settings.repository != PLACEHOLDER:
        return []
    return [problem(CONFIG, f"the placeholder {PLACEHOLDER}: launch buttons, Colab links and the "
                    "notebooks' install cell point at it; set your repository and run "
                    "'make notebooks'", line=_repository_line(text), record="repository", field="url")]
