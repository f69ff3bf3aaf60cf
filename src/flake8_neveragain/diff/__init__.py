"""`neveragain check --diff REV`: only what is new since a git revision.

    check       run the pipeline on changed files at REV and now, keep what is new
    downgrades  NEV201 across revisions: protection whose rank went down
    gitrepo     what the diff asks of git: changed files and their text at REV
"""
