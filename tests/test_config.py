"""[tool.neveragain] loading: valid keys work, mistakes are clear errors."""

import pytest

from flake8_neveragain.config.settings import ConfigError, load_config, parse_term_pairs, settings_from_table


def test_table_keys_become_settings():
    settings = settings_from_table(
        {
            "extend-select": ["NEV104"],
            "ignore": "NEV103",
            "extra-terms": {"religion": ["konfession"]},
            "allow-names": ["Order.origin_country"],
            "docs-url": "https://docs.example.org/rules/",
            "exclude": ["legacy/*"],
        },
        "pyproject.toml",
    )
    assert settings.extend_select == ("NEV104",)
    assert settings.ignore == ("NEV103",)
    assert settings.extra_terms == {"religion": ("konfession",)}
    assert settings.allow_names == ("Order.origin_country",)
    assert settings.exclude == ("legacy/*",)


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ({"selct": ["NEV1"]}, "unknown key 'selct'"),
        ({"select": ["NEV1O2"]}, "'NEV1O2' is not a code"),
        ({"select": 3}, "expected a list of strings"),
        ({"extra-terms": ["religion"]}, "expected a table"),
        ({"docs-url": ""}, "expected a URL"),
    ],
)
def test_bad_values_name_the_key(table, fragment):
    with pytest.raises(ConfigError, match=fragment):
        settings_from_table(table, "pyproject.toml")


def test_broken_toml_is_a_config_error(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.neveragain\nselect = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot parse TOML"):
        load_config(path)


def test_term_pairs():
    assert parse_term_pairs(["religion=konfession", "religion = kirche"]) == {"religion": ("konfession", "kirche")}
    with pytest.raises(ConfigError, match="category=term"):
        parse_term_pairs(["konfession"])
