"""The long fuzz campaign (tests/fuzz/campaign.py), runnable from bench/ like the other benchmarks.

    python bench/fuzz_campaign.py --inputs 1000000 --jobs 2 --seed 1

Same options as `python -m tests.fuzz.campaign --help`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.fuzz.campaign import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
