"""The layout holds: top-level packages of ``src/kometa/`` import each other only downwards.

Every ``import``/``from ... import`` of a ``kometa.*`` module (module level or inside a function,
absolute or relative) is read from the source with :mod:`ast`, so a lazy import counts too. A new
top-level package must be given its place in ``ALLOWED`` before it can land.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "kometa"

#: package -> the kometa packages it may import (besides itself). Direction, top to bottom:
#: cli -> app -> engine -> overlays/operations/metadata/defaults -> sources -> ids -> clients/plex
#: -> config/schedule/timing -> core.
BASE = {"core"}
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "timing": BASE,
    "config": BASE,
    "schedule": BASE | {"config", "timing"},
    "plex": BASE | {"config"},
    "clients": BASE | {"config"},
    "ids": BASE | {"config", "clients", "plex"},
    "sources": BASE | {"config", "schedule", "clients", "ids", "plex"},
    "overlays": BASE | {"config", "schedule", "clients", "ids", "plex", "sources"},
    "operations": BASE | {"config", "schedule", "clients", "ids", "plex", "sources"},
    "metadata": BASE | {"config", "schedule", "clients", "ids", "plex", "sources"},
    "defaults": BASE | {"config"},
    "notify": BASE | {"config", "clients"},
    "engine": BASE | {"config", "schedule", "timing", "clients", "ids", "plex", "sources", "overlays",
                      "operations", "metadata", "defaults", "notify"},
    "events": BASE | {"config", "timing", "plex", "engine", "notify", "ids", "sources"},
    "platforms": BASE | {"timing"},
    "app": BASE | {"config", "schedule", "timing", "plex", "engine", "events", "notify", "platforms", "clients",
                   "sources"},
    "cli": BASE | {"app", "timing", "schedule", "platforms"},
}
#: modules directly in src/kometa/ that are not packages (besides __init__ and __main__)
MAX_TOP_MODULES = 6


def _imports(path: Path, parts: tuple[str, ...] | None = None) -> set[str]:
    """The kometa top-level packages ``path`` (module ``kometa.<parts>``) imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    parts = parts if parts is not None else path.relative_to(SRC).with_suffix("").parts
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = list(parts[:-node.level]) if node.level <= len(parts) else []
                names = [".".join(["kometa", *base, *([node.module] if node.module else [])])]
            elif node.module:
                names = [node.module]
                if node.module == "kometa":
                    names = [f"kometa.{alias.name}" for alias in node.names]
        for name in names:
            bits = name.split(".")
            if bits[0] == "kometa" and len(bits) > 1 and _is_module(bits[1]):
                found.add(bits[1])
    return found


def _is_module(name: str) -> bool:
    """``kometa.<name>`` is a module or package (not a name like ``__version__`` from __init__)."""
    return (SRC / name).is_dir() or (SRC / f"{name}.py").is_file()


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if len(rel.parts) == 1:
            continue
        package = rel.parts[0]
        graph.setdefault(package, set()).update(_imports(path) - {package})
    return graph


def test_every_package_has_a_place() -> None:
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages <= set(ALLOWED), f"give these packages a place in ALLOWED: {sorted(packages - set(ALLOWED))}"


def test_imports_point_downwards() -> None:
    wrong = {pkg: sorted(deps - ALLOWED.get(pkg, set()) - {"__init__", "__main__"})
             for pkg, deps in _graph().items()}
    wrong = {pkg: deps for pkg, deps in wrong.items() if deps}
    assert not wrong, f"imports against the layout's direction: {wrong}"


def test_no_cycles_between_packages() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(dep):] + [dep]))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_allowed_table_itself_has_no_cycles() -> None:
    """The table is a direction, not a list of exceptions: it must be acyclic as written."""
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(ALLOWED[node]):
            assert seen.get(dep) != 1, "ALLOWED cycle: " + " -> ".join([*path, node, dep])
            if dep not in seen:
                visit(dep, [*path, node])
        seen[node] = 2

    for node in sorted(ALLOWED):
        if node not in seen:
            visit(node, [])


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in SRC.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= MAX_TOP_MODULES, f"{len(top)} modules directly in src/kometa/: {top}"


def test_checker_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The checker itself: an import inside a function and a relative one are both seen."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from kometa.cli import main\n    from ..app import runner\n"
                     "from kometa import __version__, engine\n", encoding="utf-8")
    assert _imports(probe, ("sources", "probe")) == {"cli", "app", "engine"}
