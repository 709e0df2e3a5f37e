"""Notebook tooling: helpers used inside the notebooks (``helpers``), checked claims (``claims``) and
key results (``results``), the incremental runner (``runner``), the HTML report (``report``) and the
JupyterLab check (``lab``). Nothing is imported here, so ``import analysis.notebooks.x`` stays cheap."""
