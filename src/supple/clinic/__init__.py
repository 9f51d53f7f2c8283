"""Clinic mode (issue 17): accounts with roles, second factor, server-side sessions, login throttling.

Off in home mode: nothing here is imported unless a clinic command or ``supple serve --clinic`` runs.
See docs/clinic.md for what exists and what is still to come.
"""
