"""The figure comparison of the notebook stage: another machine's float noise passes; a moved label, a changed
bar and a one-character text change each fail (drawn for real with matplotlib, as the notebooks draw)."""

import io

import matplotlib
import numpy as np
import pytest

from analysis.figures.compare import PIXEL_TOLERANCE, compare_png, write_difference

matplotlib.use("Agg")


def render(bars=(3.0, 5.0, 4.0), label_at=(1.0, 5.2), title="Burden 2022", slope=0.5) -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2), dpi=150)
    ax.bar(["East", "Central", "West"], bars, color="#4477aa")
    ax.plot([-0.5, 2.5], [1, 1 + 3 * slope], color="#222222", lw=0.8)
    ax.annotate("Gansu", label_at, fontsize=7)
    ax.set_title(title, fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def test_an_identical_rendering_passes():
    d = compare_png(render(), render())
    assert d.passed and d.moved == 0 and d.largest == 0


def test_the_float_noise_of_another_cpu_passes():
    """A fitted line whose slope differs in the last digits, as BLAS kernels of another CPU give, and a few
    pixels changed by one level (what such a line does to anti-aliased edges)."""
    a = render(slope=-0.024223506026947374)
    b = render(slope=-0.024223506026947384)
    import matplotlib.image as mpimg
    pixels = mpimg.imread(io.BytesIO(b), format="png")
    rng = np.random.default_rng(0)
    rows, cols = rng.integers(0, pixels.shape[0], 20), rng.integers(0, pixels.shape[1], 20)
    pixels[rows, cols, 0] = np.clip(pixels[rows, cols, 0] + np.where(pixels[rows, cols, 0] > 0.5, -1, 1) / 255, 0, 1)
    buf = io.BytesIO()
    mpimg.imsave(buf, pixels, format="png")
    d = compare_png(a, buf.getvalue())
    assert d.passed, d.describe()
    assert 0 < d.largest <= 1


@pytest.mark.parametrize("change", [
    {"label_at": (1.0, 5.25)},             # the label moved by a twentieth of a bar unit (about half a point)
    {"bars": (3.0, 5.0, 4.1)},             # one bar changed by 2.5%
    {"title": "Burden 2023"},              # one character of the title
])
def test_a_change_a_reader_could_see_fails(change):
    d = compare_png(render(), render(**change))
    assert not d.passed and d.moved > 0 and d.largest > PIXEL_TOLERANCE
    assert d.describe().startswith(f"{d.moved} of {d.total} pixels differ by more than {PIXEL_TOLERANCE}/255")


def test_a_changed_size_fails_and_says_so():
    import matplotlib.pyplot as plt
    fig, _ = plt.subplots(figsize=(3, 2.1), dpi=150)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    d = compare_png(render(), buf.getvalue())
    assert not d.passed and d.describe() == "figure size changed from 450×300 to 450×315 pixels"


def test_the_difference_images_are_written_beside_each_other(tmp_path):
    path = write_difference(tmp_path, "04-regions Cell 11", render(), render(title="Burden 2023"))
    assert path == tmp_path / "04-regions_Cell_11-difference.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "04-regions_Cell_11-difference.png", "04-regions_Cell_11-reference.png", "04-regions_Cell_11-this-run.png"]
