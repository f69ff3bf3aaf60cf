"""The lexicon data and its loader."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from flake8_neveragain.classify.lexicon import STRENGTHS, load_lexicon
from flake8_neveragain.classify.lexicon_source import raw_lexicon
from flake8_neveragain.classify.words import split_identifier
from flake8_neveragain.rules.registry import CATEGORIES


def _toml() -> dict:
    text = resources.files("flake8_neveragain.classify").joinpath("lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_toml_parses_and_uses_only_known_categories() -> None:
    data = _toml()
    categories = set(data) - {"tokens", "abbreviations", "flag_words", "neutral_values", "word_sets", "subjects"}
    assert categories == set(CATEGORIES)
    for category in CATEGORIES:
        assert set(data[category]) <= {"names", "flags", "values"}
        assert data[category]["names"], f"{category} has no name terms"


def _blocks(data: dict):
    for category in CATEGORIES:
        for kind in ("names", "flags", "values"):
            for block in data[category].get(kind, ()):
                yield category, kind, block


def test_no_term_has_an_empty_word_list() -> None:
    stop_words = set(raw_lexicon()["tokens"]["stop_words"])
    for category, kind, block in _blocks(_toml()):
        assert block["terms"], f"empty [[{category}.{kind}]]"
        for term in block["terms"]:
            words = [word for word in split_identifier(term) if word not in stop_words]
            assert words, f"{category}.{kind}: {term!r} has no words"


def test_value_strengths_and_guard_references_are_valid() -> None:
    data = _toml()
    word_sets = data["word_sets"]
    for category, kind, block in _blocks(data):
        if kind == "values":
            assert block["strength"] in STRENGTHS
        for scope in ("unless", "unless_field", "unless_owner", "unless_siblings"):
            for ref in block.get(scope, ()):
                if ref.startswith("@"):
                    assert ref[1:] in word_sets, f"{category}.{kind}: unknown word set {ref}"


def test_guards_never_contain_their_own_terms_words() -> None:
    # A guard that contains the term's own word would silence the term everywhere.
    for term in load_lexicon().all_terms():
        for guard in (term.unless, term.unless_field, term.unless_owner, term.unless_siblings):
            assert not (guard & term.words), (term.category, term.label, guard & term.words)


def test_default_lexicon_is_loaded_once() -> None:
    assert load_lexicon() is load_lexicon()
    assert load_lexicon(None) is load_lexicon({})


def test_plurals_fold_onto_lexicon_words() -> None:
    lexicon = load_lexicon()
    assert lexicon.words("ethnicities").seq == ("ethnicity",)
    assert lexicon.words("religions").seq == ("religion",)
    assert lexicon.words("race_results").seq == ("race", "result")
    assert lexicon.words("countries_of_birth").seq == ("country", "birth")


def test_value_phrases_match_longest_first() -> None:
    lexicon = load_lexicon()
    hits = lexicon.value_hits("Black or African American")
    assert {(hit.category, hit.label) for hit in hits} == {
        ("race_ethnicity", "black"),
        ("race_ethnicity", "african american"),
    }
    # A country name swallows the demonym in it.
    assert lexicon.value_hits("Central African Republic") == ()
    assert lexicon.value_hits("Iran, Islamic Republic of") == ()


def test_extra_terms_become_name_terms() -> None:
    lexicon = load_lexicon({"national_origin": ["herkunftsland", "land of birth", "Land_Of_Birth"]})
    labels = {term.label for term in lexicon.all_terms() if term.category == "national_origin"}
    assert {"herkunftsland", "land of birth", "Land_Of_Birth"} <= labels
    assert load_lexicon() is not lexicon
    # The built-in terms are still there.
    assert any(term.label == "nationality" for term in lexicon.all_terms())


def test_extra_terms_accept_a_lone_string() -> None:
    lexicon = load_lexicon({"religion": "konfessionszugehorigkeit"})
    assert any(term.label == "konfessionszugehorigkeit" for term in lexicon.all_terms())


def test_unknown_extra_category_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match=r"'ethnicity'.*race_ethnicity, religion, national_origin"):
        load_lexicon({"ethnicity": ["volk"]})


def test_extra_term_without_words_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="no words"):
        load_lexicon({"religion": ["__"]})


def test_extra_term_that_is_not_text_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="must be text"):
        load_lexicon({"religion": [42]})  # type: ignore[list-item]
