"""What the product knows and every query on it: storage, units, task state, task listings and statistics.

Nothing here reads a report (`dondoc.ingest`), plans a reminder (`dondoc.reminders`) or records progress
(`dondoc.followup`); those packages build on these modules.
"""

__all__ = [
    "db", "groups", "listing_pages", "models", "signin_links", "sources", "statistics", "task_state", "task_view",
    "tasks", "unit_store", "units",
]  # fmt: skip
