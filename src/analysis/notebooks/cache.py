"""What a notebook's outputs depend on, so that the main job reruns a notebook only when that changed.

A notebook reruns only when its cells, the package modules it imports (followed through the package's own
imports) or the processed tables it reads changed (:func:`cache_key`), or its figures are gone
(:func:`figures_present`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from ..paths import PACKAGE_DIR, layout

#: Names exported by ``analysis/__init__`` that are modules elsewhere in the package.
ALIASES = {"analysis.claims": "analysis.notebooks.claims", "analysis.results": "analysis.notebooks.results"}


_TABLE_CALL = re.compile(r"datasets\.(\w+)\(")


def _cells(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, read as plain JSON (fast; no schema validation)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in nb["cells"]
    ]


def tables_read(path: Path) -> list[str]:
    """Processed tables a notebook loads (``datasets.<table>()`` calls in its code)."""
    names = set()
    for kind, source in _cells(path):
        if kind == "code":
            names.update(_TABLE_CALL.findall(source))
    return sorted(names)


def _module_file(name: str) -> Path | None:
    """The source file of a module ``analysis.x.y`` (package ``__init__`` for a package), or None."""
    name = ALIASES.get(name, name)
    if not name.startswith("analysis"):
        return None
    parts = name.split(".")[1:]
    if not parts:
        return PACKAGE_DIR / "__init__.py"
    rel = Path(*parts)
    for candidate in (PACKAGE_DIR / rel.with_suffix(".py"), PACKAGE_DIR / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Absolute names of every ``analysis`` module ``tree`` imports (anywhere, lazy imports included)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                pkg = ".".join(base + ([node.module] if node.module else []))
            else:
                pkg = node.module or ""
            out.add(pkg)
            out.update(f"{pkg}.{a.name}" for a in node.names)  # `from pkg import module`
    return {n for n in out if n.split(".")[0] == "analysis"}


@lru_cache(maxsize=None)
def _module_imports(path: Path, name: str, mtime_ns: int) -> frozenset[str]:
    """The ``analysis`` modules one module file imports, parsed once per version of the file (every notebook's
    cache key follows the same modules)."""
    return frozenset(_imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"))


def modules_used(code: str) -> list[Path]:
    """Package source files that ``code`` (a notebook's cells) depends on: the modules it imports, the
    modules those import, and so on; with each package's ``__init__`` and the tables beside those modules
    (``analysis.data``: catalog and reference tables; ``analysis.figures``: figure labels, Chinese
    publication names)."""
    todo = list(_imports(ast.parse(code), "__notebook__", False))
    seen: dict[Path, str] = {}
    while todo:
        name = todo.pop()
        name = ALIASES.get(name, name)
        path = _module_file(name)
        if path is None or path in seen:
            continue
        seen[path] = name
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages' __init__
        todo.extend(_module_imports(path, name, path.stat().st_mtime_ns))
    files = set(seen)
    for folder in {p.parent for p in seen}:  # tables read by the modules: the catalog, references, figure labels
        found = folder.rglob("*") if folder == PACKAGE_DIR / "data" else folder.glob("*")
        files.update(p for p in found if p.suffix in (".toml", ".csv") and p.is_file())
    return sorted(files)


def cache_key(src: Path, root=None) -> str:
    """What a notebook's outputs depend on: its cells' sources (and its paired ``.py``), the package modules it
    imports (see :func:`modules_used`), and the processed tables it reads plus datapackage.json (sources of
    figures)."""
    lay = layout(root)
    h = hashlib.sha256()
    cells = _cells(src)
    for kind, source in cells:
        h.update(kind.encode() + b"\0" + source.encode("utf-8") + b"\0")
    text = src.with_suffix(".py")  # an edit of the text version makes the notebook stale (and is checked then)
    h.update(text.read_bytes() if text.is_file() else b"<no text version>")
    code = "\n".join(_strip_magics(s) for k, s in cells if k == "code")
    for p in modules_used(code):
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode() + p.read_bytes())
    data = [lay.processed / "datapackage.json"]
    data += [lay.processed / f"{t}.parquet" for t in tables_read(src) if t not in ("trace", "raw_sources")]
    for p in data:
        h.update(p.name.encode() + (p.read_bytes() if p.is_file() else b"<missing>"))
    return h.hexdigest()


def _strip_magics(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def figures_present(name: str, figures_dir: Path) -> bool:
    manifest = figures_dir / "manifest.json"
    if not manifest.is_file():
        return False
    entries = [e for e in json.loads(manifest.read_text(encoding="utf-8")).values() if e["notebook"] == name]
    return bool(entries) and all((figures_dir / f).is_file() for e in entries for f in e["files"])
