"""The follow-up loop: units report progress, every change is kept, and reports never undo a newer update.

It sits below `dondoc.ingest` because ingesting a report reconciles with it (`reconcile`): an update made
in the chat, the terminal or the web for a day after the report stands.
"""

__all__ = ["extensions", "focal_points", "history", "progress", "reconcile"]
