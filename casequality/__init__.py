"""Casequality: casework quality for youth justice services."""
