"""--select / --extend-select / --ignore decide like flake8 does."""

import pytest

from flake8_neveragain.config.selection import CodeSelection


@pytest.mark.parametrize(
    ("kwargs", "on", "off"),
    [
        ({}, ["NEV101", "NEV102", "NEV103", "NEV201"], ["NEV104", "NEV105", "NEV106"]),
        ({"extend_select": ["NEV104"]}, ["NEV101", "NEV104"], ["NEV105", "NEV106"]),
        # An explicit prefix beats the default ignore, as in flake8.
        ({"extend_select": ["NEV"]}, ["NEV104", "NEV105", "NEV106"], []),
        ({"select": ["NEV102"]}, ["NEV102"], ["NEV101", "NEV103", "NEV104"]),
        ({"ignore": ["NEV103"]}, ["NEV101", "NEV104"], ["NEV103"]),
        ({"extend_ignore": ["NEV1"]}, ["NEV201"], ["NEV101", "NEV103"]),
        # Both explicit: the longer prefix wins.
        ({"select": ["NEV1"], "ignore": ["NEV103"]}, ["NEV101"], ["NEV103", "NEV201"]),
        ({"select": ["NEV103"], "ignore": ["NEV1"]}, ["NEV103"], ["NEV101"]),
        ({"select": ["nev101"]}, ["NEV101"], ["NEV102"]),
    ],
)
def test_selection_matches_flake8_semantics(kwargs, on, off):
    selection = CodeSelection(**kwargs)
    assert [code for code in on if not selection.is_selected(code)] == []
    assert [code for code in off if selection.is_selected(code)] == []
