"""Whom a record describes: a person, or something that is not one.

The same word is a review prompt on a person and noise elsewhere: `race` on a
Patient or in a CLIENT_RACE table, but not in a table of counts per race, on an
election's results feed or as a settings toggle (`use_citizenship`). The
classifier asks `subject_of` once per field and uses the answer as evidence in
its own right (see classifier.py):

- a person subject lets terms that need one fire (`citizen`,
  `father_ancestral_state`, `race` on a model named after it) and is named in
  the evidence ("on a person record: first_name, birth_date");
- any other known subject silences the demographic terms on that field;
- an unknown subject changes nothing.

Signals are read from the most specific place first; the first that speaks
decides:

1. the field's own purpose: a count or rate (`refugee_seats`,
   `hispanic_count`), a settings toggle (`use_citizenship`,
   `ethnicity_required`) or a search filter (`nationality_filter`);
2. a person noun in the field's name (`father_ancestral_state`,
   `owner_ethnicity` on a Vendor);
3. the owner's purpose (`RacePopulation`, `FederationCountryConfig`,
   `SavedSearch`), which wins over a person noun beside it (`PatientCount`);
4. a person noun in the owner's name (`StatePersonRace`, `PATH_CLIENT_RACE`);
5. a thing the owner is named after (`RacingTeam`, `Vessel`, `Election`);
6. sibling fields: one that only a person has (first_name, birth_date, ssn)
   or two that people usually have (email, address);
7. sibling fields about a thing (election_date) or counts (count, total).

Which words mean what is data: the [subjects] section of lexicon.toml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

# The kinds of subject; "person" and "unknown" aside, each silences the
# demographic terms of a field.
PERSON = "person"
UNKNOWN = "unknown"


class SubjectWords(NamedTuple):
    """The [subjects] word lists of lexicon.toml, as canonical lexicon words.

    Multi-word entries ("first name") are word sets: a name matches when it
    holds all of them.
    """

    person: frozenset[str]
    # Person nouns that, as a sibling reference, do not say whom the record
    # describes: who edited it (created_by_user, owner_id), a tree's parent.
    ambiguous_references: frozenset[str]
    # Words that may follow a person noun in a reference: patient_id, client_key.
    reference_suffixes: frozenset[str]
    person_details: tuple[frozenset[str], ...]
    person_contact: tuple[frozenset[str], ...]
    aggregate: frozenset[str]
    settings: frozenset[str]
    settings_prefixes: frozenset[str]
    settings_suffixes: frozenset[str]
    search: frozenset[str]
    # Non-person kind -> words naming such an owner ("organisation" -> team, company...).
    things: tuple[tuple[str, frozenset[str]], ...]
    # Non-person kind -> words that, in a sibling field, say the record is about one.
    thing_siblings: tuple[tuple[str, frozenset[str]], ...]

    def to_plain(self) -> tuple[Any, ...]:
        """Plain tuples and frozensets, which marshal stores (see files/usercache.py)."""
        return tuple(self)

    @classmethod
    def from_plain(cls, plain: Iterable[Any]) -> SubjectWords:
        return cls(*plain)


NO_SUBJECT_WORDS = SubjectWords(
    frozenset(), frozenset(), frozenset(), (), (), frozenset(), frozenset(), frozenset(), frozenset(),
    frozenset(), (), (),
)


class Subject(NamedTuple):
    """What a record is about, and the words that said so."""

    kind: str
    evidence: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind == PERSON

    @property
    def is_other(self) -> bool:
        """Known not to be a person: demographic terms stay silent."""
        return self.kind not in (PERSON, UNKNOWN)

    def describe(self) -> str:
        """For a finding's evidence: "on a person record: first_name, birth_date"."""
        return f"on a person record: {self.evidence}" if self.is_person else f"on {self.kind}: {self.evidence}"


NO_SUBJECT = Subject(UNKNOWN)

# At most this many sibling names are quoted as evidence.
_SHOWN_SIBLINGS = 2


def subject_of(
    words: SubjectWords,
    field: tuple[str, ...],
    owner: tuple[str, ...],
    owner_name: str | None,
    siblings: Mapping[str, frozenset[str]],
) -> Subject:
    """Decide whom a field's record describes; see the module docstring for the order.

    `field` and `owner` are the lexicon words of the field's and the owner's
    names, `siblings` maps each sibling field name to its words.
    """
    field_set = frozenset(field)
    purpose = _purpose(words, field, field_set)
    if purpose is not None:
        return purpose
    person = field_set & words.person
    if person:
        return Subject(PERSON, f"field name about a {min(person)}")

    owner_set = frozenset(owner)
    if owner_set:
        if owner_set & words.aggregate:
            return Subject("aggregate", f"model name '{owner_name}'")
        if owner_set & words.settings:
            return Subject("settings", f"model name '{owner_name}'")
        if owner_set & words.search:
            return Subject("search", f"model name '{owner_name}'")
        if owner_set & words.person:
            return Subject(PERSON, f"model name '{owner_name}'")
        for kind, nouns in words.things:
            if owner_set & nouns:
                return Subject(kind, f"model name '{owner_name}'")

    if siblings:
        return _from_siblings(words, siblings)
    return NO_SUBJECT


def _purpose(words: SubjectWords, field: tuple[str, ...], field_set: frozenset[str]) -> Subject | None:
    """A field that counts, configures or filters rather than records."""
    if not field:
        return None
    if field_set & words.aggregate:
        return Subject("aggregate", f"a count or rate: {'_'.join(field)}")
    if len(field) > 1 and (field[0] in words.settings_prefixes or field[-1] in words.settings_suffixes):
        return Subject("settings", f"a settings toggle: {'_'.join(field)}")
    if len(field) > 1 and field_set & words.search:
        return Subject("search", f"a search filter: {'_'.join(field)}")
    return None


def _from_siblings(words: SubjectWords, siblings: Mapping[str, frozenset[str]]) -> Subject:
    # One pass, with what each sibling says looked up rather than worked out
    # again: a record of n fields asks about its (up to 64) siblings n times.
    known = _sibling_marks(words)
    if len(known) > _MAX_REMEMBERED:
        known.clear()
    details: list[str] = []
    nouns: list[str] = []
    contact: list[str] = []
    first_thing: dict[int, str] = {}  # position in thing_siblings -> first sibling so marked
    first_count: str | None = None
    for name, found in siblings.items():
        mark = known.get(found)
        if mark is None:
            mark = known[found] = _marks(words, found)
        if mark is _NO_MARKS:  # most siblings say nothing
            continue
        if mark.detail:
            details.append(name)
        if mark.noun:
            nouns.append(name)
        if mark.contact:
            contact.append(name)
        for position in mark.things:
            first_thing.setdefault(position, name)
        if mark.counting and first_count is None:
            first_count = name
    if details or nouns:
        return Subject(PERSON, ", ".join((details + nouns)[:_SHOWN_SIBLINGS]))
    if len(contact) >= 2:
        return Subject(PERSON, ", ".join(contact[:_SHOWN_SIBLINGS]))
    if first_thing:
        position = min(first_thing)
        return Subject(words.thing_siblings[position][0], f"beside {first_thing[position]}")
    if first_count is not None:
        return Subject("aggregate", f"beside {first_count}")
    return NO_SUBJECT


class _Marks(NamedTuple):
    """What one sibling's words say about the record."""

    detail: bool  # a detail only a person has (first_name, birth_date)
    noun: bool  # a reference to a person (patient_id)
    contact: bool  # a contact detail (email, address)
    things: tuple[int, ...]  # positions in thing_siblings whose words it holds
    counting: bool  # only counting words (count, total)


# Distinct sibling word sets remembered per lexicon before starting afresh.
_MAX_REMEMBERED = 1 << 16


@lru_cache(maxsize=4)
def _sibling_marks(words: SubjectWords) -> dict[frozenset[str], _Marks]:
    return {}


_NO_MARKS = _Marks(detail=False, noun=False, contact=False, things=(), counting=False)


def _marks(words: SubjectWords, found: frozenset[str]) -> _Marks:
    marks = _Marks(
        detail=_has_any(found, words.person_details),
        noun=_is_person_reference(words, found),
        contact=_has_any(found, words.person_contact),
        things=tuple(position for position, (_, kind_words) in enumerate(words.thing_siblings) if found & kind_words),
        counting=bool(found) and found <= words.aggregate,
    )
    return _NO_MARKS if marks == _NO_MARKS else marks


def _is_person_reference(words: SubjectWords, found: frozenset[str]) -> bool:
    """household_member, patient_id, client_key: the record belongs to that person."""
    nouns = found & words.person
    return bool(nouns - words.ambiguous_references) and found - nouns <= words.reference_suffixes


def _has_any(found: frozenset[str], phrases: tuple[frozenset[str], ...]) -> bool:
    return any(phrase <= found for phrase in phrases)
