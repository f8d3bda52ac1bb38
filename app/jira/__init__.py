"""Outbound calls to Jira sites: one client (client.py), one class per credential kind (auth.py)."""
