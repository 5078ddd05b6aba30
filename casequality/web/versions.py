"""What a form that adds or changes something was based on: casequality.cases.versions
(decision 0031), where every app's views can reach it; kept here for the web's views."""

from casequality.cases.versions import CHANGED, MISSING, counted, lock, refusal

__all__ = ["CHANGED", "MISSING", "counted", "lock", "refusal"]
