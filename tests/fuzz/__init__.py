"""Property-based and mutation-based fuzzing of every front door (issue #11).

`test_fuzz_fast.py` runs in the normal pytest run; `campaign.py` runs the long
campaign (`python -m tests.fuzz.campaign --help`).
"""
