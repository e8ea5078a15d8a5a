"""Workbooks built from services/tallies (the committee's report); exporters register here."""
