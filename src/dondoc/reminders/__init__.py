"""Reminders: who follows which unit, who is owed which reminder on a day, and the ledger that sends each once.

Modules: `policy` (days before a deadline, quiet hours), `plan` (`plan_day`: what is owed), `actions`
(mutes, snoozes, pauses), `ledger` (claim, send, mark: once whatever restarts), `subscriptions`,
`arrivals` (the tasks each report brought, for followers' notices).
"""

from dondoc.reminders.plan import Reminder, plan_day
from dondoc.reminders.policy import PolicyError, ReminderPolicy

__all__ = ["PolicyError", "Reminder", "ReminderPolicy", "actions", "arrivals", "ledger", "plan_day", "subscriptions"]
