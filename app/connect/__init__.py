"""Atlassian Connect: descriptor, lifecycle, signed install, JWT in and out.

Knows tenants, tokens and URLs; never deploys or projects (that is the Sleuth domain's business).
"""
