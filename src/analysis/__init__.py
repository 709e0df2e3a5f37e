"""Rural social insurance, premiums and incomes in China: data, checks and figures.

Modules: ``paths`` (where things live), ``regions`` (province names and codes),
``parsing`` (printed numbers and units), ``manifest`` (raw files and checksums),
``catalog`` (indicators and table families), ``readers`` (one per table family),
``harmonise`` (concepts, breaks, preferred sources), ``metrics`` (derived
measures), ``validate`` (checks), ``build`` (the pipeline), ``datasets``
(loading processed tables), ``cli`` (the command line).
"""

__version__ = "0.1.0"
