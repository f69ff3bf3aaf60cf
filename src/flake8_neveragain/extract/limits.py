"""How much of one schema the extraction reads: bounds that keep huge inputs linear.

Shared by the readers of fields, enums, choice values and migrations, so they live
apart from all of them.
"""

from __future__ import annotations

# Field values beyond this many are not read (a 10,000-country constant tells no more).
MAX_VALUES = 256
# Classes with more fields than this get the nearest neighbours as siblings, so that a
# huge class costs linear, not quadratic, time and memory.
SIBLING_LIMIT = 64
