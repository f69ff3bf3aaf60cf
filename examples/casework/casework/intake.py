"""The intake form a caseworker fills in on the first visit."""

import threading
from dataclasses import dataclass, field


@dataclass
class IntakeForm:
    caseworker: str
    nationality: str | None = None  # expect: NEV103
    needs_interpreter: bool = False
    notes: list[str] = field(default_factory=list)


class IntakeQueue:
    """Not a schema: an in-memory queue guarded against a race condition."""

    def __init__(self) -> None:
        self.race_condition_guard = threading.Lock()  # near-miss
        self.items: list[IntakeForm] = []
