"""The rule pages: one per code, the same layout everywhere, and examples that run.

Every ```python / ```sql block on a rule page is an example the suite runs
through the real pipeline, so the pages and the checker cannot drift apart:

    ```python fires=NEV102      the block yields findings, all with code NEV102
    ```python silent            the block yields no finding at all
    ```python reviewed=NEV102   the block yields NEV102, and its noqa comments
                                suppress every finding (the documented review
                                syntax really works)

The pages live in src/flake8_neveragain/rules_docs/ (shipped with the package
for `neveragain explain`); docs/rules/ holds include stubs for the docs site,
checked here to stay exactly in step.

The rule registry (rules/registry.py) is the one record of each code: the
pages' metadata lines, the codes tables of README.md and docs/index.md are
compared with it, and no other module of src/ spells a code.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest

from flake8_neveragain.config.settings import Settings
from flake8_neveragain.engine import Analyser, with_unused_noqa
from flake8_neveragain.review.noqa import remove_suppressed, remove_suppressed_sql
from flake8_neveragain.rules.registry import REPORTED_CODES, RULES, RULES_BY_CODE

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "flake8_neveragain"
STUBS = REPO / "docs" / "rules"

# The ruff-like layout, in this order. Pages may add sections in between.
SECTIONS = (
    "What it does",
    "Why does it matter?",
    "Examples that fire",
    "Examples that stay silent",
    "What to do instead",
    "How to record a review",
    "References",
)
# A rule that is documented but not reported yet has no examples to run.
PLANNED_SECTIONS = ("What it does", "Why does it matter?", "What to do instead", "References")

EMITTED_CODES = REPORTED_CODES
PLEDGE_URL = "https://neveragain.tech/"
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
EXPECTATION = re.compile(r"^(?:(?P<kind>fires|reviewed)=(?P<code>NEV\d{3})|(?P<silent>silent))$")
METADATA = re.compile(
    r"^\*\*Default:\*\* (?P<default>on|off)\b.* · \*\*Category:\*\* `(?P<category>\w+)`"
    r" · \*\*Status:\*\* (?P<status>.+)$",
    re.MULTILINE,
)


def pages_directory():
    return resources.files("flake8_neveragain").joinpath("rules_docs")


def page_text(code: str) -> str:
    return pages_directory().joinpath(f"{code}.md").read_text(encoding="utf-8")


def page_codes() -> list[str]:
    return sorted(entry.name[:-3] for entry in pages_directory().iterdir() if entry.name.endswith(".md"))


def stub_text(code: str) -> str:
    return (
        f"<!-- The page is src/flake8_neveragain/rules_docs/{code}.md, the one `neveragain explain {code}` prints;\n"
        f"     this stub includes it in the docs site. tests/test_rule_docs.py keeps it in step. -->\n"
        f"\n"
        f"```{{include}} ../../src/flake8_neveragain/rules_docs/{code}.md\n"
        f"```\n"
    )


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    language: str
    kind: str  # "fires", "silent" or "reviewed"
    code: str | None
    source: str

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}:{self.kind}"


@dataclass(frozen=True)
class Block:
    line: int
    info: str
    source: str


def code_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, start = opening.group("fence"), index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != fence:
            body.append(lines[index])
            index += 1
        assert index < len(lines), f"line {start + 1}: code block never closed"
        source = textwrap.dedent("\n".join(body)) + "\n"
        blocks.append(Block(start + 1, opening.group("info").strip(), source))
        index += 1
    return blocks


def examples_of(code: str) -> list[Example]:
    """The executable examples of a page (blocks without a valid expectation are left
    to test_every_example_says_what_it_expects, so collection never fails)."""
    examples = []
    for block in code_blocks(page_text(code)):
        language, *attributes = block.info.split() or [""]
        match = EXPECTATION.match(attributes[0]) if len(attributes) == 1 else None
        if language in ("python", "sql") and match:
            kind = "silent" if match.group("silent") else match.group("kind")
            examples.append(Example(code, block.line, language, kind, match.group("code"), block.source))
    return examples


@pytest.mark.parametrize("code", page_codes())
def test_every_example_says_what_it_expects(code):
    for block in code_blocks(page_text(code)):
        language, *attributes = block.info.split() or [""]
        if language not in ("python", "sql"):
            continue
        assert len(attributes) == 1 and EXPECTATION.match(attributes[0]), (
            f"{code}.md line {block.line}: a {language} block must say `fires=CODE`, `silent` "
            f"or `reviewed=CODE` after the language, got {block.info!r}"
        )


def all_examples() -> list[Example]:
    return [example for code in page_codes() for example in examples_of(code)]


def sections_of(text: str) -> list[str]:
    outside = []
    in_fence = None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if in_fence is None and opening:
            in_fence = opening.group("fence")
        elif in_fence is not None and line.strip() == in_fence:
            in_fence = None
        elif in_fence is None:
            outside.append(line)
    return [line[3:].strip() for line in outside if line.startswith("## ")]


def in_order(wanted: tuple[str, ...], found: list[str]) -> bool:
    positions = [found.index(section) for section in wanted if section in found]
    return len(positions) == len(wanted) and positions == sorted(positions)


def is_planned(text: str) -> bool:
    match = METADATA.search(text)
    return bool(match) and match.group("status").startswith("planned")


# --- every code has a page, every page a code -------------------------------

@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_a_page(rule):
    assert rule.code in page_codes(), f"no page src/flake8_neveragain/rules_docs/{rule.code}.md"


@pytest.mark.parametrize("code", sorted(EMITTED_CODES))
def test_every_code_a_finding_can_carry_has_a_page_that_is_not_planned(code):
    assert code in page_codes(), f"findings can carry {code} but it has no page"
    assert not is_planned(page_text(code)), f"{code} is reported, but its page says it is planned"


def test_every_page_belongs_to_a_rule():
    assert set(page_codes()) <= set(RULES_BY_CODE), "a page without a rule in rules/registry.py"


# --- layout --------------------------------------------------------------------

@pytest.mark.parametrize("code", page_codes())
def test_page_layout(code):
    text = page_text(code)
    rule = RULES_BY_CODE[code]
    assert text.startswith(f"# {code}: "), f"{code}.md must start with '# {code}: <title>'"
    metadata = METADATA.search(text)
    assert metadata, f"{code}.md needs the line '**Default:** on · **Category:** `...` · **Status:** ...'"
    assert metadata.group("default") == ("on" if rule.default_on else "off")
    assert metadata.group("category") == rule.category
    status = metadata.group("status")
    assert status == "reported" or status.startswith("planned"), status
    assert (status == "reported") == rule.reported, f"{code}.md says {status!r}, the registry disagrees"

    sections = sections_of(text)
    wanted = PLANNED_SECTIONS if is_planned(text) else SECTIONS
    assert in_order(wanted, sections), f"{code}.md sections {sections}, need {list(wanted)} in this order"

    why = text.split("## Why does it matter?", 1)[1].split("\n## ", 1)[0]
    assert PLEDGE_URL in why, f"{code}.md: 'Why does it matter?' should link to {PLEDGE_URL}"
    quotes = [block for block in re.split(r"\n\s*\n", text) if block.lstrip().startswith(">")]
    assert len(quotes) <= 1, f"{code}.md: at most one (short, attributed) quote"
    for quote in quotes:
        assert len(quote) < 400, f"{code}.md: keep the quote short"


@pytest.mark.parametrize("code", page_codes())
def test_reported_rules_show_examples_and_planned_rules_do_not(code):
    examples = examples_of(code)
    if is_planned(page_text(code)):
        assert examples == [], f"{code} is not reported yet, so its page cannot have runnable examples"
        assert code not in EMITTED_CODES
        return
    kinds = {(example.kind, example.code) for example in examples}
    assert ("fires", code) in kinds, f"{code}.md needs an example that fires {code}"
    assert ("silent", None) in kinds, f"{code}.md needs an example that stays silent"
    assert ("reviewed", code) in kinds, f"{code}.md needs an example of a recorded review"
    assert {example.code for example in examples} <= {code, None}, "examples show other codes"


@pytest.mark.parametrize("code", page_codes())
def test_review_section_shows_the_noqa_reason_and_the_baseline(code):
    text = page_text(code)
    if is_planned(text):
        return
    review = text.split("## How to record a review", 1)[1].split("\n## ", 1)[0]
    assert f"# noqa: {code} -- reviewed: " in review
    assert "neveragain baseline" in review and ".neveragain-baseline.json" in review


# --- the examples run ------------------------------------------------------------

@pytest.fixture(scope="module")
def analyser():
    return Analyser(Settings(extend_select=("NEV",)))


def findings_of(analyser: Analyser, example: Example):
    """Every finding of the example before noqa, NEV001's on stale noqa comments included."""
    if example.language == "python":
        findings = analyser.findings_for_tree(ast.parse(example.source), "example.py")
        return with_unused_noqa(findings, example.source, "example.py", False, analyser)
    findings, problems = analyser.findings_for_sql(example.source, "example.sql")
    assert problems == [], problems
    return with_unused_noqa(findings, example.source, "example.sql", True, analyser)


def describe(findings) -> list[str]:
    return [f"line {f.line}: {f.code} {f.symbol} ({f.evidence})" for f in findings]


@pytest.mark.parametrize("example", all_examples(), ids=lambda example: example.id)
def test_example(analyser, example):
    findings = findings_of(analyser, example)
    if example.kind == "silent":
        assert findings == [], f"should stay silent: {describe(findings)}"
        return
    assert findings, f"should fire {example.code} but found nothing"
    assert {finding.code for finding in findings} == {example.code}, describe(findings)
    if example.kind == "reviewed":
        remove = remove_suppressed if example.language == "python" else remove_suppressed_sql
        left = remove(findings, example.source, lambda f: f.line, lambda f: f.code)
        assert left == [], f"the noqa comment should cover: {describe(left)}"


def test_examples_are_found():
    # Guard against a parser change that silently finds no examples at all.
    assert len(all_examples()) >= 6 * 5


# --- the docs site includes every page, and only pages ------------------------

@pytest.mark.parametrize("code", page_codes())
def test_docs_site_stub_includes_the_page(code):
    stub = STUBS / f"{code}.md"
    expected = stub_text(code)
    assert stub.is_file(), f"create {stub.relative_to(REPO)} containing exactly:\n{expected}"
    assert stub.read_text(encoding="utf-8") == expected, (
        f"{stub.relative_to(REPO)} must contain exactly:\n{expected}"
    )


def test_no_stub_without_a_page():
    stubs = sorted(path.stem for path in STUBS.glob("*.md"))
    assert stubs == page_codes()


# --- the codes tables say what the registry says ---------------------------------

README_ROW = re.compile(r"^\| (NEV\d{3}) \| (.+?) \| (on|off) \|$", re.MULTILINE)
INDEX_ROW = re.compile(r"^\| \[(NEV\d{3})\]\(rules/\1\.md\) \| (.+?) \| (on|off) \|$", re.MULTILINE)
PLANNED_MARK = " (planned)"


@pytest.mark.parametrize("document, row", [("README.md", README_ROW), ("docs/index.md", INDEX_ROW)])
def test_codes_table_matches_the_rule_registry(document, row):
    """Code, default and summary as `neveragain rules` prints them; a table may add
    a detail in parentheses after the summary, and marks planned codes."""
    rows = row.findall((REPO / document).read_text(encoding="utf-8"))
    assert [code for code, _, _ in rows] == sorted(RULES_BY_CODE), f"{document}: one row per code, in order"
    for code, cell, default in rows:
        rule = RULES_BY_CODE[code]
        assert default == ("on" if rule.default_on else "off"), f"{document} {code}: default"
        assert cell.endswith(PLANNED_MARK) == (not rule.reported), f"{document} {code}: planned mark"
        finding = cell.removesuffix(PLANNED_MARK)
        detail = finding[len(rule.summary):]
        assert finding.startswith(rule.summary) and (detail == "" or re.fullmatch(r" \(.+\)", detail)), (
            f"{document} {code}: {finding!r} should read {rule.summary!r}, optionally followed by (detail)"
        )


# --- codes are spelled in the registry only --------------------------------------

CODE_LITERAL = re.compile(r"\bNEV\d{3}\b")
REGISTRY = SRC / "rules" / "registry.py"


def documentation_strings(tree: ast.Module) -> set[int]:
    """The ids of docstrings and other bare string statements: prose, not code."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def code_literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, code) for each code spelled in a string of the module, f-string parts included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    prose = documentation_strings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            for code in CODE_LITERAL.findall(node.value):
                yield node.lineno, code


def test_codes_are_spelled_only_in_the_registry():
    """Other modules name a code by the registry's constant (`NEV102`), never as a string."""
    spelled: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path == REGISTRY:
            continue
        found = [f"line {line}: {code!r}" for line, code in code_literals(path)]
        if found:
            spelled[path.relative_to(SRC).as_posix()] = found
    assert not spelled, f"use the constants of rules/registry.py instead: {spelled}"


def test_the_registry_spells_each_code_once():
    codes = [code for _, code in code_literals(REGISTRY)]
    assert sorted(codes) == sorted({*RULES_BY_CODE, "NEV000"}), "one `NEVxxx = \"NEVxxx\"` constant per code"
