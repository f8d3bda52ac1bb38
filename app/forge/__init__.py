"""Atlassian Forge, the protocol only: Forge Invocation Tokens and their signing keys (`fit`).

No Quart, no database, no Sleuth, and nothing of Connect. The routes Forge calls (its events, the route
guard) live in app/web/forge/; the installations, as tenant rows, in app/jira_sites/.
"""
