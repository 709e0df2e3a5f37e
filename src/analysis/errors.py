"""Errors that tell the reader which file, row and column to open."""

from __future__ import annotations


class DataError(ValueError):
    """A raw or processed value that breaks a rule.

    The message names the file, the row (the line number in the CSV file, the
    header being line 1), the column, the offending value and what was expected,
    so that the reader knows exactly what to open.
    """

    def __init__(self, file: str, row: int | str | None, column: str | None, value: object, expected: str):
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        where = [f"file {file}"]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: value {value!r}; expected {expected}")


class ChecksumError(DataError):
    """A raw file whose bytes differ from the sha256 recorded in the manifest."""


class ValidationFailed(ValueError):
    """One or more checks failed; ``problems`` lists every failure (each names file, row, column, value)."""

    what = "validation check(s) failed"

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:40])
        more = f"\n  … and {len(self.problems) - 40} more" if len(self.problems) > 40 else ""
        super().__init__(f"{len(self.problems)} {self.what}; nothing was written:\n{shown}{more}")


class ReadFailed(ValidationFailed):
    """Raw cells or files that could not be read: every problem of every file, reported together."""

    what = "problem(s) reading the raw files"


class NotebookFailed(RuntimeError):
    """One or more notebooks stopped: ``failures`` holds one line each (notebook, cell, error), e.g. a
    claim that no longer holds."""

    def __init__(self, failures: list[str]):
        self.failures = list(failures)
        super().__init__("\n".join(self.failures))
