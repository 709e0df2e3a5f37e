"""A notebook's parameters are checked in the notebook itself, so a plain papermill run and
``python -m analysis run`` accept the same values and give the same result."""

import json

import nbformat
import pytest

from analysis.notebooks.parameters import ParameterError, check, defaults, from_text
from analysis.notebooks.runner import notebook_paths
from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT)


@pytest.fixture
def notebook(tmp_path):
    cell = nbformat.v4.new_code_cell(
        'START = 2024  # a year\nGROWTH = 0.05  # a rate\nSTEP = None  # yuan; None: observed\n'
        'PROVINCE = None  # a province\nPREMIUM_GROWTH = None  # a rate; None: observed\nPREMIUM_MODEL = "yuan"  # "yuan" or "percent"\nWINDOW = (2021, 2023)  # years\n'
        'FIGURE_LANG = "en"  # figure language')
    cell.metadata["tags"] = ["parameters"]
    path = tmp_path / "99-test.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    return path


class TestCheck:
    def test_values_of_the_right_kind_pass_and_a_province_becomes_its_english_name(self, notebook):
        assert check(notebook, {"START": 2030, "GROWTH": 1, "STEP": 30, "PROVINCE": "甘肃", "WINDOW": [2020, 2022]}) == {
            "START": 2030, "GROWTH": 1, "STEP": 30, "PROVINCE": "Gansu", "WINDOW": (2020, 2022)}

    @pytest.mark.parametrize("values, message", [
        ({"START": 2030.5}, "START expects a whole number (default 2024); got 2030.5"),
        ({"START": True}, "START expects a whole number"),
        ({"GROWTH": "fast"}, "GROWTH expects a number such as 0.05 (default 0.05); got 'fast'"),
        ({"PROVINCE": "Atlantis"}, "PROVINCE: 'Atlantis' is not a province; use one of"),
        ({"PREMIUM_MODEL": "percnt"}, "PREMIUM_MODEL: 'percnt' is not one of 'yuan', 'percent'"),
        ({"FIGURE_LANG": "fr"}, "FIGURE_LANG: 'fr' is not a figure language; use one of en, zh"),
        ({"WINDOW": (2021,)}, "WINDOW expects 2 values"),
        ({"PREMIUM_GROWTH": "abc"}, "PREMIUM_GROWTH expects a number such as 0.05, or None (default None); got 'abc'"),
        ({"NOPE": 1}, "99-test.ipynb has no parameter 'NOPE'; its parameters are START, GROWTH, STEP"),
    ])
    def test_a_wrong_value_names_the_parameter_and_what_it_accepts(self, notebook, values, message):
        with pytest.raises(ParameterError, match="^" + message.replace("(", r"\(").replace(")", r"\)")
                           .replace(".", r"\.")):
            check(notebook, values)

    def test_command_line_text_is_read_by_the_type_of_the_default(self, notebook):
        assert from_text(notebook, {"START": "2030", "GROWTH": "1", "STEP": "None", "PROVINCE": "gansu"}) == {
            "START": 2030, "GROWTH": 1.0, "STEP": None, "PROVINCE": "Gansu"}
        with pytest.raises(ParameterError, match="write rates as decimals"):
            from_text(notebook, {"GROWTH": "5%"})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_sees_every_parameter_of_every_notebook(path):
    """A parameter papermill cannot see cannot be set by a plain papermill run (a comment holding '=' hid
    PRICE_BASE_YEAR in 02)."""
    import papermill
    assert list(papermill.inspect_notebook(str(path))) == list(defaults(path))


@pytest.mark.slow
def test_a_wrong_value_stops_a_plain_papermill_run_in_one_line(tmp_path):
    """The check runs inside the notebook, so papermill (which knows nothing of the project) stops on it too.
    The same route with a Chinese province name is tested with the outputs it writes, in test_notebooks.py."""
    import papermill

    from analysis.notebooks.kernel import KERNEL_NAME
    nb = ROOT / "notebooks" / "08-scenarios.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as failed:
        papermill.execute_notebook(str(nb), str(tmp_path / "bad.ipynb"),
                                   parameters={"PREMIUM_MODEL": "percnt", "OUTPUT_DIR": str(tmp_path)},
                                   kernel_name=KERNEL_NAME, cwd=str(nb.parent), progress_bar=False)
    assert failed.value.ename == "ParameterError"
    assert failed.value.evalue == "PREMIUM_MODEL: 'percnt' is not one of 'yuan', 'percent'"
