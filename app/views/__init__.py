"""HTML views: `jira` (pages inside Jira's iframes)."""
