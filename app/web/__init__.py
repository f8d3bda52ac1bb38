"""Everything HTTP: the application object (`application`), the REST API (`api/`), the routes Atlassian's
platforms call (`connect/`, `forge/`), the pages inside Jira (`jira_pages/`), the Sleuth UI
(`sleuth_ui/`), and the request plumbing: errors, guards, CSRF, session, assets, health.

Routes stay thin: parse and authenticate, call one domain function, render."""
