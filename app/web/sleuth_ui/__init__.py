"""The Sleuth UI: signing in, projects, deploys and the organization's Integrations page; `access`
holds what every page shares (who may see it, CSRF, HTML refusals)."""
