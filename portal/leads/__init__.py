"""Handling leads in the back office (issue 6): the state machine (workflow), row-level
access, deadlines and reminders, duplicates, rewards, the facility risk score and the
statistics. The rows are in portal/models/leads.py and portal/models/handling.py."""
