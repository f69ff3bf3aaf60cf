"""Files in and out, safely: what every stage may read or write besides the scanned code's syntax.

    pathtext     a file-system path as report text (valid UTF-8, lossless) and back
    lines        lines as the tokenizer, flake8 and the SQL positions count them
    boundedread  config, baseline and cache files: regular files only, size-capped
    gitignore    would git ignore this path? (.gitignore files and .git/info/exclude)
    plainshape   does a value loaded from the cache have the shape its type promises?
    usercache    a small per-user cache of derived data (the built lexicon)
    output       write reports, baselines and sources without leaving half of one behind
"""
