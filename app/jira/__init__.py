"""Outbound calls to Jira sites, and only that: one client (`client`), one class per credential kind
(`auth`), and the payloads of Jira's Deployments API (`deployments_api`, transforms with no I/O).
It imports nothing of the web, the domain or the sites that installed the app."""
