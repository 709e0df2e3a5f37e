"""The data pipeline, one module per stage: ``data/raw`` → readers → harmonise → derive → validate →
``data/processed``.

``manifest`` (raw files, checksums), ``catalog`` (+ ``catalog.toml``: indicators, table families,
derived columns; ``reference/``: provinces, long-format labels), ``regions`` (the one name
normaliser), ``parsing`` (printed numbers and units), ``readers`` (one per table family),
``harmonise`` (concepts, breaks, preferred source), ``derive`` (panel, series, derived columns),
``validate`` (schemas, ranges, sums), ``build`` (the whole pipeline, atomic), ``export`` (CSV,
Parquet, Stata for co-authors). Nothing here imports the figures, statistics or notebook tooling.
"""
