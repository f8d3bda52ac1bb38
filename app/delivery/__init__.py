"""The background pipeline to Jira: the worker (`worker`) claims the outbox's rows (app/db/outbox.py),
delivers each site's batch (`site_delivery`) as Deployments API payloads (`deploy_records`), follows
`policy` for every answer, and updates the issues' badges (`badges`)."""
