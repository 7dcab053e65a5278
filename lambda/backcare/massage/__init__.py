"""Massage knowledge: explain, compare, list, recommend, follow-ups."""
