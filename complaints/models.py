"""Complaints and the satisfaction survey arrive with issue 5."""
