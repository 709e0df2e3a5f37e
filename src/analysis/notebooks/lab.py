"""JupyterLab on loopback, and a check that a notebook really renders in a headless browser.

``python -m analysis lab-check`` starts JupyterLab from this environment on 127.0.0.1 with a random
token, opens a notebook in Debian's Chromium (headless, driven by Playwright), waits until its cells
render and the project kernel is selected, saves a screenshot (``build/lab/``, not committed), and
stops the server.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .kernel import KERNEL_DISPLAY_NAME, KERNEL_NAME, ensure_kernel
from .execute import clean
from ..paths import layout

#: Chromium flags for a closed network (see the machine notes): no background traffic, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 120
#: Files JupyterLab does not list: the notebooks' paired .py text versions (the notebook is what a researcher
#: opens; jupytext keeps the pair in sync) besides Jupyter's own defaults.
HIDE_GLOBS = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*.so", "*.dylib", "*~", "*.py"]


def lab_options() -> list[str]:
    """JupyterLab options the project uses everywhere (``make lab`` and the browser check): the paired ``.py``
    files hidden, saving through :func:`pre_save` (so opening a notebook never edits the committed file), and
    the project kernel the only one offered."""
    import json

    return [
        f"--ContentsManager.hide_globs={json.dumps(HIDE_GLOBS)}",
        f"--ContentsManager.pre_save_hook={__name__}.pre_save",
        f"--KernelSpecManager.allowed_kernelspecs={json.dumps([KERNEL_NAME])}",
        "--KernelSpecManager.ensure_native_kernel=False",
    ]


def pre_save(model: dict, **_) -> None:
    """Jupyter's pre-save hook: a notebook is saved with the metadata the references carry (the runner's
    :func:`~analysis.notebooks.runner.clean`), not with what the kernel reports about itself (its full
    ``language_info`` with the Python version). So opening a notebook in Lab, which connects the kernel and lets
    autosave write, leaves the committed file byte for byte as it was; a real edit is still saved."""
    import nbformat

    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        model["content"] = clean(nbformat.from_dict(model["content"]))


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen


@contextmanager
def lab_server(notebook_dir: Path, log: Path, settings: dict[str, dict] | None = None):
    """A JupyterLab server on 127.0.0.1 for the duration of the block; ``settings`` (plugin id → values) are
    given to it as a fresh user's settings."""
    import json

    settings_dir = Path(tempfile.mkdtemp(prefix="lab-settings-"))
    for plugin, values in (settings or {}).items():
        package, _, name = plugin.partition(":")
        path = settings_dir / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    ensure_kernel()
    port, token = _free_port(), secrets.token_hex(16)
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                f"--ServerApp.root_dir={notebook_dir}",
                "--ServerApp.port_retries=0",
                # a fresh workspace: no tabs restored from an earlier session
                f"--LabApp.workspaces_dir={tempfile.mkdtemp(prefix='lab-workspaces-')}",
                f"--LabApp.user_settings_dir={settings_dir}",
                *lab_options(),
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            # the token goes by environment, not on the command line that every local user
            # can read in the process list
            env={**os.environ, "JUPYTER_TOKEN": token},
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {log}")
                time.sleep(0.5)
        yield Server(url, token, proc)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def check_renders(
    notebook: str = "01-data-coverage.ipynb",
    root=None,
    screenshot: Path | None = None,
    expect_text: str = "Data coverage",
) -> dict:
    """Open ``notebook`` in JupyterLab in headless Chromium; return what was seen. Raises if it does not render."""
    from playwright.sync_api import sync_playwright

    lay = layout(root)
    if not (lay.notebooks / notebook).is_file():
        raise ValueError(f"{notebook}: no such notebook in {lay.notebooks}")
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("Chromium not found: install Debian's package (apt-get install chromium)")
    screenshot = screenshot or lay.lab / f"{Path(notebook).stem}.png"
    with lab_server(lay.notebooks, lay.lab / "server.log") as server:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/lab/tree/{notebook}?token={server.token}", timeout=120_000)
            panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
            page.wait_for_selector(f"{panel} .jp-Notebook .jp-Cell", timeout=120_000)
            page.locator(f"{panel} .jp-Notebook .jp-RenderedMarkdown h1").filter(has_text=expect_text).first.wait_for(
                timeout=60_000
            )
            kernel = page.locator(f"{panel} .jp-Toolbar-kernelName").first
            kernel.wait_for(state="attached", timeout=60_000)
            page.wait_for_function(
                "document.querySelector('.jp-Toolbar-kernelName') && "
                f"document.querySelector('.jp-Toolbar-kernelName').textContent.includes({KERNEL_DISPLAY_NAME!r})",
                timeout=60_000,
            )
            page.locator(f"{panel} .jp-OutputArea-output img").first.wait_for(state="attached", timeout=60_000)
            # The kernel is connected (its websocket open and idle) before the page is judged and closed.
            page.locator(f'{panel} .jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
                state="attached", timeout=60_000
            )
            listed = page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_text_contents()
            seen = {
                "cells": page.locator(f"{panel} .jp-Notebook .jp-Cell").count(),
                "images": page.locator(f"{panel} .jp-Notebook .jp-OutputArea-output img").count(),
                "kernel": (kernel.text_content() or "").strip(),
                "screenshot": str(screenshot),
                "listed": sorted(t.strip() for t in listed),
            }
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
            browser.close()
    errors = server_errors(lay.lab / "server.log")
    if errors:
        raise RuntimeError(
            f"JupyterLab answered with a server error while rendering {notebook}: {errors[0]} "
            f"(log: {lay.lab / 'server.log'})"
        )
    return seen


def server_errors(log: Path) -> list[str]:
    """Lines of a JupyterLab log that record a 5xx answer or an uncaught exception: a page can render while the
    server fails behind it (a kernel websocket error, say), and that is a failed check."""
    import re

    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    return [
        line.strip()
        for line in text.splitlines()
        if re.search(r"\b5\d\d (GET|POST|PUT|PATCH|DELETE)\b|Uncaught exception|Traceback \(most recent", line)
    ]
