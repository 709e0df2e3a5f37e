"""The languages a figure can be drawn in, the default first. A module without imports, so that the command
line and the notebook runner can check a language without loading matplotlib (a no-op ``make all`` stays
fast); :mod:`analysis.figures.labels` holds the texts."""

LANGS = ("en", "zh")
