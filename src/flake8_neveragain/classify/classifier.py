"""Decide which sensitive categories a FieldFact records, and say why.

Decision rules, in the order evidence is looked for (per category, the first
that applies is reported):

1. Name terms in the field name ("name token 'religion'"), then in the names it
   is stored under ("stored as 'race'"). All of a term's words must occur among
   the name's words, in any order, at most one other word apart
   (`country_code_of_birth`); words, never substrings (`trace_id`, `passenger` and
   `ethnicity` (which contains "city") are safe). `_id`, `_code`, `Cd`, plural
   and other extra words do not matter (`religion_id`, `ethnicityCode`).
2. Flags: a flag term in flag position, `is_muslim`, `hispanic_flag`, or a
   boolean field named after the group (`undocumented: bool`). Besides the term
   a flag name may only hold qualifier words (`is_us_citizen`,
   `has_refugee_status`), so `is_jewish_holiday` and `christian_name` stay silent.
3. Related types (FK targets, annotations, enum classes): "related type
   'EthnicGroup'".
4. Values (choices, Enum members, Literal values): at least one strong value
   and two in all, or one weak value and three in all (weak + faint), counting
   distinct matches ("Muslim" and "muslim" are one). Demonyms are weak, so a
   nationality list needs three of them; colour words are faint, so
   white/black/red/blue never fires.

Guards: each term may name words that silence it when they occur in the field's
own words (name, stored names, related types) or its owner's name (`unless`),
in the field's own words only (`unless_field`), in the owner's name only
(`unless_owner`), or in the names of the other fields of the same owner
(`unless_siblings`). A term may instead need one of its context words nearby
(`only_with`: `party` beside a vote or a ballot). Subject: whom the record describes (subject.py) is evidence too. On a
count per group, a settings toggle, a search form, an organisation, an
election and other things that are not people, no demographic term fires;
terms marked `subject = "person"` (`citizen`, `ancestral_state`) fire only on
a record about a person, and an ambiguous term says so in its evidence ("on a
person record: first_name, birth_date").

Model names and related types only use
terms that are specific enough on their own (`Ethnicity` fires, `Race` needs
its enum members to); such an ambiguous term is silent on the fields of a model
named after it too (`RaceEntry.race`).

Which words are terms, flags and values, and their guards, is data: see
lexicon.toml.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence

from flake8_neveragain.classify.lexicon import Lexicon, Strength, Term, ValueTerm, Words
from flake8_neveragain.classify.subject import Subject, subject_of
from flake8_neveragain.facts import FieldFact, Match
from flake8_neveragain.rules.registry import CATEGORIES

_SHOWN_VALUES = 3
# Words that name a row rather than describe it: religion.religion_name.
_LABEL_WORDS = frozenset({"name", "label", "title", "description", "desc", "fid", "uuid", "pk"})


class Classifier:
    """Classify facts against a lexicon; built once per run, used per field."""

    def __init__(self, lexicon: Lexicon, allow_names: Sequence[str] = ()) -> None:
        self._lexicon = lexicon
        self._allowed = _compile_globs(allow_names)

    def classify(self, fact: FieldFact) -> list[Match]:
        """At most one Match per category, in the order of rules/registry.py's CATEGORIES."""
        if self._allowed is not None and self._is_allowed(fact):
            return []
        lexicon = self._lexicon
        context = _Context(lexicon, fact)
        is_model = fact.kind == "model"
        found: dict[str, str] = {}
        # Categories whose evidence is a term that means something else off a
        # person: the evidence then says whom the record is about.
        about_person: set[str] = set()

        def note(term: Term, evidence: str) -> None:
            if term.category not in found:
                found[term.category] = evidence
                if term.person_only or not term.model_name:
                    about_person.add(term.category)

        for term in self._name_terms(lexicon.words(fact.name), is_model, context):
            note(term, _name_evidence(term, fact.name if is_model else None))
        for alias in fact.aliases:
            for term in self._name_terms(lexicon.words(alias), is_model, context):
                note(term, f"stored as '{alias}'")
        if not is_model:
            for name in (fact.name, *fact.aliases):
                for term in self._flag_terms(lexicon.words(name), fact.is_boolean, context):
                    note(term, f"flag '{name}'")
        for type_name in fact.type_refs:
            for term in self._name_terms(lexicon.words(type_name), True, context):
                note(term, f"related type '{type_name}'")
        if fact.values:
            prefix = "members" if is_model else "choices list"
            for category, shown in _value_evidence(lexicon, fact.values, context).items():
                found.setdefault(category, f"{prefix} {shown}")

        if not found:
            return []
        if not is_model:
            subject = context.subject()
            if subject.is_other:
                # A count per group, a settings toggle, a racing team: nobody's record.
                return []
            if subject.is_person:
                for category in about_person:
                    found[category] += f"; {subject.describe()}"
        return [Match(category, found[category]) for category in CATEGORIES if category in found]

    def _is_allowed(self, fact: FieldFact) -> bool:
        assert self._allowed is not None
        return any(self._allowed(name) for name in (fact.name, fact.symbol, *fact.aliases))

    def _name_terms(self, words: Words, model_only: bool, context: _Context) -> list[Term]:
        """Name terms all of whose words are in `words`, most specific first."""
        index = self._lexicon.names
        hits = [
            term
            for word in words.seq
            for term in index.get(word, ())
            if term.words <= words.set
            and (term.model_name or not model_only)
            and (len(term.words) == 1 or _close_together(term.words, words.seq))
            and context.allows(term)
        ]
        if len(hits) > 1:
            # Cite the most specific term: more words first, then terms that are
            # unambiguous on their own ("ethnicity" before "race"); ties keep name order.
            hits.sort(key=lambda term: (-len(term.words), not term.model_name))
        return hits

    def _flag_terms(self, words: Words, is_boolean: bool, context: _Context) -> list[Term]:
        """Flag terms in flag position: `is_muslim`, `muslim_flag`, `muslim: bool`."""
        lexicon = self._lexicon
        seq = words.seq
        if not seq:
            return []
        start = 1 if seq[0] in lexicon.flag_prefixes else 0
        end = len(seq) - 1 if seq[-1] in lexicon.flag_suffixes else len(seq)
        if start == 0 and end == len(seq) and not is_boolean:
            return []
        rest = frozenset(seq[start:end])
        return [
            term
            for word in seq[start:end]
            for term in lexicon.flags.get(word, ())
            if term.words <= rest and rest - term.words <= lexicon.flag_qualifiers and context.allows(term)
        ]


def _close_together(term_words: frozenset[str], seq: tuple[str, ...]) -> bool:
    """Whether all of a term's words fit in a window one word wider than the term.

    Long names otherwise pair unrelated words: "health" and "record" in
    GetResourceRecordSetsEnableHealthChecking.
    """
    width = len(term_words) + 1
    return any(word in term_words and term_words <= set(seq[start:start + width])
               for start, word in enumerate(seq))


class _Context:
    """The words guards are checked against, computed only when a guard asks."""

    __slots__ = ("_around", "_fact", "_field", "_lexicon", "_owner", "_siblings", "_subject")

    def __init__(self, lexicon: Lexicon, fact: FieldFact) -> None:
        self._lexicon = lexicon
        self._fact = fact
        self._field: frozenset[str] | None = None
        self._around: frozenset[str] | None = None
        self._owner: frozenset[str] | None = None
        self._siblings: frozenset[str] | None = None
        self._subject: Subject | None = None

    def allows(self, term: Term) -> bool:
        if term.unless and not term.unless.isdisjoint(self.around()):
            return False
        if term.unless_field and not term.unless_field.isdisjoint(self.field()):
            return False
        if term.only_with and term.only_with.isdisjoint(self.around()) and term.only_with.isdisjoint(self.siblings()):
            return False
        if term.person_only and not self.subject().is_person:
            return False
        if term.words <= self.owner() and not self._owner_named_allows(term):
            return False
        if term.unless_owner and not term.unless_owner.isdisjoint(self.owner()):
            return False
        if term.unless_siblings and not term.unless_siblings.isdisjoint(self.siblings()):
            return False
        return True

    def _owner_named_allows(self, term: Term) -> bool:
        """Whether a term that is also in the owner's name may fire on its field.

        A model named after an ambiguous word is that thing (a Race, a
        Denomination) and its fields describe it (RaceEntry.race), unless the
        record is about a person (PersonRace.race, a CLIENT_RACE table). A
        field that only repeats its table's name with a key word
        (refugee.refugee_name, religion.religion_id) is the row's own label;
        the table itself is reported as a list of categories.
        """
        if self.subject().is_person:
            return True
        if not term.model_name:
            return False
        extra = self.field() - self.owner()
        return not extra or not extra <= self._lexicon.subjects.reference_suffixes | _LABEL_WORDS

    def subject(self) -> Subject:
        """Whom the field's record describes (subject.py), decided once per field."""
        if self._subject is None:
            fact, words = self._fact, self._lexicon.words
            siblings = {name: words(name).set for name in fact.siblings}
            owner = words(fact.owner).seq if fact.owner else ()
            self._subject = subject_of(
                self._lexicon.subjects, words(fact.name).seq, owner, fact.owner, siblings
            )
        return self._subject

    def allows_value(self, term: ValueTerm) -> bool:
        return not term.unless or term.unless.isdisjoint(self.around())

    def owner(self) -> frozenset[str]:
        if self._owner is None:
            owner = self._fact.owner
            self._owner = self._lexicon.words(owner).set if owner else frozenset()
        return self._owner

    def field(self) -> frozenset[str]:
        """The field's own words: its name, stored names and related types."""
        if self._field is None:
            fact, words = self._fact, self._lexicon.words
            self._field = frozenset().union(*(words(name).set for name in (fact.name, *fact.aliases, *fact.type_refs)))
        return self._field

    def around(self) -> frozenset[str]:
        """The field's own words and its owner's."""
        if self._around is None:
            self._around = self.field() | self.owner()
        return self._around

    def siblings(self) -> frozenset[str]:
        if self._siblings is None:
            words = self._lexicon.words
            self._siblings = frozenset().union(*(words(name).set for name in self._fact.siblings))
        return self._siblings


def _name_evidence(term: Term, model_name: str | None) -> str:
    if model_name is not None:
        return f"model name '{model_name}'"
    return f"name token{'s' if len(term.words) > 1 else ''} '{term.label}'"


# --- values ------------------------------------------------------------------------


def _value_evidence(lexicon: Lexicon, values: Iterable[str], context: _Context) -> dict[str, str]:
    """Category -> "A, B, C, ..." for the categories the values are evidence of."""
    # Per category: distinct match (the set of term labels a value matched) ->
    # (strongest strength, value to show).
    matches: dict[str, dict[frozenset[str], tuple[Strength, str]]] = {}
    for value in dict.fromkeys(values):
        per_category: dict[str, list[ValueTerm]] = {}
        hits = lexicon.value_hits(value)
        for term in hits:
            if context.allows_value(term):
                per_category.setdefault(term.category, []).append(term)
        as_shown = _shown_value(lexicon, value, hits)
        for category, terms in per_category.items():
            key = frozenset(term.label for term in terms)
            strength = _strongest(term.strength for term in terms)
            seen = matches.setdefault(category, {})
            if key not in seen or _label_like(as_shown) > _label_like(seen[key][1]):
                seen[key] = (strength, as_shown)
    evidence: dict[str, str] = {}
    for category, seen in matches.items():
        if _values_suffice([strength for strength, _ in seen.values()]):
            shown = [value for _, value in seen.values()]
            more = ", ..." if len(shown) > _SHOWN_VALUES else ""
            evidence[category] = ", ".join(shown[:_SHOWN_VALUES]) + more
    return evidence


def _shown_value(lexicon: Lexicon, value: str, hits: Iterable[ValueTerm]) -> str:
    """`value` as written when the lexicon recognises all of it, else only what it recognised.

    Reports carry names and category words, never other data: a choice value
    `"muslim <token>"` is shown as `muslim`.
    """
    hits = tuple(hits)
    recognised = {word for term in hits for word in lexicon.words(term.label).seq}
    if all(word in recognised or word in lexicon.stop_words for word in lexicon.words(value).seq):
        return value
    return " ".join(dict.fromkeys(term.label for term in hits))


def _values_suffice(strengths: list[Strength]) -> bool:
    total = len(strengths)
    if "strong" in strengths:
        return total >= 2
    return "weak" in strengths and total >= 3


def _strongest(strengths: Iterable[Strength]) -> Strength:
    ranked = set(strengths)
    return next(strength for strength in ("strong", "weak", "faint") if strength in ranked)


def _label_like(value: str) -> int:
    """Prefer showing "Sunni Muslim" over "SUNNI_MUSLIM" or "sunni_muslim"."""
    return (" " in value) + (not value.isupper() and not value.islower())


# --- allow-list ----------------------------------------------------------------------


def _compile_globs(patterns: Sequence[str]) -> Callable[[str], object] | None:
    """One case-insensitive regex for all fnmatch-style patterns, or None."""
    if not patterns:
        return None
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns), re.IGNORECASE).match
