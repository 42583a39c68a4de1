"""Scheduled deadline reminders and digests, sent once each whatever restarts or runs beside them.

`start` is what `dondoc serve` calls; `plan_day`, `with_texts` and `send_day` are what `dondoc remind` calls;
`pause` and `press` are what the bot core calls for /tamdung and the reminder buttons.
"""

from dondoc.jobs.actions import digest_page, is_reminder_button, pause, press
from dondoc.jobs.deliver import Outcome, deliver, send_day, tick
from dondoc.jobs.plan import Reminder, plan_day
from dondoc.jobs.policy import PolicyError, ReminderPolicy
from dondoc.jobs.scheduler import PRUNE_JOB, TICK_JOB, ReminderScheduler, start
from dondoc.jobs.texts import with_texts

__all__ = [
    "PRUNE_JOB",
    "TICK_JOB",
    "Outcome",
    "PolicyError",
    "Reminder",
    "ReminderPolicy",
    "ReminderScheduler",
    "deliver",
    "digest_page",
    "is_reminder_button",
    "pause",
    "plan_day",
    "press",
    "send_day",
    "start",
    "tick",
    "with_texts",
]
