"""Does a value loaded from a cache have the shape its type hint promises?

The lexicon cache (usercache.py) stores plain tuples, dicts and frozensets;
a file of the right key but the wrong shape (`compound_parts = None`) once
turned every checked file into an internal error (d17). Checking against the
same type hints the classes declare means the check cannot drift from them.
NamedTuples are expected as the plain tuples `to_plain` makes of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import Any, Literal, get_args, get_origin, get_type_hints


def fits(value: Any, hint: Any) -> bool:
    """Whether `value` (built of marshal's types only) has the shape of `hint`."""
    return _all_fit([value], hint)


def _all_fit(values: list[Any], hint: Any) -> bool:
    """Whether every one of `values` fits `hint`, checked a level at a time.

    Each level is a few C-level passes (map, chain, itemgetter) over all values
    at once, so the Python work grows with the depth of the type, not with the
    size of the data: the lexicon's tables (about 60,000 items) take about 1 ms.
    """
    if hint is Any:  # a part another check owns (classify/lexicon_source.py leaves the tables to classify/lexicon.py)
        return True
    origin, args = get_origin(hint), get_args(hint)
    if origin is Literal:  # types first (a list cannot be hashed; 1 is no True), then values
        types = {type(choice) for choice in args}
        return types.issuperset(map(type, values)) and set(zip(map(type, values), values)) <= {
            (type(choice), choice) for choice in args
        }
    if origin is None and not (isinstance(hint, type) and issubclass(hint, tuple)):
        return {hint}.issuperset(map(type, values))  # str, bool, int: exact types
    outer = dict if origin is Mapping else tuple if origin is None else origin
    if not {outer}.issuperset(map(type, values)):
        return False
    # Each shared container once: marshal keeps shared objects shared, and a lexicon
    # block's guard set is shared by all its terms (58,000 words, 4,000 distinct).
    values = list(dict(zip(map(id, values), values)).values())
    if outer is dict:
        keys, items = args
        return (_all_fit(list(chain.from_iterable(values)), keys)
                and _all_fit(list(chain.from_iterable(map(dict.values, values))), items))
    if outer is frozenset or (len(args) == 2 and args[1] is Ellipsis):
        return _all_fit(list(chain.from_iterable(values)), args[0])
    fields = args if origin is tuple else _fields(hint)  # a NamedTuple is stored as a plain tuple
    if fields is None or not set(map(len, values)) <= {len(fields)}:
        return False
    return all(_all_fit(list(map(itemgetter(i), values)), field) for i, field in enumerate(fields))


@cache
def _fields(cls: type) -> tuple[Any, ...] | None:
    """A NamedTuple's field hints in order; None for any other tuple type."""
    names = getattr(cls, "_fields", None)
    if names is None:
        return None
    hints = get_type_hints(cls)
    return tuple(hints[name] for name in names)
