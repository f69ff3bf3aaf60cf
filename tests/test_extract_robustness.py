"""Arbitrary valid Python never makes extraction raise; huge and deep inputs stay cheap."""

from __future__ import annotations

import ast
import textwrap

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flake8_neveragain.extract import extract_facts
from flake8_neveragain.extract.drafts import SIBLING_LIMIT
from flake8_neveragain.extract.frameworks import SOURCE_LABELS
from flake8_neveragain.facts import FieldFact

# Names that steer the adapters into their framework paths.
NAMES = st.sampled_from([
    "race", "religion", "x", "_p", "__tablename__", "Meta", "Config", "Person", "Base",
    "models", "sa", "db", "fields", "Field", "field", "Column", "mapped_column", "Table",
    "Enum", "Literal", "Mapped", "Optional", "ClassVar", "Annotated", "TypedDict", "NamedTuple",
    "namedtuple", "define_table", "CharField", "BooleanField", "ForeignKey", "relationship",
    "encrypt", "OneOf", "_", "choices", "self", "BaseModel", "dataclass", "Required",
])
ATOMS = st.one_of(
    NAMES,
    st.sampled_from(['"race"', '"app.Religion"', '"religions.id"', '"a b"', "1", "None", "True",
                     "...", "b'x'", 'f"{x}"', '""', "1.5", '"Mapped[str]"', '"Optional["']),
)


def _call(function: str, arguments: list[str], keywords: list[tuple[str, str]], star: bool) -> str:
    parts = arguments + [f"{key}={value}" for key, value in keywords]
    if star:
        parts += ["*args", "**kwargs"]
    return f"{function}({', '.join(parts)})"


KEYWORDS = st.sampled_from([
    "choices", "db_column", "alias", "validate", "to", "name", "type_", "sa_column",
    "requires", "enum", "base_field", "sa_column_kwargs", "validation_alias", "data_key",
])

EXPRESSIONS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.builds(_call, inner, st.lists(inner, max_size=3), st.lists(st.tuples(KEYWORDS, inner), max_size=2),
                  st.booleans()),
        st.builds("{}.{}".format, inner, NAMES),
        st.builds("{}[{}]".format, inner, inner),
        st.builds("{}[{}, {}]".format, inner, inner, inner),
        st.builds(lambda items: f"[{', '.join(items)}]", st.lists(inner, max_size=3)),
        st.builds(lambda items: f"({', '.join(items)},)", st.lists(inner, max_size=3)),
        st.builds("{{{}: {}}}".format, inner, inner),
        st.builds("({} | {})".format, inner, inner),
        st.builds("({} + {})".format, inner, inner),
        st.builds("(lambda: {})".format, inner),
        st.builds("[{} for x in {}]".format, inner, inner),
        st.builds("(x := {})".format, inner),
        st.builds("(await {})".format, inner),
        st.builds("{{**{}}}".format, inner),
    ),
    max_leaves=10,
)


def _indent(block: str) -> str:
    return textwrap.indent(block, "    ")


STATEMENTS = st.recursive(
    st.one_of(
        st.builds("{} = {}".format, NAMES, EXPRESSIONS),
        st.builds("{}: {} = {}".format, NAMES, EXPRESSIONS, EXPRESSIONS),
        st.builds("{}: {}".format, NAMES, EXPRESSIONS),
        st.builds("{} = {} = {}".format, NAMES, NAMES, EXPRESSIONS),
        st.builds("{}, {} = {}".format, NAMES, NAMES, EXPRESSIONS),
        st.builds("{}.{} = {}".format, NAMES, NAMES, EXPRESSIONS),
        st.builds("{}".format, EXPRESSIONS),
        st.builds("return {}".format, EXPRESSIONS),
        st.sampled_from([
            "pass", "import sqlalchemy as sa", "from django.db import models",
            "from enum import Enum", "from pydantic import BaseModel, Field", "from x import *",
            "from . import models", "from .base import Base", "import a.b.c", "global x",
        ]),
    ),
    lambda inner: st.one_of(
        st.builds(
            lambda decorators, name, bases, body: "".join(f"@{d}\n" for d in decorators)
            + f"class {name}({', '.join(bases)}):\n" + _indent("\n".join(body)),
            st.lists(EXPRESSIONS, max_size=2), NAMES,
            st.lists(st.one_of(EXPRESSIONS, st.builds("{}={}".format, NAMES, EXPRESSIONS),
                               st.just("*bases"), st.just("**options")), max_size=3),
            st.lists(inner, min_size=1, max_size=4),
        ),
        st.builds(lambda name, body: f"def {name}(*a, **k):\n" + _indent("\n".join(body)),
                  NAMES, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda test, body, other: f"if {test}:\n" + _indent("\n".join(body))
                  + "\nelse:\n" + _indent("\n".join(other)),
                  EXPRESSIONS, st.lists(inner, min_size=1, max_size=3),
                  st.lists(inner, min_size=1, max_size=2)),
        st.builds(lambda body: "try:\n" + _indent("\n".join(body)) + "\nexcept* Exception:\n    pass",
                  st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda subject, body: f"match {subject}:\n    case [x, *rest]:\n"
                  + textwrap.indent("\n".join(body), "        "),
                  EXPRESSIONS, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda item, body: f"with {item} as x:\n" + _indent("\n".join(body)),
                  EXPRESSIONS, st.lists(inner, min_size=1, max_size=3)),
    ),
    max_leaves=8,
)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _check(facts: list[FieldFact]) -> None:
    for fact in facts:
        assert fact.source in SOURCE_LABELS
        assert fact.kind in ("field", "model")
        assert (fact.owner is None) == (fact.kind == "model")
        assert fact.span.line >= 1 and fact.span.column >= 1
        assert (fact.span.end_line, fact.span.end_column) >= (fact.span.line, fact.span.column)
        assert all(isinstance(item, str) for item in (*fact.aliases, *fact.type_refs, *fact.values))
    positions = [(fact.span.line, fact.span.column) for fact in facts]
    assert positions == sorted(positions)


@settings(
    max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(st.lists(STATEMENTS, min_size=1, max_size=6))
def test_generated_programs_never_raise(statements: list[str]) -> None:
    tree = _parse("\n".join(statements) + "\n")
    assume(tree is not None)
    _check(extract_facts(tree))


@settings(
    max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(st.text(alphabet="class ():=\n    abcmodels.Field[]\"',*", max_size=80))
def test_arbitrary_text_that_parses_never_raises(text: str) -> None:
    tree = _parse(text)
    assume(tree is not None)
    _check(extract_facts(tree))


DEEP = 1000


def _deep_sources() -> list[str]:
    binop = " + ".join(["[('h', 'Hindu')]"] * DEEP)
    union = " | ".join(["Literal['x']"] * DEEP)
    attribute = "a" + ".b" * DEEP
    calls = "f" + "()" * DEEP
    subscripts = "x" + "[0]" * DEEP
    unary = "not " * DEEP + "x"
    return [
        (
            "from django.db import models\nclass P(models.Model):\n"
            f"    race = models.CharField(choices={binop})\n"
        ),
        f"from pydantic import BaseModel\nclass P(BaseModel):\n    race: {union}\n",
        (
            f"class Q({attribute}):\n    pass\n"
            f"class P(BaseModel):\n    race: {attribute}\n    religion = Column({attribute})\n"
        ),
        f"class P(Base):\n    race = {calls}\n    religion = Column({calls})\n",
        f"class P(BaseModel):\n    race: {subscripts}\n    religion = Field(alias={subscripts})\n",
        f"CHOICES = {binop}\nclass P(models.Model):\n    race = models.CharField(choices=CHOICES)\n",
        f"x = {unary}\nTable('t', m, Column('race', {unary}))\n",
    ]


def test_deeply_nested_expressions() -> None:
    for source in _deep_sources():
        tree = _parse(source)
        assert tree is not None, source[:60]
        facts = extract_facts(tree)
        _check(facts)
        assert any(fact.kind == "field" for fact in facts), source[:60]


def test_deep_chains_of_names_return_what_was_found() -> None:
    chain = "\n".join(f"C{i} = C{i + 1}" for i in range(3000))
    enums = "\n".join(f"class E{i}(Enum):\n    X = E{i + 1}" for i in range(1500))
    bases = "\n".join(f"class K{i}(K{i - 1}):\n    race: str" for i in range(1, 1500))
    source = (
        "from enum import Enum\nfrom django.db import models\n"
        f"{chain}\n{enums}\nclass K0(BaseModel):\n    race: str\n{bases}\n"
        "class P(models.Model):\n    race = models.CharField(choices=C0)\n"
        "    religion = models.CharField(choices=E0)\n"
    )
    facts = extract_facts(ast.parse(source))
    _check(facts)
    symbols = {fact.symbol for fact in facts}
    assert {"P.race", "P.religion", "K0.race", "K1.race"} <= symbols


def test_ten_thousand_field_class() -> None:
    count = 10_000
    body = "\n".join(f"    field_{i} = models.CharField(max_length=10)" for i in range(count))
    tree = ast.parse(f"from django.db import models\nclass Huge(models.Model):\n{body}\n")
    facts = extract_facts(tree)
    assert len(facts) == count + 1
    fields = facts[1:]
    assert fields[0].name == "field_0" and fields[-1].name == f"field_{count - 1}"
    # Siblings are the nearest neighbours: linear cost, not quadratic.
    assert all(len(fact.siblings) <= SIBLING_LIMIT for fact in fields)
    middle = fields[count // 2]
    assert f"field_{count // 2 - 1}" in middle.siblings and f"field_{count // 2 + 1}" in middle.siblings
    assert middle.name not in middle.siblings


def test_many_classes_and_functional_forms_in_source_order() -> None:
    parts = []
    for i in range(300):
        parts.append(f"class M{i}(BaseModel):\n    race_{i}: str\n")
        parts.append(f"T{i} = Table('t{i}', meta, Column('religion_{i}', String))\n")
    facts = extract_facts(ast.parse("".join(parts)))
    assert len(facts) == 300 * 4
    _check(facts)
