"""Rules: judged facts become findings, and what each code is.

    judge                the stage's entry: a file's facts, of every kind, become its findings
    registry             one record per code: name, summary, default, fides key, message shape
    demographic          classified FieldFacts -> NEV101-106 findings
    encryption_levels    one table per driver family: how each option's values rank, which are weak
    encryption_findings  judged setting facts, migration decryptions, --diff downgrades -> NEV201-203
    emit                 the one function that makes a Finding (position, category, rule URL)
"""
