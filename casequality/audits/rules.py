"""Who may do what with audits (autodiscovered by django-rules; predicates from accounts/rules.py)."""

import rules

from casequality.accounts.rules import is_inspector, is_qa_lead

# The audits pages: QA leads run audits; inspectors answer the cases assigned to them.
rules.add_perm("audits.view_audits", is_qa_lead | is_inspector)
rules.add_perm("audits.manage_audit", is_qa_lead)
