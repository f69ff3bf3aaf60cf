"""The text `neveragain --help`, `neveragain check --help` and `--version` end with.

A user who meets the command first asks what it looks for and what its exit
status means (a CI step or a pre-commit hook acts on it). Both answers are
built here: the rule families from the registry, so a new code shows up in
the help without anyone editing it, and the exit statuses from the contract
in the design notes (`check`'s; other subcommands document their own).
"""

from __future__ import annotations

from itertools import groupby

from flake8_neveragain.rules.registry import CODE_PREFIX, ENCRYPTION_CATEGORY, NOQA_CATEGORY, RULES, Rule

# `neveragain check`'s exit statuses (a contract: see the design notes), each
# with what it means and, for the help only, the detail a user acts on.
EXIT_STATUSES: tuple[tuple[int, str, str], ...] = (
    (0, "nothing to report", ""),
    (1, "findings or files that could not be checked", "0 with --exit-zero"),
    (2, "usage or configuration error",
     "an unknown option, a path that does not exist, a selection that leaves no rule, a broken baseline"),
)


WIDTH = 79  # argparse wraps its own help to the terminal; ours is wrapped here, hanging under the code


def _item(key: str, text: str, indent: int) -> str:
    """`key  text`, wrapped at spaces, continuation lines under the text.

    Every run builds the parser, so this is a plain greedy wrap: textwrap would
    cost a millisecond (its import and its regexes) on each pre-commit run.
    """
    lines = [" " * indent + f"{key} "]
    hanging = " " * len(lines[0])
    for number, word in enumerate(text.split()):
        if number and len(lines[-1]) + 1 + len(word) > WIDTH:  # a line holds at least one word
            lines.append(hanging)
        lines[-1] += " " + word
    return "\n".join(lines)


def _family(rule: Rule) -> str:
    """`NEV1xx` for NEV101: codes are numbered by the hundred, one hundred per kind of finding."""
    return rule.code[: len(CODE_PREFIX) + 1] + "xx"


def _kind(rule: Rule) -> str:
    """What a rule looks at, in the words a family heading uses."""
    if rule.category == ENCRYPTION_CATEGORY:
        return "encryption turned off or weakened"
    if rule.category == NOQA_CATEGORY:
        return "the tool's own noqa comments"
    if rule.records:  # its messages say "<field> may record <records>"
        return "demographic fields"
    return rule.summary


def _families() -> list[tuple[str, str, list[Rule]]]:
    """(family, heading, rules) in code order; the heading names every kind of rule the family holds."""
    families = []
    for family, members in groupby(sorted(RULES, key=lambda rule: rule.code), key=_family):
        rules = list(members)
        kinds = list(dict.fromkeys(_kind(rule) for rule in rules))  # in order, without repeats
        families.append((family, " and ".join(kinds), rules))
    return families


def rules_text() -> str:
    """Every rule family with its codes, one item each, opt-in codes marked."""
    lines = ["rules (`neveragain rules` lists them, `neveragain explain CODE` explains one;",
             "--extend-select CODE turns on one that is off by default):"]
    for family, heading, rules in _families():
        lines.append(_item(family, heading, 2))
        lines.extend(
            _item(rule.code, rule.summary + ("" if rule.default_on else " (off by default)"), 4) for rule in rules
        )
    return "\n".join(lines)


def exit_status_text() -> str:
    lines = ["exit status of `neveragain check`:"]
    lines.extend(_item(str(status), meaning + (f" ({detail})" if detail else ""), 2)
                 for status, meaning, detail in EXIT_STATUSES)
    return "\n".join(lines)


def epilog() -> str:
    """The end of the top-level and `check` help (printed as is: RawDescriptionHelpFormatter)."""
    return f"{rules_text()}\n\n{exit_status_text()}"


def version_text(version: str) -> str:
    """`--version`: the version alone on the first line, as scripts expect, then one line on rules and one on exits.

    Printed as is when the parser's formatter is RawDescriptionHelpFormatter; any
    other formatter would join the three lines into one paragraph.
    """
    families = ", ".join(
        f"{family} {heading} ({rules[0].code}-{rules[-1].code})" if len(rules) > 1
        else f"{family} {heading} ({rules[0].code})"
        for family, heading, rules in _families()
    )
    exits = ", ".join(f"{status} {meaning}" for status, meaning, _ in EXIT_STATUSES)
    return f"neveragain {version}\nrules: {families}\nexit status: {exits}"
