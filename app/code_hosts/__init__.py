"""Outbound calls to code hosts, and only that: the commits between two revisions of one repository on
GitHub (and GitHub Enterprise), GitLab, Bitbucket Cloud, Azure DevOps, or any git remote (`custom_git`,
through the `git` binary). Each provider is one module with the same two calls (`hosts.CodeHost`);
`hosts.code_host` picks one. It imports nothing of the domain, the sites or the web."""
