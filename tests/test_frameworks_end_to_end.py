"""Every framework, end to end, on random schemas: the engine never crashes.

The framework fixtures (tests/fixtures/frameworks/, one file per family, full of
near-misses: trace_id, country, cors_origin, race_condition_retries, christian_name,
a sports race...) say with `# expect:` annotations which lines must fire; the one
test that reads every annotated fixture is tests/test_annotated_fixtures.py.
"""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser

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
    for name, template, alias, annotated in fields:
        value = template.format(alias=alias)
        lines.append(f"    {name}: {alias} = {value}" if annotated else f"    {name} = {value}")
    lines.append("    pass")
    source = "\n".join(lines) + "\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:  # keywords drawn as names; not what this test is about
        return
    findings = Analyser(Settings()).findings_for_tree(tree, "generated.py")
    assert all(f.code.startswith("NEV") and f.evidence for f in findings)
