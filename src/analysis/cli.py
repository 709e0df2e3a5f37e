"""Command line: ``python -m analysis <command>`` (``--help`` lists the commands, each has its own ``--help``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError, NotebookFailed, ValidationFailed
from .languages import LANGS


def _build(args) -> int:
    from .data.build import build, stderr_progress
    out = build(args.root, stderr_progress)
    print(f"data build complete: {out}")
    return 0


def _check(args) -> int:
    from .data.build import compute, stderr_progress
    tables, _ = compute(args.root, stderr_progress)
    sums = tables["sum_checks"]
    for r in sums[sums["status"] == "reported"].itertuples():
        print(f"reported: {r.source_file} {r.year} {r.indicator}: provinces {r.sum_printed_unit:g} vs printed total "
              f"{r.total_printed} ({r.note})")
    print(f"all checks passed ({len(tables['province_year_long'])} values, {len(sums)} sum checks); nothing written")
    return 0


def _sources(args) -> int:
    from . import datasets
    from .data.catalog import indicators
    long = datasets.province_year_long(args.root)
    long = long[long["value"].notna()]
    meta = {r["path"]: r for r in datasets.package(args.root)["resources"][0]["sources"]}
    spans = long.groupby(["indicator", "source_file"])["year"].agg(["min", "max"])
    for code, d in indicators().items():
        if code not in spans.index.get_level_values(0):
            continue
        print(f"{code} — {d['label']} [{d['unit']}]")
        for f, (lo, hi) in spans.loc[code].iterrows():
            m = meta[f]
            span = f"{lo}" if lo == hi else f"{lo}–{hi}"
            print(f"    {span}: {m['title']} {m['table']} ({m['tier']}) {m['url'] or '(address per row)'} — {f}")
    return 0


def _claims(args) -> int:
    from .notebooks import claims
    recorded = claims.load(claims.claims_dir(args.root))
    if not recorded:
        print(f"error: no claims recorded in {claims.claims_dir(args.root)}: run `make all` first", file=sys.stderr)
        return 1
    listing = [{"notebook": nb, "id": c["id"], "sentence": c["sentence"], "holds": c["holds"],
                "numbers": c["numbers"], "margin": c.get("margin"), "knife_edge": c.get("knife_edge"),
                "word": (c.get("finding") or {}).get("word")} for nb, items in recorded.items() for c in items]
    false = sum(not c["holds"] for c in listing)
    if args.format == "json":
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 1 if false else 0
    for c in listing:
        numbers = ", ".join(f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v!r}"
                            for k, v in c["numbers"].items())
        status = "holds" if c["holds"] else "DOES NOT HOLD"
        print(f"{c['notebook']}  {c['id']}  {status}: {c['sentence']}  ({numbers})  {_margin_text(c)}")
    total = len(listing)
    print(f"{total} claims in {len(recorded)} notebooks; {false} do not hold")
    return 1 if false else 0


def _margin_text(claim: dict) -> str:
    """How far a listed claim is from failing: its margin, knife-edge flagged, or why there is none."""
    if claim["word"] is None:
        return "margin: none (a plain boolean, not a vocabulary finding)"
    if claim["margin"] is None:
        return "margin: none (a number is missing)"
    return f"margin: {claim['margin']:.1%}" + (" KNIFE-EDGE" if claim["knife_edge"] else "")


def _notebooks(args) -> int:
    from .notebooks.runner import run_all
    run_all(args.root, accept=args.accept, progress=lambda m: print(m, file=sys.stderr, flush=True))
    return 0


def _run(args) -> int:
    from .notebooks.runner import check_parameters, in_notebooks_folder, run_one
    from .paths import layout
    notebook = in_notebooks_folder(Path(args.notebook), args.root)
    params = check_parameters(notebook, dict(args.parameter or []))
    out_dir = Path(args.output) if args.output else layout(args.root).runs
    print(f"executing {args.notebook} with {params or 'default parameters'} ...", file=sys.stderr, flush=True)
    dest = run_one(notebook, params, out_dir)
    print(f"wrote {dest}")
    return 0


def _outside_data(dest: str, root) -> Path:
    """``dest`` resolved, refusing the data folders (raw data are read-only; processed data are the build's)."""
    from .paths import layout
    lay = layout(root)
    resolved = Path(dest).resolve()
    for folder in (lay.raw, lay.processed):
        if resolved.is_relative_to(folder.resolve()):
            raise ValueError(f"{dest}: inside {folder.relative_to(lay.root)}, which only the build writes; "
                             "choose another folder (e.g. exports/ or a folder of your paper)")
    return resolved


def _export(args) -> int:
    from .data.export import export
    if args.dest:
        _outside_data(args.dest, args.root)
    out = export(args.root, args.dest, tuple(args.format))
    print(f"exported processed tables ({', '.join(args.format)}) and datapackage.json to {out}")
    return 0


def _figures(args) -> int:
    import json
    import shutil
    from .figures.labels import text
    from .paths import layout
    lay = layout(args.root)
    if args.lang:  # bring that language's set up to date first (notebooks rerun only where something changed)
        from .notebooks.runner import run_all
        if not (lay.processed / "datapackage.json").is_file():
            print("error: data/processed/ is not built: run `make all` first", file=sys.stderr)
            return 1
        run_all(args.root, progress=lambda m: print(m, file=sys.stderr, flush=True), lang=args.lang)
    lang = args.lang or "en"
    folder = lay.figures if lang == "en" else lay.figures / lang
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        print(f"error: {manifest} does not exist: run `make all` first", file=sys.stderr)
        return 1
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    dest = _outside_data(args.copy, args.root) if args.copy else None
    names = args.names or sorted(entries)
    for name in names:
        if name not in entries:
            print(f"error: no figure named {name!r}; known: {', '.join(sorted(entries))}", file=sys.stderr)
            return 1
        e = entries[name]
        print(f"{name}  (notebook {e['notebook']}; files: {', '.join(e['files'])})\n    "
              f"{text('source', e.get('lang', 'en'))}{e['caption_source']}")
        if dest is not None:
            dest.mkdir(parents=True, exist_ok=True)
            for f in e["files"]:
                shutil.copyfile(folder / f, dest / f)
            (dest / f"{name}.txt").write_text(caption_text(name, e), encoding="utf-8")
    if args.copy:
        print(f"copied {len(names)} figure(s) to {args.copy}")
    return 0


def caption_text(name: str, entry: dict) -> str:
    """What goes under a copied figure in a paper, in the figure's language: its source line, parameters and
    raw files."""
    from .figures.labels import stated, text
    lang = entry.get("lang", "en")
    lines = [text("caption_figure", lang, name=name, notebook=entry["notebook"]),
             text("source", lang) + entry["caption_source"]]
    if entry.get("parameters"):
        lines.append(text("assumptions", lang) + stated(entry["parameters"], lang))
    lines.append(text("caption_raw_files", lang) + ", ".join(entry["sources"]))
    return "\n".join(lines) + "\n"


def _summary(args) -> int:
    from .notebooks.summary import summary_lines
    for line in summary_lines(Path(args.run), Path(args.junit) if args.junit else None, args.root):
        print(line)
    return 0


def _report(args) -> int:
    from .notebooks.report import report
    print(f"report written: {report(args.root)}")
    return 0


def _lab_check(args) -> int:
    from .notebooks.lab import check_renders
    seen = check_renders(args.notebook, args.root)
    print(f"rendered {args.notebook}: {seen['cells']} cells, {seen['images']} images, kernel {seen['kernel']!r}; "
          f"screenshot {seen['screenshot']}")
    return 0


def _kernel(args) -> int:
    from .notebooks.runner import ensure_kernel
    print(f"project kernel installed: {ensure_kernel()}")
    return 0


def _hash(args) -> int:
    from .data.manifest import sha256_of
    for p in args.paths:
        if not Path(p).is_file():
            what = "a folder" if Path(p).is_dir() else "missing"
            raise ValueError(f"{p}: {what}; hash takes raw files, e.g. python -m analysis hash data/raw/yearbook/x.csv")
    from .data.manifest import header_text
    from .data.readers import read_records
    for p in args.paths:
        records = read_records(Path(p))
        rows = sum(1 for r in records[1:] if any(c.strip() for c in r))
        print(f"{sha256_of(Path(p))}  {p}\n    rows: {rows}\n    header: {header_text(records[0])}")
    return 0


#: The commands: name, function, what it does (its --help), and its own arguments as (flags, options).
COMMANDS = [
    ("build", "_build", "verify raw checksums, read, validate and write data/processed/ (progress per table)", []),
    ("check", "_check", "run every validation check and report; writes nothing", []),
    ("sources", "_sources", "list each processed indicator with the publications it comes from", []),
    ("notebooks", "_notebooks", "execute every notebook into build/notebooks/ (references untouched)",
     [(["--accept"], {"action": "store_true",
                      "help": "also write the executed outputs back into notebooks/ as the new references"})]),
    ("run", "_run", "execute one notebook with parameters into build/runs/ (the committed notebook is never "
     "overwritten)",
     [(["notebook"], {"help": "path of the notebook, e.g. notebooks/08-scenarios.ipynb"}),
      (["-p", "--parameter"], {"nargs": 2, "action": "append", "metavar": ("NAME", "VALUE"),
                               "help": "set a parameter of the cell tagged 'parameters' (repeatable); NAME must be "
                                       "one of its names, VALUE is read by the type of its default (a province in "
                                       "English, pinyin or Chinese)"}),
      (["--output"], {"help": "folder for the executed notebook (default build/runs/)"})]),
    ("export", "_export", "write the processed tables as CSV, Parquet and Stata .dta (variable and value labels) "
     "with a datapackage.json, for Stata and R users",
     [(["--dest"], {"help": "output folder (default exports/)"}),
      (["--format"], {"nargs": "+", "choices": ["csv", "parquet", "dta"], "default": ["csv", "parquet", "dta"]})]),
    ("figures", "_figures", "list the exported figures with their notebook and caption source line; --copy DIR "
     "copies them (PDF, SVG, PNG, caption text) for a paper; --lang zh first writes the Chinese set into "
     "reports/figures/zh/",
     [(["names"], {"nargs": "*", "help": "figure names (default: all)"}),
      (["--copy"], {"metavar": "DIR", "help": "copy the figures' files into DIR"}),
      (["--lang"], {"choices": list(LANGS), "help": "bring the figures in this language up to date first (every "
                    "notebook run with FIGURE_LANG set; only those whose inputs changed), then list or copy them; "
                    "zh: reports/figures/zh/"})]),
    ("claims", "_claims", "list every claim the notebooks recorded in their last run (notebook, id, sentence, "
     "holds, numbers, margin); exit 1 if any does not hold",
     [(["--format"], {"choices": ["text", "json"], "default": "text",
                      "help": "json: a list of objects with notebook, id, sentence, holds, numbers, margin"})]),
    ("summary", "_summary", "what moved in a test run: key results, claims, notebook cells, and raw files changed "
     "since the references were accepted (make test prints it at the end)",
     [(["--run"], {"default": "build/test-run", "help": "folder of the test run (default build/test-run)"}),
      (["--junit"], {"help": "JUnit report of the notebook stage"})]),
    ("report", "_report", "render the executed notebooks to HTML with an index of notebooks, figures and sources "
     "(reports/index.html)", []),
    ("lab-check", "_lab_check", "start JupyterLab on loopback, open a notebook in headless Chromium and check that "
     "it renders with the project kernel (screenshot in build/lab/)",
     [(["notebook"], {"nargs": "?", "default": "01-data-coverage.ipynb"})]),
    ("kernel", "_kernel", "install the project's Jupyter kernel inside this environment", []),
    ("hash", "_hash", "print the sha256, data rows and header of raw files, for a new manifest row (columns sha256, "
     "rows, header; writes nothing)", [(["paths"], {"nargs": "+"})]),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Rural social insurance in China: data build and checks.")
    parser.add_argument("--root", default=None, help="project folder holding data/raw (default: this checkout)")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text, arguments in COMMANDS:
        command = sub.add_parser(name, help=text, description=text)
        for flags, options in arguments:
            command.add_argument(*flags, **options)
        command.set_defaults(func=globals()[func])
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as exc:  # noqa: BLE001 - every failure is reported in one line; --debug shows the traceback
        if args.debug:
            raise
        for line in error_lines(exc):
            print(f"error: {line}", file=sys.stderr)
        return 1


def error_lines(exc: Exception) -> list[str]:
    """What to tell the user about a failure, one line per problem, never a traceback."""
    if isinstance(exc, NotebookFailed):
        return exc.failures
    if isinstance(exc, (DataError, ValidationFailed, ValueError, FileNotFoundError)):
        return [str(exc)]
    if isinstance(exc, OSError):  # a read-only or full disk, a folder where a file was expected, …
        return [f"{exc.filename or ''}: {exc.strerror or exc} (check the folder's permissions and free space; "
                "--debug shows the traceback)"]
    return [f"{type(exc).__name__}: {exc} (run with --debug for the traceback)"]
