"""Who may read and change reports (autodiscovered by django-rules)."""

import rules

from casequality.accounts.rules import is_board, is_qa_lead, is_team_manager

# A board member reads published reports only (the views check the status); a QA lead
# reads drafts, edits the narrative and publishes.
rules.add_perm("reports.view_reports", is_qa_lead | is_board)
rules.add_perm("reports.edit_report", is_qa_lead)

# The board's improvement plan: QA leads and team managers add and edit actions and
# their updates; the board reads the plan and comments; no one else sees it.
rules.add_perm("reports.view_plan", is_qa_lead | is_team_manager | is_board)
rules.add_perm("reports.edit_plan", is_qa_lead | is_team_manager)
rules.add_perm("reports.comment_plan", is_board)
