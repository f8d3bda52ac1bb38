"""Sleuth's model: organizations, users and their keys, projects, code deployments, environments,
deploys, issue keys and issue-tracker connections.

Domain functions only: no Quart, no Atlassian protocol. A refusal is one of `errors`' exceptions with a
sentence for the user; the web layer picks its status code.
"""
