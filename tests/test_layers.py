"""The package layering rule (docs/ARCHITECTURE.md): imports point one way, and nothing imports in a circle.

    verdict.runtime      text -> findings; imports no other verdict package
    verdict.governance   policy, audit, evidence; imports the runtime
    verdict.modeling     data, training, export, evaluation, retraining; imports the runtime and governance
    verdict.serving      gRPC server, batcher, proxies' processors; imports the runtime and governance
    verdict.cli, .scan   the command line on top

Every import counts, the lazy ones inside functions too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "verdict"

# layer -> the layers it may import (itself always allowed)
ALLOWED: dict[str, frozenset[str]] = {
    "runtime": frozenset(),
    "governance": frozenset({"runtime"}),
    "modeling": frozenset({"runtime", "governance"}),
    "serving": frozenset({"runtime", "governance"}),
    "top": frozenset({"runtime", "governance", "modeling", "serving"}),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else "top"


def _imports(path: Path, module: str) -> set[str]:
    """The verdict modules `path` imports (absolute and relative, at any depth of the file)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "verdict" or name.startswith("verdict.")}


def _resolve(names: set[str], modules: set[str]) -> set[str]:
    """`from pkg import sub` depends on `pkg.sub`, not on every sibling that `pkg/__init__` gathers."""
    named = {name for name in names if name in modules}
    return {name for name in named if not any(other.startswith(name + ".") for other in named)}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in ROOT.rglob("*.py") if "_proto" not in p.parts}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        # "from verdict.x import name" names a module only when that module exists
        graph[module] = _resolve(_imports(path, module), set(paths)) - {module}
    return graph


GRAPH = _graph()


def test_the_graph_is_not_empty():
    assert len(GRAPH) > 80
    assert "verdict.runtime.analyzer" in GRAPH
    assert "verdict.runtime.decode" in GRAPH["verdict.runtime.analyzer"]


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_point_one_way(layer):
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _layer(module) == layer
        for target in targets
        if _layer(target) != layer and _layer(target) not in ALLOWED[layer]
    )
    assert wrong == []


def test_no_module_imports_in_a_circle():
    assert _cycles(GRAPH) == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected component of more than one node (Tarjan), as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target == node:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)
