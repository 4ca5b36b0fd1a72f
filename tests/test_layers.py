"""The layer rule: dependencies point one way, service → index → ingest, and nothing imports eval.

Every module's imports are read from its syntax tree (function-level imports included), so a
lazy import cannot hide a back-edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "index", "service", "eval")
ALLOWED = {
    "ingest": {"ingest"},
    "index": {"ingest", "index"},
    "service": {"ingest", "index", "service"},
    "eval": {"ingest", "index", "service", "eval"},
}


def _our_imports(path: Path) -> set[str]:
    """The packages of ours a module imports (`protokoll.<package>…`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "protokoll" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_module_imports_only_its_own_layer_and_the_layers_below() -> None:
    back_edges = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for imported in _our_imports(path) - ALLOWED[package]:
                back_edges.append(f"{path.relative_to(ROOT)} importerar protokoll.{imported}")
    assert not back_edges, "\n".join(back_edges)


def test_the_rule_is_checked_on_real_modules() -> None:
    # Guards against a walk that finds nothing and so passes vacuously.
    assert _our_imports(ROOT / "service" / "facade.py") >= {"index", "ingest"}
    assert sum(1 for p in PACKAGES for _ in (ROOT / p).rglob("*.py")) > 80
