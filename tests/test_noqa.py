"""The CLI's noqa handling agrees with flake8's rules."""

import pytest

from flake8_neveragain.review.noqa import is_suppressed, line_texts, remove_suppressed


@pytest.mark.parametrize(
    ("code", "comment", "suppressed"),
    [
        ("NEV102", "x = 1  # noqa", True),
        ("NEV102", "x = 1  # NOQA", True),
        ("NEV102", "x = 1  # noqa: NEV102", True),
        ("NEV102", "x = 1  # noqa:NEV102", True),
        ("NEV102", "x = 1  # noqa: NEV1", True),
        ("NEV102", "x = 1  # noqa: E501,NEV102", True),
        ("NEV102", "x = 1  # noqa: NEV101", False),
        ("NEV102", "x = 1  # noqa: E501", False),
        ("NEV102", "x = 1", False),
        # No colon: flake8 treats this as a blanket noqa.
        ("NEV102", "x = 1  # noqa NEV101", True),
    ],
)
def test_inline_noqa(code, comment, suppressed):
    assert is_suppressed(code, comment) is suppressed


def test_multiline_string_shares_its_noqa():
    source = 'x = """\nrace\n"""  # noqa: NEV101\ny = 1\n'
    texts = line_texts(source)
    assert "noqa" in texts[1] and "noqa" in texts[2]
    assert "noqa" not in texts[4]


def test_noqa_on_other_line_of_a_call_does_not_apply():
    source = "religion = models.CharField(\n    max_length=10,  # noqa: NEV102\n)\n"
    kept = remove_suppressed([(1, "NEV102")], source, lambda i: i[0], lambda i: i[1])
    assert kept == [(1, "NEV102")]


def test_file_level_noqa_silences_everything():
    source = "# flake8: noqa\nreligion = models.CharField()\n"
    assert remove_suppressed([(2, "NEV102")], source, lambda i: i[0], lambda i: i[1]) == []


def test_untokenisable_source_falls_back_to_physical_lines():
    source = 'x = "unterminated  # noqa\ny = (\n'
    assert remove_suppressed([(1, "NEV101"), (2, "NEV101")], source, lambda i: i[0], lambda i: i[1]) == [(2, "NEV101")]
