"""Split identifiers, column names and choice labels into lower-case words.

Everything the classifier reads goes through `split_identifier`: Python names
(`userRace`, `ETHNICITY_CD`), SQL column names, enum members and choice labels
("Sunni Muslim", "African-American"), and the lexicon's own terms, so both
sides of every comparison are spelled the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from flake8_neveragain.classify.lexicon_source import abbreviations

# One word per match, on text whose accents are already folded:
#   an upper-case run followed by a capitalised word ("HTTPOrigin" -> "HTTP"),
#   a capitalised or lower-case word ("Origin", "user"),
#   a trailing upper-case run ("RACE", "CD"),
#   a run of letters outside ASCII that folding could not map (Cyrillic, CJK...).
# Digits, underscores, dashes, dots, spaces and punctuation separate words and
# are dropped: `race2` -> ("race",).
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[^\W\d_A-Za-z]+")

# Letters that NFKD does not decompose into an ASCII letter plus marks.
_LIGATURES = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
})


def fold_accents(text: str) -> str:
    """`religião` -> `religiao`, `Staatsangehörigkeit` -> `Staatsangehorigkeit`.

    Case is kept so that camelCase splitting still works afterwards.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=1 << 17)
def split_identifier(name: str) -> tuple[str, ...]:
    """Lower-case words of `name`, accents folded and abbreviations expanded.

    >>> split_identifier("birthCountryCode")
    ('birth', 'country', 'code')
    >>> split_identifier("ETHNIC_GRP2")
    ('ethnic', 'group')

    Memoised: it runs on every field, alias, sibling and value of every file.
    """
    if not name.isascii():
        name = fold_accents(name)
    long_forms = abbreviations()  # [abbreviations] of lexicon.toml
    words = []
    for match in _WORD.findall(name):
        word = match.lower()
        words.append(long_forms.get(word, word))
    return tuple(words)

