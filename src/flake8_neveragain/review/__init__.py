"""Recording reviews: noqa comments with reasons, baselines, and writing noqa into sources.

    noqa      `# noqa` with flake8's exact semantics, and the reason after `--`
    baseline  adopt the checker without a flood of findings: fingerprints of accepted ones
    add_noqa  `neveragain review --add-noqa`: write the review into the source
"""
