"""Every framework, end to end: fixture files mark the lines that must fire.

A line ending in `# expect: NEV102` must produce exactly that code on that
line; every other line must stay silent (the fixtures are full of
near-misses: trace_id, country, cors_origin, race_condition_retries,
christian_name, a sports race...).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser

FIXTURES = Path(__file__).parent / "fixtures" / "frameworks"
EXPECT = re.compile(r"#\s*expect:\s*(NEV\d{3}(?:\s*,\s*NEV\d{3})*)")


def expected_findings(source: str) -> set[tuple[int, str]]:
    expected = set()
    for number, line in enumerate(source.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            expected |= {(number, code.strip()) for code in match.group(1).split(",")}
    return expected


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.py")), ids=lambda p: p.name)
def test_fixture_fires_exactly_where_marked(fixture: Path):
    source = fixture.read_text(encoding="utf-8")
    analyser = Analyser(Settings(extend_select=("NEV",)))
    findings = analyser.findings_for_tree(ast.parse(source), fixture.name)
    found = {(f.line, f.code) for f in findings}
    expected = expected_findings(source)
    assert expected, "fixture has no expectations"
    missing = sorted(expected - found)
    unexpected = sorted((f.line, f.code, f.symbol, f.evidence) for f in findings if (f.line, f.code) not in expected)
    assert (missing, unexpected) == ([], [])


IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]{0,24}"
FIELD_VALUES = [
    "models.CharField(max_length=10)", "Column(String)", "mapped_column({alias!r})",
    "Field(alias={alias!r})", "models.CharField(choices=[({alias!r}, {alias!r})])",
    "fields.Str(data_key={alias!r})", "models.ForeignKey({alias})",
]
BASES = ["models.Model", "BaseModel", "Base", "TypedDict", "Schema", "enum.Enum", "object"]


@given(
    base=st.sampled_from(BASES),
    fields=st.lists(
        st.tuples(st.from_regex(IDENTIFIER, fullmatch=True), st.sampled_from(FIELD_VALUES),
                  st.from_regex(IDENTIFIER, fullmatch=True), st.booleans()),
        max_size=8,
    ),
)
@settings(max_examples=150, deadline=None)
def test_random_schemas_never_crash(base, fields):
    lines = [f"class Generated({base}):"]
    for name, value, alias, annotated in fields:
        value = value.format(alias=alias)
        lines.append(f"    {name}: {alias} = {value}" if annotated else f"    {name} = {value}")
    lines.append("    pass")
    source = "\n".join(lines) + "\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:  # keywords drawn as names; not what this test is about
        return
    findings = Analyser(Settings()).findings_for_tree(tree, "generated.py")
    assert all(f.code.startswith("NEV") and f.evidence for f in findings)
