"""The identifier tokeniser: cases, separators, accents, abbreviations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flake8_neveragain.classify.words import fold_accents, split_identifier


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("race", ("race",)),
        ("race_id", ("race", "id")),
        ("userRace", ("user", "race")),
        ("UserRace", ("user", "race")),
        ("ethnicityCode", ("ethnicity", "code")),
        ("countryOfBirth", ("country", "of", "birth")),
        ("birthCountryCode", ("birth", "country", "code")),
        ("HTTPOrigin", ("http", "origin")),
        ("RACE", ("race",)),
        ("RELIGION_CD", ("religion", "code")),
        ("race2", ("race",)),
        ("ethnicityV2", ("ethnicity", "v")),
        ("__race__", ("race",)),
        ("Sunni Muslim", ("sunni", "muslim")),
        ("African-American", ("african", "american")),
        ("schema.race", ("schema", "race")),
        ("Jehovah's Witness", ("jehovah", "s", "witness")),
        ("", ()),
        ("_2_", ()),
    ],
)
def test_splits_cases_separators_and_digits(name: str, words: tuple[str, ...]) -> None:
    assert split_identifier(name) == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("religião", ("religiao",)),
        ("staatsangehörigkeit", ("staatsangehorigkeit",)),
        ("Staatsangehörigkeit", ("staatsangehorigkeit",)),
        ("nacionalidadÉtnica", ("nacionalidad", "etnica")),
        ("straße", ("strasse",)),
        ("раса", ("раса",)),
        ("расаId", ("раса", "id")),
    ],
)
def test_folds_accents_and_keeps_other_scripts(name: str, words: tuple[str, ...]) -> None:
    assert split_identifier(name) == words


def test_fold_accents_keeps_case_for_camel_splitting() -> None:
    assert fold_accents("paísDeNacimiento") == "paisDeNacimiento"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("ethnic_grp", ("ethnic", "group")),
        ("ETHNIC_CD", ("ethnic", "code")),
        ("natl_origin", ("national", "origin")),
        ("birth_ctry", ("birth", "country")),
        ("birthCntry", ("birth", "country")),
        ("ethn_origin", ("ethnic", "origin")),
        ("relig_pref", ("religion", "preference")),
        ("immig_status", ("immigration", "status")),
        ("ctzn_status", ("citizen", "status")),
        ("native_lang", ("native", "language")),
    ],
)
def test_expands_abbreviations(name: str, words: tuple[str, ...]) -> None:
    assert split_identifier(name) == words


def test_does_not_expand_ambiguous_abbreviations() -> None:
    assert split_identifier("dx_code") == ("dx", "code")
    assert split_identifier("pol_id") == ("pol", "id")


def test_is_memoised() -> None:
    split_identifier("memoisedRaceField")
    before = split_identifier.cache_info().hits
    split_identifier("memoisedRaceField")
    assert split_identifier.cache_info().hits == before + 1


IDENTIFIERS = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,40}\Z")


@given(st.one_of(st.text(max_size=60), IDENTIFIERS))
def test_any_text_gives_lower_case_words_without_separators(text: str) -> None:
    words = split_identifier(text)
    assert isinstance(words, tuple)
    for word in words:
        assert word
        assert word == word.lower()
        assert not any(char in word for char in "_- .0123456789")
