"""Scheduled delivery of the reminders the conversation layer plans and words, each sent once whatever restarts.

`start` is what `dondoc serve` calls (through `dondoc.application`); `send_day` is what `dondoc remind` calls.
"""

from dondoc.jobs.deliver import Outcome, deliver, send_day, tick
from dondoc.jobs.scheduler import PRUNE_JOB, TICK_JOB, ReminderScheduler, start

__all__ = [
    "PRUNE_JOB",
    "TICK_JOB",
    "Outcome",
    "ReminderScheduler",
    "deliver",
    "send_day",
    "start",
    "tick",
]
