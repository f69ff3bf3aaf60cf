"""A field being read (what its syntax says so far), and turning drafts into facts."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_neveragain.extract.frameworks import BOOLEAN_TYPE, ENCRYPTED_TYPE, NEUTRAL_TYPE, type_name_traits
from flake8_neveragain.extract.limits import MAX_VALUES, SIBLING_LIMIT
from flake8_neveragain.facts import FieldFact, Span

if TYPE_CHECKING:
    from flake8_neveragain.extract.symbols import Symbols



class FieldDraft:
    """One field: its name and place, and the evidence the readers accumulate."""

    __slots__ = ("aliases", "encrypted", "is_boolean", "name", "span", "type_refs", "values")

    def __init__(self, name: str, span: Span) -> None:
        self.name = name
        self.span = span
        self.aliases: list[str] = []
        self.type_refs: list[str] = []
        self.values: list[str] = []
        self.is_boolean = False
        self.encrypted = False


def schema_facts(
    owner: str,
    source: str,
    span: Span,
    drafts: list[FieldDraft],
    aliases: list[str] | None = None,
    action: str = "",
) -> list[FieldFact]:
    """The model fact for a schema, followed by one fact per field.

    `action` says which schema change defines them ("0007_resident creates"); it is
    empty for plain definitions (a model class).
    """
    facts = [FieldFact(owner, source, span, None, "model", _unique(aliases, owner), action=action)]
    names = [draft.name for draft in drafts]
    for position, draft in enumerate(drafts):
        # Most fields have no aliases, type refs or values: skip the calls then (hot path).
        facts.append(
            FieldFact(
                draft.name,
                source,
                draft.span,
                owner,
                "field",
                _unique(draft.aliases, draft.name) if draft.aliases else (),
                tuple(dict.fromkeys(draft.type_refs)) if draft.type_refs else (),
                tuple(dict.fromkeys(draft.values[:MAX_VALUES])) if draft.values else (),
                draft.is_boolean,
                _siblings(names, position),
                draft.encrypted,
                action,
            )
        )
    return facts


def draft_fact(draft: FieldDraft, owner: str, source: str, siblings: tuple[str, ...], action: str) -> FieldFact:
    """One field fact on its own: a field added, altered or renamed by a schema change."""
    return FieldFact(
        draft.name,
        source,
        draft.span,
        owner,
        "field",
        _unique(draft.aliases, draft.name),
        tuple(dict.fromkeys(draft.type_refs)),
        tuple(dict.fromkeys(draft.values[:MAX_VALUES])),
        draft.is_boolean,
        siblings,
        draft.encrypted,
        action,
    )


def _unique(items: list[str] | None, exclude: str | None = None) -> tuple[str, ...]:
    if not items:
        return ()
    unique = dict.fromkeys(items)
    if exclude is not None:
        unique.pop(exclude, None)
    return tuple(unique)


def _siblings(names: list[str], position: int) -> tuple[str, ...]:
    if len(names) <= SIBLING_LIMIT:
        return (*names[:position], *names[position + 1:])
    half = SIBLING_LIMIT // 2
    return (*names[max(0, position - half):position], *names[position + 1:position + 1 + half])


def absorb_type_traits(
    draft: FieldDraft, name: str, symbols: Symbols, node: ast.expr | None = None, top: bool = True
) -> bool:
    """Record what a type name says (boolean, encrypted) on the draft.

    `node` is the type as written (a Name or Attribute), for its import origin; None
    for a name read from a string. True when the name needs no further reading: a
    boolean or a neutral builtin (str, int, CharField...) names no related type.
    """
    traits = type_name_traits(name)
    if traits & BOOLEAN_TYPE:
        draft.is_boolean = draft.is_boolean or top
        return True
    if traits & NEUTRAL_TYPE:
        return True
    encryption = symbols.encryption
    if (traits & ENCRYPTED_TYPE or encryption.watching) and encryption.encrypts(
        node, name, bool(traits & ENCRYPTED_TYPE)
    ):
        draft.encrypted = True
    return False
