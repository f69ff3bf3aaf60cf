"""`neveragain explain CODE` and `neveragain rules`: the rule pages in the terminal.

The rule pages are Markdown files shipped inside the package
(`flake8_neveragain/rules_docs/NEVxxx.md`), so an installed copy can show them
without the network. They are the single source: the docs site includes them
(docs/rules/ holds a small include stub per page) and finding URLs point at them.

`neveragain rules` prints the rule registry (rules/registry.py); only
`explain` reads a page.

`add_subcommands` adds both commands to the `neveragain` parser; each sets
`handler`, a function of the parsed arguments returning the exit status.
"""

from __future__ import annotations

import argparse
import re
import sys
from importlib import resources

from flake8_neveragain.rules.registry import NEV102, RULES, RULES_BY_CODE

EXIT_OK, EXIT_USAGE = 0, 2
PAGES_DIRECTORY = "rules_docs"

_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
_AUTOLINK = re.compile(r"<(?P<url>https?://[^>\s]+)>")
_STRONG = re.compile(r"\*\*(?P<text>[^*]+?)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?P<text>[^*\s][^*]*?)\*(?![\w*])")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RULE_PAGE = re.compile(r"^(?P<code>NEV\d{3})\.md$")


def page_source(code: str) -> str:
    """The Markdown page of a known code, read from the installed package."""
    page = resources.files("flake8_neveragain").joinpath(PAGES_DIRECTORY).joinpath(f"{code}.md")
    return page.read_text(encoding="utf-8")


def render_page(text: str) -> str:
    """Markdown as plain text for a terminal: no markup left to decode."""
    out: list[str] = []
    prose: list[str] = []  # inline markup may span lines, so it is rendered per block

    def flush() -> None:
        if prose:
            out.extend(_inline("\n".join(prose)).split("\n"))
            prose.clear()

    def blank_line() -> None:
        if out and out[-1] != "":
            out.append("")

    fence: str | None = None
    indent = ""
    for line in _COMMENT.sub("", text).splitlines():
        if fence is not None:
            if line.strip() == fence:
                fence = None
                out.append("")
            else:
                # Code keeps its own indentation, shifted to stand out.
                code = line[len(indent):] if line.startswith(indent) else line.lstrip()
                out.append(f"{indent}    {code}" if code else "")
            continue
        opening = _FENCE.match(line)
        heading = _HEADING.match(line)
        if opening or heading:
            flush()
            blank_line()
        if opening:
            fence, indent = opening.group("fence"), opening.group("indent")
        elif heading:
            title = _inline(heading.group("text"))
            underline = "=" if len(heading.group("level")) == 1 else "-"
            out.extend([title, underline * len(title)])
        else:
            prose.append(line)
    flush()
    while out and out[-1].strip() == "":
        out.pop()
    return "\n".join(_squeeze_blank_lines(out)) + "\n"


def _inline(text: str) -> str:
    text = _LINK.sub(_link_text, text)
    text = _AUTOLINK.sub(lambda m: m.group("url"), text)
    # Emphasis markers count only outside `code spans` (a glob such as `*.sql`).
    parts = _CODE_SPAN.split(text)
    for index in range(0, len(parts), 2):
        part = _STRONG.sub(lambda m: m.group("text"), parts[index])
        parts[index] = _EMPHASIS.sub(lambda m: m.group("text"), part)
    return "".join(parts)


def _link_text(match: re.Match[str]) -> str:
    text, target = match.group("text"), match.group("target")
    page = _RULE_PAGE.match(target)
    if page:
        return f"{text} (neveragain explain {page.group('code')})"
    if target in (text, f"mailto:{text}"):
        return text
    return f"{text} ({target})"


def _squeeze_blank_lines(lines: list[str]) -> list[str]:
    squeezed: list[str] = []
    for line in lines:
        if line == "" and squeezed and squeezed[-1] == "":
            continue
        squeezed.append(line.rstrip())
    return squeezed


def rules_table() -> str:
    """One line per code: code, default on/off, severity, summary; in code order."""
    lines = []
    for rule in sorted(RULES, key=lambda rule: rule.code):
        default = "on" if rule.default_on else "off"
        summary = rule.summary
        if not rule.reported:
            summary += " (planned, not yet reported)"
        lines.append(f"{rule.code}  {default:<3}  {rule.severity:<6}  {summary}")
    return "\n".join(lines) + "\n"


def run_explain(args: argparse.Namespace) -> int:
    code = args.code.strip().upper()
    if code not in RULES_BY_CODE:
        valid = ", ".join(sorted(RULES_BY_CODE))
        print(f"neveragain: error: unknown code {args.code!r}; valid codes: {valid}", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = page_source(code)
    except OSError as error:  # a broken installation, not a user error
        print(f"neveragain: error: cannot read the page for {code}: {error}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(render_page(text))
    return EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    sys.stdout.write(rules_table())
    return EXIT_OK


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `explain` and `rules` to the `neveragain` command's subparsers."""
    explain = subparsers.add_parser(
        "explain",
        help="show a rule's page: what it finds, why it matters, what to do instead",
        description="Print a rule's page: what it finds, why it matters, examples, "
        "what to do instead and how to record a review.",
    )
    explain.add_argument("code", metavar="CODE", help=f"a rule code such as {NEV102}")
    explain.set_defaults(handler=run_explain)

    rules = subparsers.add_parser(
        "rules",
        help="list the rule codes, whether each is on by default, and what it finds",
        description="List every rule code with its default (on/off) and a one-line summary.",
    )
    rules.set_defaults(handler=run_rules)
