"""The Jira site a tenant is, shared by Connect and Forge: the tenant rows (`tenants`, with Forge's
`forge_installations`), the organizations a site is linked to (`site_links`), how the app calls a site
(`access`, `permissions`) and what a site sees of Sleuth (`issue_deploys`, `issue_summaries`)."""
