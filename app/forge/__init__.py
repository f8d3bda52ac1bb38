"""Atlassian Forge: invocation-token verification (fit.py), the route guard (auth.py), Forge's events.

Knows installations, tokens and URLs; never deploys or projects (that is the Sleuth domain's business).
"""
