"""Atlassian Connect, the protocol only: JWTs in and out (`jwt`), the keys of signed installs
(`install_keys`) and the app descriptor (`descriptor`).

No Quart, no database, no Sleuth: it knows tokens, keys and URLs. The routes that apply it to requests
(lifecycle callbacks, the token decorators) live in app/web/connect/; the tenant rows in app/jira_sites/.
"""
