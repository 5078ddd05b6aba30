"""Who may read and change reports (autodiscovered by django-rules)."""
import rules

from casequality.accounts.rules import is_board, is_qa_lead

# A board member reads published reports only (the views check the status); a QA lead
# reads drafts, edits the narrative and publishes.
rules.add_perm("reports.view_reports", is_qa_lead | is_board)
rules.add_perm("reports.edit_report", is_qa_lead)
