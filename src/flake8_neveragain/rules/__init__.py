"""Rules: judged facts become findings, and what each code is.

    registry    one record per code: name, summary, default, fides key, message shape
    demographic classified FieldFacts -> NEV101-106 findings
    encryption  encryption facts -> NEV201-203 findings
"""
