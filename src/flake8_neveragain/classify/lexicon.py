"""The lexicon: lexicon.toml turned into lookup tables keyed by word.

The data (and the explanation of its format) lives in lexicon.toml next to this
module. Here it becomes dictionaries so that classifying a field costs a few
dict look-ups and set operations, not a loop over every term.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple

from flake8_neveragain.classify import lexicon_source
from flake8_neveragain.classify.lexicon_source import raw_lexicon
from flake8_neveragain.classify.subject import NO_SUBJECT_WORDS, SubjectWords
from flake8_neveragain.classify.words import split_identifier
from flake8_neveragain.files.plainshape import fits
from flake8_neveragain.rules.registry import CATEGORIES

Strength = Literal["strong", "weak", "faint"]
STRENGTHS: tuple[Strength, ...] = ("strong", "weak", "faint")

_GUARD_SCOPES = ("unless", "unless_field", "unless_owner", "unless_siblings", "only_with")
_TERM_OPTIONS = {"terms", "model_name", "subject", *_GUARD_SCOPES}
_VALUE_OPTIONS = {"terms", "strength", "unless"}
_SECTIONS = {"tokens", "abbreviations", "flag_words", "neutral_values", "word_sets", "subjects"}
# [subjects] lists read as single words, and those read as phrases (word sets).
_SUBJECT_WORD_LISTS = (
    "person", "ambiguous_references", "reference_suffixes", "aggregate", "settings", "settings_prefixes",
    "settings_suffixes", "search",
)
_SUBJECT_PHRASE_LISTS = ("person_details", "person_contact")


class Term(NamedTuple):
    """A name or flag term: it fires when all its words occur among a name's words."""

    category: str
    label: str  # as written in the lexicon; shown in evidence
    words: frozenset[str]
    # Guard words: any of them in the field's words or its owner's name
    # (`unless`), the field's words only, the owner's name only, or the other
    # field names of the owner silences the term.
    unless: frozenset[str] = frozenset()
    unless_field: frozenset[str] = frozenset()
    unless_owner: frozenset[str] = frozenset()
    unless_siblings: frozenset[str] = frozenset()
    model_name: bool = True
    # Context words of which at least one must occur in the field's words, its
    # owner's name or its siblings: `party` beside a vote or a ballot.
    only_with: frozenset[str] = frozenset()
    # Fires only on a record about a person (subject.py): `citizen`,
    # `ancestral_state` and the like mean something else elsewhere.
    person_only: bool = False


class ValueTerm(NamedTuple):
    """A word or phrase that, as a choice or enum value, is evidence for a category."""

    category: str
    label: str
    strength: Strength
    unless: frozenset[str] = frozenset()


class Words(NamedTuple):
    """The lexicon's view of one name: its words in order and as a set."""

    seq: tuple[str, ...]
    set: frozenset[str]


class Lexicon:
    """Lookup tables built from lexicon.toml (plus any user terms)."""

    def __init__(
        self,
        *,
        names: Mapping[str, tuple[Term, ...]],
        flags: Mapping[str, tuple[Term, ...]],
        values: Mapping[tuple[str, ...], tuple[ValueTerm, ...]],
        singular: Mapping[str, str],
        stop_words: frozenset[str],
        flag_prefixes: frozenset[str],
        flag_suffixes: frozenset[str],
        flag_qualifiers: frozenset[str],
        compound_parts: frozenset[str] = frozenset(),
        subjects: SubjectWords = NO_SUBJECT_WORDS,
    ) -> None:
        # Terms are filed under one of their words (the rarest), so a name's
        # candidate terms are found with one look-up per word of the name.
        self.names = names
        self.flags = flags
        # Value phrases (word tuples) -> what they are evidence for; neutral
        # phrases map to () and only stop their words from matching.
        self.values = values
        self.longest_value = max(map(len, values), default=1)
        self.singular = singular
        self.stop_words = stop_words
        self.flag_prefixes = flag_prefixes
        self.flag_suffixes = flag_suffixes
        self.flag_qualifiers = flag_qualifiers
        # Words a run-together name may be split into (see _split_compound).
        self.compound_parts = compound_parts
        # Words that tell whom a record describes (subject.py).
        self.subjects = subjects
        self._add_memo_tables()

    def _add_memo_tables(self) -> None:
        # Per instance: the same names and labels recur in every file.
        self.words = lru_cache(maxsize=1 << 16)(self._words)
        self.value_hits = lru_cache(maxsize=1 << 15)(self._value_hits)

    def __getstate__(self) -> dict[str, Any]:
        # The memo tables do not pickle (process pools with "spawn" need it).
        state = self.__dict__.copy()
        del state["words"], state["value_hits"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._add_memo_tables()

    def to_plain(self) -> tuple[Any, ...]:
        """The tables as plain tuples, dicts and sets (what marshal stores); see `from_plain`."""
        def plain(index: Mapping[Any, tuple[tuple[Any, ...], ...]]) -> dict[Any, tuple[tuple[Any, ...], ...]]:
            return {key: tuple(map(tuple, terms)) for key, terms in index.items()}

        return (plain(self.names), plain(self.flags), plain(self.values), dict(self.singular), self.stop_words,
                self.flag_prefixes, self.flag_suffixes, self.flag_qualifiers, self.compound_parts,
                self.subjects.to_plain())

    @classmethod
    def from_plain(cls, tables: tuple[Any, ...]) -> Lexicon:
        names, flags, values, singular, stop_words, prefixes, suffixes, qualifiers, compound_parts, subjects = tables
        return cls(
            names={word: tuple(map(Term._make, terms)) for word, terms in names.items()},
            flags={word: tuple(map(Term._make, terms)) for word, terms in flags.items()},
            values={phrase: tuple(map(ValueTerm._make, terms)) for phrase, terms in values.items()},
            singular=singular,
            stop_words=stop_words,
            flag_prefixes=prefixes,
            flag_suffixes=suffixes,
            flag_qualifiers=qualifiers,
            compound_parts=compound_parts,
            subjects=SubjectWords.from_plain(subjects),
        )

    def all_terms(self) -> Iterable[Term]:
        for terms in (*self.names.values(), *self.flags.values()):
            yield from terms

    def _words(self, text: str) -> Words:
        """Words of `text` as the lexicon compares them: singular, no stop words."""
        singular, stop = self.singular, self.stop_words
        words: list[str] = []
        for word in split_identifier(text):
            if len(word) >= _MIN_COMPOUND and word not in self.compound_parts and word.isalpha():
                words.extend(self._split_compound(word))
            else:
                words.append(word)
        seq = tuple(singular.get(word, word) for word in words if word not in stop)
        return Words(seq, frozenset(seq))

    def _split_compound(self, word: str) -> list[str]:
        """Split a run-together name into lexicon words, or leave it whole.

        Django writes relation targets in lower case ("app.ethnicgroup") and
        legacy SQL has columns like countryofbirth. A split is accepted only
        when every part is a word of some name term (or a stop word or a
        common suffix such as id/code), so "racetrack", "passenger" or
        "broadcaster" stay whole and match nothing. Fewest parts win.
        """
        parts = self.compound_parts
        prefixes = _prefixes(parts)
        size = len(word)
        # count[i]: parts in the shortest split of word[:i]; back[i]: where its
        # last part starts (-1: no split). Back-pointers, not copied lists, and
        # pieces grown only while they begin some part keep this linear in
        # len(word) (d01: a 1 MB name took minutes).
        count = [0] * (size + 1)
        back = [-1] * (size + 1)
        back[0] = 0
        for start in range(size):
            if back[start] < 0:
                continue
            steps = count[start] + 1
            for end in range(start + 1, min(size, start + _LONGEST_PART) + 1):
                piece = word[start:end]
                if piece not in prefixes:
                    break
                # Starts come in ascending order, so ties keep the earliest start.
                if piece in parts and (back[end] < 0 or steps < count[end]):
                    count[end] = steps
                    back[end] = start
        if back[size] < 0 or count[size] < 2:
            return [word]
        split: list[str] = []
        end = size
        while end > 0:
            split.append(word[back[end]:end])
            end = back[end]
        split.reverse()
        return split

    def _value_hits(self, value: str) -> tuple[ValueTerm, ...]:
        """Value terms in `value`, matching the longest phrase first at each word."""
        seq = self.words(value).seq
        table, longest = self.values, self.longest_value
        hits: list[ValueTerm] = []
        start = 0
        while start < len(seq):
            for size in range(min(longest, len(seq) - start), 0, -1):
                found = table.get(seq[start:start + size])
                if found is not None:
                    hits.extend(found)
                    start += size
                    break
            else:
                start += 1
        return tuple(hits)


def load_lexicon(extra_terms: Mapping[str, Sequence[str]] | None = None) -> Lexicon:
    """The built-in lexicon, plus user name terms per category if given.

    `extra_terms` maps a category key (see CATEGORIES in rules/registry.py) to terms written
    like "herkunftsland", "land of birth" or "land_of_birth"; they fire as name
    terms without guards. An unknown category key raises ValueError.
    """
    if not extra_terms:
        return _default_lexicon()
    frozen = tuple(sorted((key, _as_tuple(terms)) for key, terms in extra_terms.items()))
    return _lexicon_with_extras(frozen)


@cache
def _default_lexicon() -> Lexicon:
    cached = _cached_default()
    if cached is not None:
        return cached
    lexicon = _build(raw_lexicon(), ())
    lexicon_source.store(lexicon.to_plain())
    return lexicon


@cache
def _cached_default() -> Lexicon | None:
    """The default lexicon from the per-user cache (see lexicon_source.py), if there."""
    stored = lexicon_source.cached_entry()
    # The right key but the wrong shape (d17: `compound_parts = None` broke every file
    # later, in the rules): checked in full here, so a bad cache is a miss and rebuilt.
    if stored is None or not fits(stored, _cached_shape()):
        return None
    return Lexicon.from_plain(stored[0])


@cache
def _cached_shape() -> Any:
    """What `_default_lexicon` stores: (Lexicon.to_plain(), abbreviations)."""
    index = dict[str, tuple[Term, ...]]
    words = frozenset[str]
    tables = tuple[index, index, dict[tuple[str, ...], tuple[ValueTerm, ...]], dict[str, str],
                   words, words, words, words, words, SubjectWords]
    return tuple[tables, dict[str, str]]


@lru_cache(maxsize=8)
def _lexicon_with_extras(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    unknown = [key for key, _ in extra if key not in CATEGORIES]
    not_text = [term for _, terms in extra for term in terms if not isinstance(term, str)]
    if not_text:
        raise ValueError(f"extra terms must be text, not {not_text[0]!r}")
    if unknown:
        raise ValueError(
            f"unknown category {unknown[0]!r} in extra terms; "
            f"valid categories: {', '.join(CATEGORIES)}"
        )
    return _build(raw_lexicon(), extra)


def _as_tuple(terms: Sequence[str] | str) -> tuple[str, ...]:
    # A lone string is one term, not a sequence of one-letter terms.
    return (terms,) if isinstance(terms, str) else tuple(terms)


# --- building -------------------------------------------------------------------


class _Block(NamedTuple):
    """One [[category.kind]] table of lexicon.toml (or the user's extra terms), tokenised."""

    category: str
    kind: str  # "names", "flags" or "values"
    terms: list[tuple[str, tuple[str, ...]]]  # (label as written, words)
    guards: dict[str, tuple[str, ...]]  # guard scope ("unless", ...) -> words
    model_name: bool = True
    strength: Strength = "strong"
    person_only: bool = False


class _Builder:
    """Turns parsed TOML into a Lexicon; one instance per build."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        unknown = set(data) - _SECTIONS - set(CATEGORIES)
        if unknown:
            raise ValueError(f"lexicon.toml: unknown section(s) {sorted(unknown)}")
        self.stop_words = frozenset(data["tokens"]["stop_words"])
        self.word_sets: dict[str, list[str]] = data["word_sets"]
        # Every word the lexicon mentions, so that the plural table covers them all.
        self.vocabulary: set[str] = set()
        self._expanded_sets: dict[str, tuple[str, ...]] = {}

    def words(self, text: str) -> tuple[str, ...]:
        words = tuple(word for word in split_identifier(text) if word not in self.stop_words)
        self.vocabulary.update(words)
        return words

    def term_words(self, label: str, where: str) -> tuple[str, ...]:
        words = self.words(label)
        if not words:
            raise ValueError(f"{where}: term {label!r} has no words to match")
        return words

    def guard_words(self, refs: Iterable[str], where: str) -> tuple[str, ...]:
        words: list[str] = []
        for ref in refs:
            if ref.startswith("@"):
                words.extend(self._word_set(ref[1:], where))
            else:
                words.extend(self.words(ref))
        return tuple(words)

    def _word_set(self, name: str, where: str) -> tuple[str, ...]:
        if name not in self._expanded_sets:
            if name not in self.word_sets:
                raise ValueError(f"lexicon.toml: {where} refers to unknown word set '@{name}'")
            self._expanded_sets[name] = tuple(word for text in self.word_sets[name] for word in self.words(text))
        return self._expanded_sets[name]

    def block(self, category: str, kind: str, table: Mapping[str, Any]) -> _Block:
        where = f"[[{category}.{kind}]]"
        allowed = _VALUE_OPTIONS if kind == "values" else _TERM_OPTIONS
        unknown = set(table) - allowed
        if unknown:
            raise ValueError(f"lexicon.toml: unknown option(s) {sorted(unknown)} in {where}")
        if not table.get("terms"):
            raise ValueError(f"lexicon.toml: {where} has no terms")
        strength = table.get("strength", "strong")
        if strength not in STRENGTHS:
            raise ValueError(f"lexicon.toml: {where} has strength {strength!r}; use one of {STRENGTHS}")
        subject = table.get("subject", "any")
        if subject not in ("any", "person"):
            raise ValueError(f"lexicon.toml: {where} has subject {subject!r}; use 'any' or 'person'")
        return _Block(
            category=category,
            kind=kind,
            terms=[(label, self.term_words(label, where)) for label in table["terms"]],
            guards={
                scope: self.guard_words(table[scope], where)
                for scope in _GUARD_SCOPES if scope in table
            },
            model_name=table.get("model_name", True),
            strength=strength,
            person_only=subject == "person",
        )

    def subjects(self, table: Mapping[str, Any]) -> dict[str, Any]:
        """[subjects] as word lists (not yet folded to singular)."""
        unknown = set(table) - {*_SUBJECT_WORD_LISTS, *_SUBJECT_PHRASE_LISTS, "things", "thing_siblings"}
        if unknown:
            raise ValueError(f"lexicon.toml: unknown key(s) {sorted(unknown)} in [subjects]")
        where = "[subjects]"
        plain: dict[str, Any] = {key: self.guard_words(table[key], where) for key in _SUBJECT_WORD_LISTS}
        for key in _SUBJECT_PHRASE_LISTS:
            plain[key] = [self.term_words(phrase, where) for phrase in table[key]]
        for key in ("things", "thing_siblings"):
            plain[key] = [(kind, self.guard_words(words, where)) for kind, words in table[key].items()]
        return plain


def _build(data: Mapping[str, Any], extra: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    # Pass 1: tokenise every table, collecting the vocabulary.
    builder = _Builder(data)
    blocks: list[_Block] = []
    for category in CATEGORIES:
        section = data.get(category, {})
        unknown = set(section) - {"names", "flags", "values"}
        if unknown:
            raise ValueError(f"lexicon.toml: unknown key(s) {sorted(unknown)} in [{category}]")
        for kind in ("names", "flags", "values"):
            blocks.extend(builder.block(category, kind, table) for table in section.get(kind, ()))
    for category, labels in extra:
        where = f"extra terms for {category}"
        terms = [(label, builder.term_words(label, where)) for label in labels]
        blocks.append(_Block(category, "names", terms, guards={}))
    neutral = [builder.term_words(phrase, "[neutral_values]") for phrase in data["neutral_values"]["phrases"]]
    subject_lists = builder.subjects(data["subjects"])

    # Pass 2: fold plurals, then file terms under their words.
    singular = _singular_forms(builder.vocabulary)

    def canonical(words: Iterable[str]) -> tuple[str, ...]:
        return tuple(singular.get(word, word) for word in words)

    indexed: dict[str, list[Term]] = {"names": [], "flags": []}
    values: dict[tuple[str, ...], list[ValueTerm]] = {canonical(phrase): [] for phrase in neutral}
    for block in blocks:
        guards = {scope: frozenset(canonical(words)) for scope, words in block.guards.items()}
        for label, words in block.terms:
            if block.kind == "values":
                term = ValueTerm(block.category, label, block.strength, guards.get("unless", frozenset()))
                values.setdefault(canonical(words), []).append(term)
            else:
                indexed[block.kind].append(
                    Term(block.category, label, frozenset(canonical(words)), **guards,
                         model_name=block.model_name, person_only=block.person_only)
                )

    flag_words = data["flag_words"]
    subjects = _subject_words(subject_lists, canonical)
    term_words = {word for kind in ("names", "flags") for term in indexed[kind] for word in term.words}
    return Lexicon(
        names=_index_by_rarest_word(indexed["names"]),
        flags=_index_by_rarest_word(indexed["flags"]),
        values={phrase: _unique(found) for phrase, found in values.items()},
        singular=singular,
        stop_words=builder.stop_words,
        flag_prefixes=frozenset(canonical(flag_words["prefixes"])),
        flag_suffixes=frozenset(canonical(flag_words["suffixes"])),
        flag_qualifiers=frozenset(canonical(flag_words["qualifiers"])),
        compound_parts=frozenset(
            word
            for word in term_words | builder.stop_words | _COMPOUND_SUFFIXES | subjects.person
            if len(word) >= 2
        ),
        subjects=subjects,
    )


def _subject_words(lists: Mapping[str, Any], canonical: Callable[[Iterable[str]], tuple[str, ...]]) -> SubjectWords:
    def words(key: str) -> frozenset[str]:
        return frozenset(canonical(lists[key]))

    def phrases(key: str) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(canonical(phrase)) for phrase in lists[key])

    def kinds(key: str) -> tuple[tuple[str, frozenset[str]], ...]:
        return tuple((kind, frozenset(canonical(found))) for kind, found in lists[key])

    return SubjectWords(
        person=words("person"),
        ambiguous_references=words("ambiguous_references"),
        reference_suffixes=words("reference_suffixes"),
        person_details=phrases("person_details"),
        person_contact=phrases("person_contact"),
        aggregate=words("aggregate"),
        settings=words("settings"),
        settings_prefixes=words("settings_prefixes"),
        settings_suffixes=words("settings_suffixes"),
        search=words("search"),
        things=kinds("things"),
        thing_siblings=kinds("thing_siblings"),
    )


# Run-together names shorter than this are left alone ("trace", "embrace").
_MIN_COMPOUND = 8
_LONGEST_PART = 24
# Suffixes a run-together column name may end with: religionid, ethnicitycode.
# Vendor and health-data schemas add standard/description/group parts the same way:
# ethnicgroupcodestd, ethnicgroupdesc, racesrcvalue.
_COMPOUND_SUFFIXES = frozenset({
    "id", "code", "cd", "fk", "key", "ref", "type", "status", "flag", "ind", "name", "std", "desc",
    "description", "text", "txt", "raw", "value", "val", "group", "src", "source", "concept", "other",
})


@lru_cache(maxsize=4)
def _prefixes(parts: frozenset[str]) -> frozenset[str]:
    """Every leading piece of every compound part: where growing a piece can stop."""
    return frozenset(part[:size] for part in parts for size in range(1, len(part) + 1))


def _plurals(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    if word.endswith("sis"):  # diagnosis -> diagnoses
        return (word[:-2] + "es",)
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return (word + "es",)
    if word.endswith("y") and word[-2] not in "aeiou":
        return (word[:-1] + "ies", word + "s")
    return (word + "s",)


def _singular_forms(vocabulary: set[str]) -> dict[str, str]:
    """Plural -> singular for every lexicon word.

    Lexicon words and scanned names go through the same table, so a plural that
    is itself a lexicon word ("races" in "two or more races") folds on both sides.
    """
    singular: dict[str, str] = {}
    for word in sorted(vocabulary):
        for plural in _plurals(word):
            if plural != word:
                singular.setdefault(plural, word)
    return singular


def _index_by_rarest_word(terms: list[Term]) -> dict[str, tuple[Term, ...]]:
    # Any one word of a term finds it (all its words must be present anyway);
    # the word fewest terms share keeps each bucket short.
    frequency = Counter(word for term in terms for word in term.words)
    index: dict[str, list[Term]] = {}
    for term in _unique(terms):
        anchor = min(term.words, key=lambda word: (frequency[word], -len(word), word))
        index.setdefault(anchor, []).append(term)
    return {word: tuple(found) for word, found in index.items()}


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))
