"""Comparing a figure with its stored reference as a reader would see it.

Two renderings of the same figure on two machines are rarely byte-identical: the BLAS kernels differ per
CPU, so a robust fit's last digits differ (−0.024223506026947374 against …384), and a line drawn from it
lands a 256th of a pixel elsewhere, changing a few pixels by one level of 255. A reader cannot see that; a
moved label, a changed bar or a changed character changes hundreds of pixels by tens of levels. So a pixel
*has moved* when one of its colour channels differs by more than :data:`PIXEL_TOLERANCE` levels, and a figure
*has moved* when at least one pixel has (or its size changed). The message printed and the pass/fail are
the same measure.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: Levels of 255 by which a colour channel may differ before the pixel counts as moved. Float noise from
#: another CPU changes pixels by exactly one level (measured: 5 to 20 pixels of a 720×374 scatter with a
#: robust fit, OPENBLAS_CORETYPE=Sandybridge against the default kernels); the smallest visible change in
#: the tests (a label moved by half a point, one character of a title) changes pixels by 40 levels or more.
PIXEL_TOLERANCE = 8


def _pixels(png: bytes) -> np.ndarray:
    """The RGB channels of a PNG as integer levels 0–255."""
    import matplotlib.image as mpimg

    rgb = mpimg.imread(io.BytesIO(png), format="png")[..., :3]
    return np.rint(rgb * 255).astype(np.int16)


@dataclass(frozen=True)
class FigureDifference:
    """How far a new rendering is from the stored one."""

    moved: int  #: pixels with a channel differing by more than the tolerance
    total: int  #: pixels in the stored figure
    largest: int  #: the largest channel difference, in levels of 255
    reference_size: tuple[int, int]  #: (width, height) of the stored figure
    size: tuple[int, int]  #: (width, height) of the new one

    @property
    def passed(self) -> bool:
        return self.size == self.reference_size and self.moved == 0

    def describe(self) -> str:
        """One line: what moved, by the measure that decides pass or fail."""
        if self.size != self.reference_size:
            return (
                f"figure size changed from {self.reference_size[0]}×{self.reference_size[1]} to "
                f"{self.size[0]}×{self.size[1]} pixels"
            )
        return (
            f"{self.moved} of {self.total} pixels differ by more than {PIXEL_TOLERANCE}/255 "
            f"({self.moved / self.total:.2%}; largest difference {self.largest}/255)"
        )


def compare_png(reference: bytes, new: bytes) -> FigureDifference:
    """Compare two PNG renderings of a figure (see the module's rule)."""
    a, b = _pixels(reference), _pixels(new)
    ref_size, size = (a.shape[1], a.shape[0]), (b.shape[1], b.shape[0])
    if ref_size != size:
        return FigureDifference(a.shape[0] * a.shape[1], a.shape[0] * a.shape[1], 255, ref_size, size)
    diff = np.abs(a - b).max(axis=2)
    return FigureDifference(int((diff > PIXEL_TOLERANCE).sum()), int(diff.size), int(diff.max()), ref_size, size)


def write_difference(folder: Path, name: str, reference: bytes, new: bytes) -> Path:
    """Write the stored figure, the new one and an image of their difference (the stored figure faded, moved
    pixels in red) as ``<name>-reference.png``, ``<name>-this-run.png`` and ``<name>-difference.png``; return
    the difference image's path."""
    import matplotlib.image as mpimg

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", name)
    (folder / f"{stem}-reference.png").write_bytes(reference)
    (folder / f"{stem}-this-run.png").write_bytes(new)
    a, b = _pixels(reference), _pixels(new)
    out = folder / f"{stem}-difference.png"
    if a.shape != b.shape:
        mpimg.imsave(out, b.astype(np.uint8))
        return out
    moved = np.abs(a - b).max(axis=2) > PIXEL_TOLERANCE
    shown = np.repeat(0.85 + 0.15 * a.mean(axis=2, keepdims=True) / 255, 3, axis=2)
    shown[moved] = (0.85, 0.1, 0.1)
    mpimg.imsave(out, shown)
    return out
