"""A browsable report: every executed notebook as HTML, with an index of notebooks, figures and sources.

``python -m analysis report`` (``make report``) writes ``reports/html/<notebook>.html`` and
``reports/index.html`` from the notebooks executed into ``build/notebooks/`` by ``make all``.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

from ..paths import layout


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "untitled"


def _question(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "**Question.**" in cell.source:
            text = cell.source.split("**Question.**", 1)[1].split("**Answer.**", 1)[0]
            return " ".join(text.split())
    return ""


def _manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def build_report(notebooks_dir: Path, figures_dir: Path, processed_dir: Path, dest: Path) -> Path:
    """Render each executed notebook to HTML under ``dest/html`` and write ``dest/index.html``."""
    import nbformat
    from nbconvert import HTMLExporter

    notebooks = sorted(Path(notebooks_dir).glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no executed notebooks in {notebooks_dir}: run `make all` first")
    out_html = dest / "html"
    out_html.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    rows = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb)}})
        (out_html / f"{path.stem}.html").write_text(body, encoding="utf-8")
        rows.append((path.stem, _title(nb), _question(nb)))

    def rel(target: Path) -> str:
        return html.escape(os.path.relpath(target, dest))

    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>Rural social insurance in China: report</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
             "td,th{padding:.2em .6em;vertical-align:top;text-align:left}"
             "table{border-collapse:collapse}tr:nth-child(even){background:#f4f4f4}</style></head><body>",
             "<h1>Rural social insurance, premiums and incomes in China</h1>", "<h2>Notebooks</h2><ol>"]
    for stem, title, question in rows:
        parts.append(f'<li><a href="html/{html.escape(stem)}.html">{html.escape(title)}</a>'
                     f"<br><small>{html.escape(question)}</small></li>")
    parts.append("</ol><h2>Figures</h2>")
    figures, chinese = (_manifest(Path(folder)) for folder in (figures_dir, Path(figures_dir) / "zh"))
    parts.append("<table><tr><th>figure</th><th>notebook</th><th>files</th><th>source line</th>"
                 '<th lang="zh">中文 (<code>make all LANG=zh</code>)</th></tr>')

    def links(folder: Path, e: dict) -> str:
        return " ".join(f'<a href="{rel(folder / f)}">{html.escape(Path(f).suffix[1:])}</a>' for f in e["files"])

    for name, e in sorted(figures.items()):
        zh = chinese.get(name)
        in_chinese = (f'{links(Path(figures_dir) / "zh", zh)}<br><span lang="zh">{html.escape(zh["caption_source"])}'
                      "</span>" if zh else "—")
        parts.append(f"<tr><td>{html.escape(name)}</td><td>{html.escape(e['notebook'])}</td>"
                     f"<td>{links(Path(figures_dir), e)}</td><td>{html.escape(e['caption_source'])}</td>"
                     f"<td>{in_chinese}</td></tr>")
    parts.append("</table><h2>Data</h2><p>Processed tables (CSV; Parquet beside them; described in "
                 f'<a href="{rel(Path(processed_dir) / "datapackage.json")}">datapackage.json</a>):</p><ul>')
    pkg = json.loads((Path(processed_dir) / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        parts.append(f'<li><a href="{rel(Path(processed_dir) / res["path"])}">{html.escape(res["name"])}</a></li>')
    parts.append("</ul><h2>Sources</h2><table><tr><th>raw file</th><th>publication</th><th>table</th>"
                 "<th>tier</th><th>address</th></tr>")
    seen = set()
    for res in pkg["resources"]:
        for s in res["sources"]:
            if s["path"] in seen or not s["path"].startswith("data/raw/"):
                continue
            seen.add(s["path"])
            url = html.escape(s["url"])
            link = f'<a href="{url}">{url}</a>' if url.startswith("http") else url
            parts.append(f"<tr><td>{html.escape(s['path'])}</td><td>{html.escape(s['title'])}</td>"
                         f"<td>{html.escape(s['table'])}</td><td>{html.escape(s['tier'])}</td><td>{link}</td></tr>")
    parts.append("</table><p>Cite the original publication, table and data year with its address, then the raw "
                 "file and row (data/raw/README.md, “How to cite”).</p></body></html>")
    index = dest / "index.html"
    index.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return index


def report(root=None) -> Path:
    lay = layout(root)
    return build_report(lay.executed, lay.figures, lay.processed, lay.reports)
