"""The `neveragain` command line.

    main       argument parsing and the subcommands (check, baseline, review, inventory, explain, rules)
    runner     run the pipeline over many files, in parallel when that pays off
    discovery  find the files a run looks at
    explain    the rule pages in the terminal
"""
