"""Classification: which sensitive categories a neutral fact records, and why.

It knows categories, never frameworks (those stay in extract/ and sql/).

    lexicon_source  where the lexicon's data comes from: lexicon.toml, or the per-user cache
    words           split identifiers, column names and choice labels into words
    lexicon         lexicon.toml turned into lookup tables keyed by word
    subject         whom a record describes: a person, or something that is not one
    classifier      FieldFact -> matches, with the evidence for each
"""
