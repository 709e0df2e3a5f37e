"""What moved in a notebook's outputs, as a reader would see it: the cells of a table, the lines of a text."""

import json

import pandas as pd

from analysis.notebooks.outputs import SHOWN, notebook_differences, output_difference, table_rows


def html(frame: pd.DataFrame) -> str:
    return frame.to_html()


FRAME = pd.DataFrame({"burden": [0.031, 0.028], "income": [11000, 12000]}, index=["Gansu", "Hebei"])


class TestOutputDifference:
    def test_a_table_that_moved_is_shown_as_the_cells_that_differ(self):
        moved = FRAME.copy()
        moved.loc["Gansu", "burden"] = 0.032
        assert output_difference("text/html", html(FRAME), html(moved)) == ["row Gansu, burden: 0.031 → 0.032"]

    def test_a_table_with_a_row_more_names_it(self):
        more = pd.concat([FRAME, pd.DataFrame({"burden": [0.02], "income": [9000]}, index=["Tibet"])])
        assert output_difference("text/html", html(FRAME), html(more)) == [
            "table changed from 2 to 3 rows; rows added: Tibet"]

    def test_rows_are_matched_by_their_label_so_an_inserted_row_moves_nothing_else(self):
        moved = pd.concat([FRAME.iloc[:1], pd.DataFrame({"burden": [0.02], "income": [9000]}, index=["Anhui"]),
                           FRAME.iloc[1:]])
        moved.loc["Hebei", "income"] = 12500
        assert output_difference("text/html", html(FRAME), html(moved)) == [
            "table changed from 2 to 3 rows; rows added: Anhui", "row Hebei, income: 12000 → 12500"]

    def test_a_long_table_lists_a_few_cells_and_counts_the_rest(self):
        big = pd.DataFrame({"x": range(100)})
        out = output_difference("text/html", html(big), html(big + 1))
        assert len(out) == SHOWN + 1 and out[-1] == f"… and {100 - SHOWN} more"

    def test_text_is_shown_as_the_lines_that_differ(self):
        assert output_difference("stdout", "a\nb 0.25\nc\n", "a\nb 0.26\nc\n") == ["- b 0.25", "+ b 0.26"]

    def test_equal_outputs_give_nothing(self):
        assert output_difference("text/html", html(FRAME), html(FRAME)) == []

    def test_the_rows_of_a_table_are_read_as_text(self):
        assert table_rows(html(FRAME))[1:] == [["Gansu", "0.031", "11000"], ["Hebei", "0.028", "12000"]]


def test_notebook_differences_name_the_cell_and_mask_volatile_text(tmp_path):
    def notebook(value, path):
        cell = {"cell_type": "code", "source": "x", "metadata": {}, "execution_count": 1, "outputs": [
            {"output_type": "stream", "name": "stdout", "text": [f"share {value} from {path}\n"]}]}
        return {"cells": [{"cell_type": "markdown", "source": "# t", "metadata": {}}, cell], "metadata": {},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "a.ipynb").write_text(json.dumps(notebook("0.25", "/work/a")))
    (tmp_path / "b.ipynb").write_text(json.dumps(notebook("0.25", "/tmp/b")))
    (tmp_path / "c.ipynb").write_text(json.dumps(notebook("0.26", "/work/a")))
    import re
    clean = lambda s: re.sub(r"/(work|tmp)/\w+", "<PATH>", s)  # noqa: E731
    assert notebook_differences(tmp_path / "a.ipynb", tmp_path / "b.ipynb", clean) == []
    assert notebook_differences(tmp_path / "a.ipynb", tmp_path / "c.ipynb", clean) == [
        "a.ipynb, Cell 0 (stdout): - share 0.25 from <PATH>; + share 0.26 from <PATH>"]  # nbval's numbering
