"""The writes of automation: rules, their runs, the SLA notices and the rejection reasons."""

from automation.services.actions import WaitForResult, rule_act
from automation.services.rejections import (
    application_move_with_reason,
    rejection_record,
)
from automation.services.rules import rule_moves, rule_save, rule_set_active, rule_validate
from automation.services.runs import (
    latest_stage_entry,
    rule_run_cancel,
    rule_run_execute,
    rule_runs_execute_due,
    rule_runs_record,
    rule_runs_resume_waiting,
)
from automation.services.sla import sla_notify_overdue, sla_overdue

__all__ = [
    "WaitForResult",
    "application_move_with_reason",
    "latest_stage_entry",
    "rejection_record",
    "rule_act",
    "rule_moves",
    "rule_run_cancel",
    "rule_run_execute",
    "rule_runs_execute_due",
    "rule_runs_record",
    "rule_runs_resume_waiting",
    "rule_save",
    "rule_set_active",
    "rule_validate",
    "sla_notify_overdue",
    "sla_overdue",
]
