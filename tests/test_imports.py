"""The package has no import circle: no module imports, at load time or lazily inside a function, a module that
imports it back (directly or through others). Read from the source, so a lazy import counts too."""

import ast

from conftest import ROOT

PACKAGE = ROOT / "src" / "analysis"


def module_name(path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, object]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path, name: str, known) -> set[str]:
    """The package's modules that the module ``name`` imports anywhere in its source, without its own parent
    packages (Python loads those before any submodule: no module can avoid them)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - (node.level - 1)]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return {m for m in found if m in known and m != name and m not in ancestors}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle of ``graph`` (module → modules it imports), each as the path that closes it."""
    found, state = [], {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_circle_finder_finds_a_lazy_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_circle():
    known = modules()
    graph = {name: imports_of(path, name, known) for name, path in known.items()}
    assert "analysis.figures.labels" in graph["analysis.figures.plots"]  # the graph sees `from . import labels`
    assert circles(graph) == []


def test_figure_style_knows_nothing_of_figure_text():
    """Colours are keyed by concept (label key), so the style needs no label table: `style` imports no `labels`."""
    known = modules()
    assert "analysis.figures.labels" not in imports_of(known["analysis.figures.style"], "analysis.figures.style",
                                                       known)
