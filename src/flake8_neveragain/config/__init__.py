"""Settings shared by both front doors (the CLI and the flake8 plugin).

    settings   the frozen Settings, and `[tool.neveragain]` loading and validation
    selection  which codes a run reports: flake8's select/ignore semantics
"""
