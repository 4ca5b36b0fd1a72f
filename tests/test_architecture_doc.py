"""The module map in docs/architecture.md names every module, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PACKAGES = ("ingest", "index", "service", "eval")
# A module path as the map writes it, in backticks: `index/search/dense.py`.
NAMED = re.compile(r"`((?:" + "|".join(PACKAGES) + r")/[\w/]+\.py)`")


def _modules() -> list[str]:
    return sorted(
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )


def test_every_module_is_named_in_the_architecture_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [m for m in _modules() if f"`{m}`" not in text]
    assert not missing, (
        "Modulerna saknas i modulkartan i docs/architecture.md; lägg till en rad för var och en:\n"
        + "\n".join(missing)
    )


def test_every_module_the_doc_names_exists() -> None:
    named = set(NAMED.findall(DOC.read_text(encoding="utf-8")))
    gone = sorted(m for m in named if not (ROOT / m).is_file())
    assert not gone, "docs/architecture.md nämner moduler som inte finns:\n" + "\n".join(gone)


def test_the_map_is_checked_on_real_modules() -> None:
    # Guards against a walk that finds nothing and so passes vacuously.
    assert "index/search/dense.py" in _modules()
    assert len(_modules()) > 80
