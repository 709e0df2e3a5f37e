"""Command line: ``python -m analysis <command>`` (``--help`` lists the commands, each has its own ``--help``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import DataError, NotebookFailed, ValidationFailed
from .languages import LANGS
from .paths import RAW_DIR, language_folder, raw_file


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
        print(
            f"reported: {r.source_file} {r.year} {r.indicator}: provinces {r.sum_printed_unit:g} vs printed total "
            f"{r.total_printed} ({r.note})"
        )
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
        print(f"{code} — {d['name']['en']} [{d['unit']}]")
        for f, (lo, hi) in spans.loc[code].iterrows():
            m = meta[f]
            span = f"{lo}" if lo == hi else f"{lo}–{hi}"
            print(f"    {span}: {m['title']} {m['table']} ({m['tier']}) {m['url'] or '(address per row)'} — {f}")
    return 0


def _claims(args) -> int:
    from .notebooks import claims
    from .notebooks.vocabulary import falsifiers

    folder = Path(args.run) / "claims" if args.run else claims.claims_dir(args.root)
    recorded = claims.load(folder)
    if not recorded:
        advice = (
            "give the folder that holds results/ or claims/ of that run (its OUTPUT_DIR, or build/runs/<run>)"
            if args.run
            else "run `make all` first"
        )
        print(f"error: no claims recorded in {folder}: {advice}", file=sys.stderr)
        return 1
    answers = {nb: claims.notebook_answer(claims.notebook_file(nb, args.root)) for nb in recorded}
    listing = [
        {
            "notebook": nb,
            "id": c["id"],
            "sentence": c["sentence"],
            "holds": c["holds"],
            "numbers": c["numbers"],
            "margin": c.get("margin"),
            "knife_edge": c.get("knife_edge"),
            "word": (c.get("finding") or {}).get("word"),
            "in_answer": c["id"] in claims.markers(answers[nb]),
            "falsified_by": falsifiers(c["finding"]) if c.get("finding") else None,
        }
        for nb, items in recorded.items()
        for c in items
    ]
    false = sum(not c["holds"] for c in listing)
    problems = [  # the Answers of the collection's notebooks (a scratch notebook's claims have none to check)
        f"{nb}: {p}"
        for nb, items in recorded.items()
        if claims.notebook_file(nb, args.root).is_file()
        for p in claims.answer_problems(answers[nb], {c["id"] for c in items})
    ]
    if args.format == "json":
        print(json.dumps(listing, indent=2, ensure_ascii=False))
    else:
        for c in listing:
            numbers = ", ".join(
                f"{k}={v:.6g}" if isinstance(v, float) else f"{k}={v!r}" for k, v in c["numbers"].items()
            )
            status = "holds" if c["holds"] else "DOES NOT HOLD"
            print(f"{c['notebook']}  {c['id']}  {status}: {c['sentence']}  ({numbers})  {_margin_text(c)}")
        fixed = [f"{c['notebook']} {c['id']}" for c in listing if c["in_answer"] and c["falsified_by"] == []]
        if fixed:
            print("Answer claims that no plausible change of one of their inputs makes false: " + "; ".join(fixed))
        print(f"{len(listing)} claims in {len(recorded)} notebooks; {false} do not hold")
    for p in problems:
        print(f"error: Answer of {p}", file=sys.stderr)
    return 1 if false or problems else 0


def _margin_text(claim: dict) -> str:
    """How far a listed claim is from failing: its margin, knife-edge flagged, or why there is none."""
    if claim["word"] is None:
        return "margin: none (a plain boolean, not a vocabulary finding)"
    if claim["margin"] is None:
        return "margin: none (a number is missing)"
    return f"margin: {claim['margin']:.1%}" + (" KNIFE-EDGE" if claim["knife_edge"] else "")


def _notebooks(args) -> int:
    from .notebooks.runner import run_all
    from .paths import layout

    executed = []

    def progress(message: str) -> None:
        executed.extend(message.split()[1:2] if message.startswith("executing ") else [])
        print(message, file=sys.stderr, flush=True)

    run_all(args.root, accept=args.accept, progress=progress)
    lay = layout(args.root)
    if executed and not args.accept:  # a run that differs from the accepted references says what moved
        from .notebooks.summary import anything_moved, summary_lines

        lines = summary_lines(lay.results, root=args.root, executed=lay.executed, images=lay.build / "image-diffs")
        if anything_moved(lines):
            print(
                "\n".join(
                    lines
                    + [
                        "(the stored references in notebooks/ differ from this run: if the change is "
                        "intended, `make accept`)"
                    ]
                ),
                file=sys.stderr,
            )
    print(
        f"figures: {lay.figures}/  executed notebooks: {lay.executed}/  key results and claims: {lay.results}/"
        f"  (`make report` builds the offline book: {lay.reports}/book/index.html)",
        file=sys.stderr,
    )
    return 0


def _diff(args) -> int:
    from .notebooks.summary import summary_lines
    from .paths import layout

    lay = layout(args.root)
    run = Path(args.run) if args.run else lay.results
    executed = Path(args.executed) if args.executed else (None if args.run else lay.executed)
    for line in summary_lines(run, None, args.root, executed, lay.build / "image-diffs", partial=bool(args.run)):
        print(line)
    return 0


def _run(args) -> int:
    from .notebooks.runner import check_parameters, in_notebooks_folder, run_one
    from .paths import layout

    notebook = in_notebooks_folder(Path(args.notebook), args.root)
    params = check_parameters(notebook, dict(args.parameter or []))
    out_dir = _outside_data(args.output, args.root) if args.output else layout(args.root).runs
    print(f"executing {args.notebook} with {params or 'default parameters'} ...", file=sys.stderr, flush=True)
    dest = run_one(notebook, params, out_dir)
    print(f"wrote {dest}")
    return 0


#: System folders no command writes into (the folder itself or anything below it); ``/`` itself too.
SYSTEM_FOLDERS = (
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var/lib",
    "/var/log",
    "/var/spool",
)


def _outside_data(dest: str, root) -> Path:
    """``dest`` resolved, refusing the folders no command may write into: ``data/raw/`` (read-only),
    ``data/processed/`` and its build folders (only the build writes them), ``notebooks/`` (the committed
    references: a notebook written there becomes one more notebook of ``make all``), and system folders."""
    from .paths import layout

    lay = layout(root)
    resolved = Path(dest).resolve()
    folders = [
        (lay.raw, f"{RAW_DIR}, which is read-only"),
        (lay.processed, "data/processed, which only the build writes"),
        (
            lay.notebooks,
            "notebooks, which holds the committed notebooks (a notebook written there becomes one "
            "more notebook of make all)",
        ),
    ]
    if lay.processed.is_symlink():
        folders.append((lay.processed.resolve(), "data/processed, which only the build writes"))
    for folder, what in folders:
        if resolved.is_relative_to(folder.resolve()):
            raise ValueError(
                f"{dest}: inside {what}; choose another folder (e.g. exports/, build/runs/ or a folder of your paper)"
            )
    if resolved == Path(resolved.anchor) or any(resolved.is_relative_to(f) for f in SYSTEM_FOLDERS):
        raise ValueError(
            f"{dest}: a system folder; choose a folder of your own (e.g. exports/ or a folder of your paper)"
        )
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
    from . import references
    from .figures.labels import ambiguous_chinese, missing_translations, text
    from .paths import layout

    lay = layout(args.root)
    dest = _outside_data(args.copy, args.root) if args.copy else None  # refused before anything runs
    if args.lang:  # bring that language's set up to date first (notebooks rerun only where something changed)
        from .notebooks.runner import run_all

        if not (lay.processed / "datapackage.json").is_file():
            print("error: data/processed/ is not built: run `make all` first", file=sys.stderr)
            return 1
        unusable = [f"error: label {m}: no text in this language" for m in missing_translations()]
        unusable += [f"error: one Chinese text for two English ones: {a}" for a in ambiguous_chinese()]
        if unusable:  # the label table (figures/labels.toml, the catalog's names) first: no figure is half translated
            print("\n".join(unusable), file=sys.stderr)
            return 1
        only = None
        english = lay.figures / "manifest.json"
        if args.names and english.is_file():  # only the notebooks that draw the figures asked for
            drawn = {n: e["notebook"] for n, e in json.loads(english.read_text(encoding="utf-8")).items()}
            if all(n in drawn for n in args.names):
                only = sorted({drawn[n] for n in args.names})
        run_all(args.root, progress=lambda m: print(m, file=sys.stderr, flush=True), lang=args.lang, only=only)
    lang = args.lang or "en"
    figures_dir = Path(args.figures_dir) if args.figures_dir else lay.figures
    folder = language_folder(figures_dir, lang)
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        print(f"error: {manifest} does not exist: run `make all` first", file=sys.stderr)
        return 1
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    if args.lang:  # the set just drawn meets the rules the test suite holds the English set to
        from .figures.save import layout_problems

        broken = [f"error: figure {n} ({lang}): {p}" for n, e in sorted(entries.items()) for p in layout_problems(e)]
        if broken:
            print("\n".join(broken), file=sys.stderr)
            return 1
    names = args.names or sorted(entries)
    for name in names:
        if name not in entries:
            print(f"error: no figure named {name!r}; known: {', '.join(sorted(entries))}", file=sys.stderr)
            return 1
        e = entries[name]
        print(
            f"{name}  (notebook {e['notebook']}; files: {', '.join(e['files'])})\n    "
            f"{text('source', e.get('lang', 'en'))}{e['caption_source']}"
        )
        if dest is not None:
            dest.mkdir(parents=True, exist_ok=True)
            for f in e["files"] + ([e["data"]] if e.get("data") else []):
                shutil.copyfile(folder / f, dest / f)
            references.write(dest, e["sources"], args.root, stem=name)
            (dest / f"{name}.txt").write_text(caption_text(name, e), encoding="utf-8")
    if args.copy:
        print(f"copied {len(names)} figure(s) to {args.copy}")
    return 0


def caption_text(name: str, entry: dict) -> str:
    """What goes under a copied figure in a paper, in the figure's language: its title, each panel (letter, title,
    axes with units, legend, colour scale), the source line, stated assumptions, the data file, the references
    and the raw files."""
    from .figures.labels import PUNCTUATION, stated, text

    lang = entry.get("lang", "en")
    separator, stop = PUNCTUATION[lang]
    listed = ", " if lang == "en" else "、"
    lines = [text("caption_figure", lang, name=name, notebook=entry["notebook"])]
    panels = entry.get("panels", [])
    title = entry.get("title") or (panels[0]["title"] if len(panels) == 1 else "")
    if title:
        lines.append(text("caption_title", lang) + title)
    for p in panels:
        parts = [p["title"]] if p["title"] and (len(panels) > 1 or p["title"] != title) else []
        parts += [
            text(key, lang) + p[field]
            for key, field in (
                ("caption_x", "x"),
                ("caption_y", "y"),
                ("caption_y_right", "y_right"),
                ("caption_colour", "colour_bar"),
            )
            if p.get(field)
        ]
        if p.get("legend"):
            parts.append(text("caption_legend", lang) + listed.join(p["legend"]))
        if parts:
            head = text("caption_panel", lang, letter=p["letter"]) if p["letter"] else ""
            lines.append(head + separator.join(parts) + stop.rstrip())
    lines.append(text("source", lang) + entry["caption_source"])
    if entry.get("parameters"):
        lines.append(text("assumptions", lang) + stated(entry["parameters"], lang))
    if entry.get("data"):
        lines.append(text("caption_data", lang) + entry["data"])
    lines.append(text("caption_references", lang) + f"{name}.bib, {name}.csl.json")
    lines.append(text("caption_raw_files", lang) + ", ".join(entry["sources"]))
    return "\n".join(lines) + "\n"


def _references(args) -> int:
    from . import references
    from .paths import layout

    dest = _outside_data(args.dest, args.root) if args.dest else layout(args.root).exports
    for p in references.write(dest, None, args.root):
        print(f"wrote {p}")
    return 0


def _summary(args) -> int:
    from .notebooks.summary import anything_moved, summary_lines

    lines = summary_lines(Path(args.run), Path(args.junit) if args.junit else None, args.root)
    print("\n".join(lines))
    return 1 if args.check and anything_moved(lines) else 0


def _report(args) -> int:
    from .notebooks.report import report

    print(f"book written: {report(args.root)}")
    return 0


def _lab_check(args) -> int:
    from .notebooks.lab import check_renders

    seen = check_renders(args.notebook, args.root)
    print(
        f"rendered {args.notebook}: {seen['cells']} cells, {seen['images']} images, kernel {seen['kernel']!r}; "
        f"screenshot {seen['screenshot']}"
    )
    return 0


def _lab(args) -> int:
    import os
    from .notebooks.lab import lab_options
    from .notebooks.kernel import ensure_kernel
    from .paths import layout

    ensure_kernel()
    argv = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--notebook-dir={layout(args.root).notebooks}",
        f"--ServerApp.port={args.port}",
        f"--ServerApp.ip={args.ip}",
        *lab_options(),
        *(["--allow-root"] if os.geteuid() == 0 else []),
    ]
    os.execv(sys.executable, argv)
    return 0  # not reached


def _kernel(args) -> int:
    from .notebooks.kernel import ensure_kernel

    print(f"project kernel installed: {ensure_kernel()}")
    return 0


def _hash(args) -> int:
    from .data.manifest import sha256_of
    from .paths import layout

    raw = layout(args.root).raw.resolve()
    for p in args.paths:
        if not Path(p).is_file():
            what = "a folder" if Path(p).is_dir() else "missing"
            raise ValueError(
                f"{p}: {what}; hash takes raw files, e.g. python -m analysis hash {raw_file('yearbook/x.csv')}"
            )
        if Path(p).is_symlink() or not Path(p).resolve().is_relative_to(raw):
            raise ValueError(
                f"{p}: not a file inside {raw_file()}; copy the new table into {raw_file()} first (README, "
                "adding a table, step 1), then hash it there"
            )
    from .data.manifest import header_text
    from .data.readers import read_records

    for p in args.paths:
        records = read_records(Path(p))
        rows = sum(1 for r in records[1:] if any(c.strip() for c in r))
        print(f"{sha256_of(Path(p))}  {p}\n    rows: {rows}\n    header: {header_text(records[0])}")
    return 0


#: The commands: name, function, what it does (its --help), and its own arguments as (flags, options).
COMMANDS: list[tuple[str, str, str, list[tuple[list[str], dict]]]] = [
    ("build", "_build", "verify raw checksums, read, validate and write data/processed/ (progress per table)", []),
    ("check", "_check", "run every validation check and report; writes nothing", []),
    ("sources", "_sources", "list each processed indicator with the publications it comes from", []),
    (
        "notebooks",
        "_notebooks",
        "execute every notebook into build/notebooks/ (references untouched)",
        [
            (
                ["--accept"],
                {
                    "action": "store_true",
                    "help": "also write the executed outputs back into notebooks/ as the new references",
                },
            )
        ],
    ),
    (
        "run",
        "_run",
        "execute one notebook with parameters into build/runs/ (the committed notebook is never overwritten)",
        [
            (["notebook"], {"help": "path of the notebook, e.g. notebooks/08-scenarios.ipynb"}),
            (
                ["-p", "--parameter"],
                {
                    "nargs": 2,
                    "action": "append",
                    "metavar": ("NAME", "VALUE"),
                    "help": "set a parameter of the cell tagged 'parameters' (repeatable); NAME must be "
                    "one of its names, VALUE is read by the type of its default (a province in "
                    "English, pinyin or Chinese)",
                },
            ),
            (["--output"], {"help": "folder for the executed notebook (default build/runs/)"}),
        ],
    ),
    (
        "export",
        "_export",
        "write the processed tables as CSV, Parquet and Stata .dta (variable and value labels) "
        "with a datapackage.json, for Stata and R users",
        [
            (["--dest"], {"help": "output folder (default exports/)"}),
            (["--format"], {"nargs": "+", "choices": ["csv", "parquet", "dta"], "default": ["csv", "parquet", "dta"]}),
        ],
    ),
    (
        "figures",
        "_figures",
        "list the exported figures with their notebook and caption source line; --copy DIR "
        "copies them (PDF, SVG, PNG, caption text) for a paper; --lang zh first writes the Chinese set into "
        "reports/figures/zh/",
        [
            (["names"], {"nargs": "*", "help": "figure names (default: all)"}),
            (["--copy"], {"metavar": "DIR", "help": "copy the figures' files into DIR"}),
            (
                ["--figures-dir"],
                {
                    "metavar": "DIR",
                    "help": "another run's figures (its OUTPUT_DIR/figures; default reports/figures)",
                },
            ),
            (
                ["--lang"],
                {
                    "choices": list(LANGS),
                    "help": "bring the figures in this language up to date first (every "
                    "notebook run with FIGURE_LANG set; only those whose inputs changed), then list or copy them; "
                    "zh: reports/figures/zh/",
                },
            ),
        ],
    ),
    (
        "references",
        "_references",
        "write references.bib (BibTeX) and references.csl.json (CSL-JSON): every raw "
        "file's publication, keyed by the file name, and the collection (CITATION.cff)",
        [(["--dest"], {"help": "output folder (default exports/)"})],
    ),
    (
        "claims",
        "_claims",
        "list every claim the notebooks recorded in their last run (notebook, id, sentence, "
        "holds, numbers, margin, whether the Answer states it, the smallest change of an input that makes it "
        "false); exit 1 if any does not hold or an Answer sentence has no recorded claim",
        [
            (
                ["--format"],
                {
                    "choices": ["text", "json"],
                    "default": "text",
                    "help": "json: a list of objects with notebook, id, sentence, holds, numbers, margin",
                },
            ),
            (
                ["--run"],
                {
                    "metavar": "DIR",
                    "help": "another run's results (its OUTPUT_DIR/results; default build/results)",
                },
            ),
        ],
    ),
    (
        "summary",
        "_summary",
        "what moved in a test run: key results, claims, notebook cells, and raw files changed "
        "since the references were accepted (make test prints it at the end)",
        [
            (["--run"], {"default": "build/test-run", "help": "folder of the test run (default build/test-run)"}),
            (["--junit"], {"help": "JUnit report of the notebook stage"}),
            (["--check"], {"action": "store_true", "help": "exit 1 when anything moved"}),
        ],
    ),
    (
        "diff",
        "_diff",
        "what moved since the references were accepted: key results, claims and their margins, "
        "notebook outputs (table cells, text lines, figures beyond the tolerance, with difference images in "
        "build/image-diffs/), raw files (default: the last `make all` run)",
        [
            (
                ["--run"],
                {
                    "help": "results folder of another run (e.g. build/test-run/results, or "
                    "build/runs/<run>/results of `analysis run`: only the notebooks it ran are compared)"
                },
            ),
            (["--executed"], {"help": "folder of that run's executed notebooks, to compare their outputs too"}),
        ],
    ),
    (
        "report",
        "_report",
        "build the offline book of the executed notebooks (Sphinx + MyST-NB, nothing re-run): "
        "navigation, search, numbered figures linked to their files, claims linked to the claims table, sources and "
        "datasets pages (reports/book/index.html)",
        [],
    ),
    (
        "lab-check",
        "_lab_check",
        "start JupyterLab on loopback, open a notebook in headless Chromium and check that "
        "it renders with the project kernel (screenshot in build/lab/)",
        [(["notebook"], {"nargs": "?", "default": "01-data-coverage.ipynb"})],
    ),
    (
        "lab",
        "_lab",
        "start JupyterLab on the notebooks with the project kernel only (opening a notebook never edits "
        "the committed file; the paired .py files hidden)",
        [(["--port"], {"type": int, "default": 8888}), (["--ip"], {"default": "127.0.0.1"})],
    ),
    ("kernel", "_kernel", "install the project's Jupyter kernel inside this environment", []),
    (
        "hash",
        "_hash",
        "print the sha256, data rows and header of raw files, for a new manifest row (columns sha256, "
        "rows, header; writes nothing)",
        [(["paths"], {"nargs": "+"})],
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Rural social insurance in China: data build and checks."
    )
    parser.add_argument("--root", default=None, help=f"project folder holding {RAW_DIR} (default: this checkout)")
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
    except BrokenPipeError:  # the reader went away (`… | head`): not an error of this command
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 0
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
        where = exc.filename or "(no file named by the system)"
        return [
            f"{where}: {exc.strerror or exc} (check the folder's permissions and free space; "
            "--debug shows the traceback)"
        ]
    return [f"{type(exc).__name__}: {exc} (run with --debug for the traceback)"]
