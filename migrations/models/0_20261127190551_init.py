from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return UPGRADE_POSTGRES
    return UPGRADE_SQLITE


async def downgrade(db: BaseDBAsyncClient) -> str:
    if db.capabilities.dialect == "postgres":
        return DOWNGRADE_POSTGRES
    return DOWNGRADE_SQLITE


UPGRADE_SQLITE = r"""
        CREATE TABLE IF NOT EXISTS "tenant" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "client_key" VARCHAR(255) UNIQUE /* Connect tenants only */,
    "shared_secret" TEXT /* Connect tenants only; encrypted with SecretBox, purpose 'tenant.shared_secret' */,
    "base_url" VARCHAR(255) NOT NULL,
    "display_url" VARCHAR(255),
    "product_type" VARCHAR(32) NOT NULL,
    "cloud_id" VARCHAR(64),
    "installation_id" VARCHAR(255) UNIQUE /* the Forge installation, a bare UUID */,
    "forge_environment_id" VARCHAR(64),
    "forge_api_base_url" VARCHAR(255),
    "forge_system_token" TEXT /* encrypted with SecretBox, purpose 'tenant.forge_system_token' */,
    "forge_token_expires_at" TIMESTAMP /* the stored system token's exp: an older token never replaces a newer one */,
    "installed" INT NOT NULL,
    "enabled" INT NOT NULL,
    "uninstalled_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
) /* A Jira site that installed the app, through Connect, Forge or both. */;
CREATE INDEX IF NOT EXISTS "idx_tenant_base_ur_230947" ON "tenant" ("base_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_display_a7a833" ON "tenant" ("display_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_cloud_i_adbf79" ON "tenant" ("cloud_id");
CREATE TABLE IF NOT EXISTS "organization" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS "api_key" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(16) NOT NULL /* ORG_KEY: org_key\nACCESS_TOKEN: access_token */,
    "scope" VARCHAR(16) NOT NULL /* ALL: all\nREGISTER_DEPLOY: register_deploy */,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "label" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "revoked_at" TIMESTAMP,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
) /* A credential of one organization. Only a SHA-256 of the key is stored: keys are 256-bit random, */;
CREATE TABLE IF NOT EXISTS "user" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "email" VARCHAR(255) NOT NULL UNIQUE /* stored lowercased */,
    "name" VARCHAR(255) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL /* argon2id */,
    "role" VARCHAR(16) NOT NULL /* OWNER: owner\nADMIN: admin\nMEMBER: member */,
    "created_at" TIMESTAMP NOT NULL,
    "last_sign_in_at" TIMESTAMP,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
) /* A person who signs in to the Sleuth web UI; a member of one organization. */;
CREATE TABLE IF NOT EXISTS "issue_tracker" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "provider" VARCHAR(16) NOT NULL /* JIRA: jira\nJIRA_DC: jira_dc\nBITBUCKET: bitbucket */,
    "label" VARCHAR(255) NOT NULL,
    "url" VARCHAR(255) NOT NULL /* normalized: scheme:\/\/host[:port][\/path] */,
    "credentials" TEXT /* encrypted JSON, purpose 'issue_tracker.credentials' */,
    "custom_header_names" JSON NOT NULL,
    "custom_headers" TEXT /* encrypted JSON, purpose 'issue_tracker.custom_headers' */,
    "workspace" VARCHAR(255) NOT NULL /* the Bitbucket workspace of a bitbucket connection */,
    "healthy" INT NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "tenant_id" INT REFERENCES "tenant" ("id") ON DELETE SET NULL /* set when the connection authenticates through the installed Jira app */
) /* An organization-level connection to an issue tracker; a project picks at most one. */;
CREATE INDEX IF NOT EXISTS "idx_issue_track_url_d31587" ON "issue_tracker" ("url");
CREATE TABLE IF NOT EXISTS "project" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "default_environment" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "issue_tracker_id" INT REFERENCES "issue_tracker" ("id") ON DELETE SET NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_project_organiz_b00477" UNIQUE ("organization_id", "slug")
);
CREATE TABLE IF NOT EXISTS "environment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "jira_type" VARCHAR(16) NOT NULL /* PRODUCTION: production\nSTAGING: staging\nTESTING: testing\nDEVELOPMENT: development\nUNMAPPED: unmapped */,
    "created_at" TIMESTAMP NOT NULL,
    "project_id" INT NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_environment_project_b1150f" UNIQUE ("project_id", "slug")
);
CREATE TABLE IF NOT EXISTS "code_deployment" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "repository_url" VARCHAR(1000) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "project_id" INT NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_code_deploy_organiz_05a015" UNIQUE ("organization_id", "slug")
) /* A change source (a repository) of a project. Its slug is unique in the organization because */;
CREATE TABLE IF NOT EXISTS "deploy" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "sha" VARCHAR(40) NOT NULL,
    "date" TIMESTAMP NOT NULL,
    "author_email" VARCHAR(255) NOT NULL,
    "author_name" VARCHAR(255) NOT NULL,
    "branch" VARCHAR(255) NOT NULL,
    "tags" JSON NOT NULL,
    "links" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "code_deployment_id" INT NOT NULL REFERENCES "code_deployment" ("id") ON DELETE CASCADE,
    "environment_id" INT NOT NULL REFERENCES "environment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_code_de_1325de" UNIQUE ("code_deployment_id", "environment_id", "sha")
) /* One change (a sha) of one code deployment reaching one environment. */;
CREATE INDEX IF NOT EXISTS "idx_deploy_date_0c2c98" ON "deploy" ("date");
CREATE INDEX IF NOT EXISTS "idx_deploy_environ_6dfc4d" ON "deploy" ("environment_id", "date");
CREATE TABLE IF NOT EXISTS "deploy_commit" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "revision" VARCHAR(40) NOT NULL,
    "message" TEXT NOT NULL,
    "author_name" VARCHAR(255) NOT NULL,
    "author_email" VARCHAR(255) NOT NULL,
    "date" TIMESTAMP,
    "url" VARCHAR(2000) NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_deploy_comm_deploy__d51428" ON "deploy_commit" ("deploy_id");
CREATE TABLE IF NOT EXISTS "deploy_issue" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "issue_key" VARCHAR(255) NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_issu_deploy__6581a7" UNIQUE ("deploy_id", "issue_key")
) /* A Jira issue key that a deploy's commits mention. Looked up by key on every panel load. */;
CREATE INDEX IF NOT EXISTS "idx_deploy_issu_issue_k_f3bef0" ON "deploy_issue" ("issue_key");
CREATE TABLE IF NOT EXISTS "jira_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "kind" VARCHAR(24) NOT NULL /* DEPLOY: deploy\nREMOVE_CONNECTION: remove_connection */,
    "connection_id" INT NOT NULL /* the issue tracker whose link caused it; kept after its removal */,
    "update_sequence_number" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL /* PENDING: pending\nDELIVERED: delivered\nFAILED: failed */,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "claimed_until" TIMESTAMP /* a worker's lease; expired leases are claimed again */,
    "last_error" TEXT,
    "result" JSON /* Jira's 202 answer: rejected deployments, unknown issue keys */,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "deploy_id" INT REFERENCES "deploy" ("id") ON DELETE CASCADE,
    "tenant_id" INT NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
) /* The outbox: what must still reach one tenant's Deployments API. Written in the transaction that */;
CREATE INDEX IF NOT EXISTS "idx_jira_delive_status_90f42d" ON "jira_delivery" ("status", "next_attempt_at");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""

UPGRADE_POSTGRES = r"""
        CREATE TABLE IF NOT EXISTS "tenant" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "client_key" VARCHAR(255) UNIQUE,
    "shared_secret" TEXT,
    "base_url" VARCHAR(255) NOT NULL,
    "display_url" VARCHAR(255),
    "product_type" VARCHAR(32) NOT NULL,
    "cloud_id" VARCHAR(64),
    "installation_id" VARCHAR(255) UNIQUE,
    "forge_environment_id" VARCHAR(64),
    "forge_api_base_url" VARCHAR(255),
    "forge_system_token" TEXT,
    "forge_token_expires_at" TIMESTAMPTZ,
    "installed" BOOL NOT NULL,
    "enabled" BOOL NOT NULL,
    "uninstalled_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_tenant_base_ur_230947" ON "tenant" ("base_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_display_a7a833" ON "tenant" ("display_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_cloud_i_adbf79" ON "tenant" ("cloud_id");
COMMENT ON COLUMN "tenant"."client_key" IS 'Connect tenants only';
COMMENT ON COLUMN "tenant"."shared_secret" IS 'Connect tenants only; encrypted with SecretBox, purpose ''tenant.shared_secret''';
COMMENT ON COLUMN "tenant"."installation_id" IS 'the Forge installation, a bare UUID';
COMMENT ON COLUMN "tenant"."forge_system_token" IS 'encrypted with SecretBox, purpose ''tenant.forge_system_token''';
COMMENT ON COLUMN "tenant"."forge_token_expires_at" IS 'the stored system token''s exp: an older token never replaces a newer one';
COMMENT ON TABLE "tenant" IS 'A Jira site that installed the app, through Connect, Forge or both.';
CREATE TABLE IF NOT EXISTS "organization" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS "api_key" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "scope" VARCHAR(16) NOT NULL,
    "key_hash" VARCHAR(64) NOT NULL UNIQUE,
    "label" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "api_key"."kind" IS 'ORG_KEY: org_key\nACCESS_TOKEN: access_token';
COMMENT ON COLUMN "api_key"."scope" IS 'ALL: all\nREGISTER_DEPLOY: register_deploy';
COMMENT ON TABLE "api_key" IS 'A credential of one organization. Only a SHA-256 of the key is stored: keys are 256-bit random,';
CREATE TABLE IF NOT EXISTS "user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(255) NOT NULL UNIQUE,
    "name" VARCHAR(255) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_sign_in_at" TIMESTAMPTZ,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "user"."email" IS 'stored lowercased';
COMMENT ON COLUMN "user"."password_hash" IS 'argon2id';
COMMENT ON COLUMN "user"."role" IS 'OWNER: owner\nADMIN: admin\nMEMBER: member';
COMMENT ON TABLE "user" IS 'A person who signs in to the Sleuth web UI; a member of one organization.';
CREATE TABLE IF NOT EXISTS "issue_tracker" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "provider" VARCHAR(16) NOT NULL,
    "label" VARCHAR(255) NOT NULL,
    "url" VARCHAR(255) NOT NULL,
    "credentials" TEXT,
    "custom_header_names" JSONB NOT NULL,
    "custom_headers" TEXT,
    "workspace" VARCHAR(255) NOT NULL,
    "healthy" BOOL NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "tenant_id" INT REFERENCES "tenant" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_issue_track_url_d31587" ON "issue_tracker" ("url");
COMMENT ON COLUMN "issue_tracker"."provider" IS 'JIRA: jira\nJIRA_DC: jira_dc\nBITBUCKET: bitbucket';
COMMENT ON COLUMN "issue_tracker"."url" IS 'normalized: scheme://host[:port][/path]';
COMMENT ON COLUMN "issue_tracker"."credentials" IS 'encrypted JSON, purpose ''issue_tracker.credentials''';
COMMENT ON COLUMN "issue_tracker"."custom_headers" IS 'encrypted JSON, purpose ''issue_tracker.custom_headers''';
COMMENT ON COLUMN "issue_tracker"."workspace" IS 'the Bitbucket workspace of a bitbucket connection';
COMMENT ON COLUMN "issue_tracker"."tenant_id" IS 'set when the connection authenticates through the installed Jira app';
COMMENT ON TABLE "issue_tracker" IS 'An organization-level connection to an issue tracker; a project picks at most one.';
CREATE TABLE IF NOT EXISTS "project" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "default_environment" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "issue_tracker_id" INT REFERENCES "issue_tracker" ("id") ON DELETE SET NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_project_organiz_b00477" UNIQUE ("organization_id", "slug")
);
CREATE TABLE IF NOT EXISTS "environment" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "jira_type" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "project_id" INT NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_environment_project_b1150f" UNIQUE ("project_id", "slug")
);
COMMENT ON COLUMN "environment"."jira_type" IS 'PRODUCTION: production\nSTAGING: staging\nTESTING: testing\nDEVELOPMENT: development\nUNMAPPED: unmapped';
CREATE TABLE IF NOT EXISTS "code_deployment" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "repository_url" VARCHAR(1000) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" INT NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "project_id" INT NOT NULL REFERENCES "project" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_code_deploy_organiz_05a015" UNIQUE ("organization_id", "slug")
);
COMMENT ON TABLE "code_deployment" IS 'A change source (a repository) of a project. Its slug is unique in the organization because';
CREATE TABLE IF NOT EXISTS "deploy" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "sha" VARCHAR(40) NOT NULL,
    "date" TIMESTAMPTZ NOT NULL,
    "author_email" VARCHAR(255) NOT NULL,
    "author_name" VARCHAR(255) NOT NULL,
    "branch" VARCHAR(255) NOT NULL,
    "tags" JSONB NOT NULL,
    "links" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "code_deployment_id" INT NOT NULL REFERENCES "code_deployment" ("id") ON DELETE CASCADE,
    "environment_id" INT NOT NULL REFERENCES "environment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_code_de_1325de" UNIQUE ("code_deployment_id", "environment_id", "sha")
);
CREATE INDEX IF NOT EXISTS "idx_deploy_date_0c2c98" ON "deploy" ("date");
CREATE INDEX IF NOT EXISTS "idx_deploy_environ_6dfc4d" ON "deploy" ("environment_id", "date");
COMMENT ON TABLE "deploy" IS 'One change (a sha) of one code deployment reaching one environment.';
CREATE TABLE IF NOT EXISTS "deploy_commit" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "revision" VARCHAR(40) NOT NULL,
    "message" TEXT NOT NULL,
    "author_name" VARCHAR(255) NOT NULL,
    "author_email" VARCHAR(255) NOT NULL,
    "date" TIMESTAMPTZ,
    "url" VARCHAR(2000) NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_deploy_comm_deploy__d51428" ON "deploy_commit" ("deploy_id");
CREATE TABLE IF NOT EXISTS "deploy_issue" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "issue_key" VARCHAR(255) NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_issu_deploy__6581a7" UNIQUE ("deploy_id", "issue_key")
);
CREATE INDEX IF NOT EXISTS "idx_deploy_issu_issue_k_f3bef0" ON "deploy_issue" ("issue_key");
COMMENT ON TABLE "deploy_issue" IS 'A Jira issue key that a deploy''s commits mention. Looked up by key on every panel load.';
CREATE TABLE IF NOT EXISTS "jira_delivery" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(24) NOT NULL,
    "connection_id" INT NOT NULL,
    "update_sequence_number" BIGINT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "claimed_until" TIMESTAMPTZ,
    "last_error" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deploy_id" INT REFERENCES "deploy" ("id") ON DELETE CASCADE,
    "tenant_id" INT NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_jira_delive_status_90f42d" ON "jira_delivery" ("status", "next_attempt_at");
COMMENT ON COLUMN "jira_delivery"."kind" IS 'DEPLOY: deploy\nREMOVE_CONNECTION: remove_connection';
COMMENT ON COLUMN "jira_delivery"."connection_id" IS 'the issue tracker whose link caused it; kept after its removal';
COMMENT ON COLUMN "jira_delivery"."status" IS 'PENDING: pending\nDELIVERED: delivered\nFAILED: failed';
COMMENT ON COLUMN "jira_delivery"."claimed_until" IS 'a worker''s lease; expired leases are claimed again';
COMMENT ON COLUMN "jira_delivery"."result" IS 'Jira''s 202 answer: rejected deployments, unknown issue keys';
COMMENT ON TABLE "jira_delivery" IS 'The outbox: what must still reach one tenant''s Deployments API. Written in the transaction that';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


DOWNGRADE_SQLITE = r"""
        """

DOWNGRADE_POSTGRES = r"""
        """

MODELS_STATE = (
    "eJztXftv2zgS/lcI/9IWcLOpm6Y993CAE7tdbxM7SJzuoy4EWmJsnSVSK0pxvHv932+oh/"
    "W2Lb8iawUUaCxxKOobPuabIUd/13SmEI2fDAjF1Ko10d81inUCf8Tu1FENG0ZwXVyw8Ehz"
    "ilpBmRG3TCyLmh6wxglcUgiXTdWwVEZF2Rb6RTUx4qpFkDXBFlIpt7CmEQV+EgQPqcMfJr"
    "PHE3TJKCWyVUefmDkmiJloxKzJiXiQwmR4kkrHO6pzSIe05d/05ZHK0ZTMoZrRHKkWR7Km"
    "Emp9IfOPCHsVeEWxeD+/WOSaqiBMnRqgLUMqGvlC1MRsRdybqdbEbyVcdysl9FE1GdXhYS"
    "do0azXjL6OPBTJ2DRVwt2a40+1GKsjzpz3Q6LgI7wuhX8EmWzmNCqMmc4eoaYHk+kLGCzm"
    "tWdKiMGHlDwSc25NAHWkqXQq4GXwwujlgyh1oitoaJ+e4veNk/NXjpZsqv5pE8liYwJNNE"
    "FX377DZZUq5Ilw/6cxlR5UoimR7qcqogLnumTNDedal1qfnIKiA4wkmWm2ToPCBrSN0UVp"
    "1e2SY0KJiS0iqrdMW3RJagNMbt/1e6nb0qCI28SQjEIesK2Jji2k3QYE12qS1OsPpLvOQJ"
    "JqiU7vS4T6rHdJZlQMGGgqd95+LJrwuvHm7P3Zh7fnZx+giNPMxZX3P9xHB8C4gg48vUHt"
    "h3MfW9gt4WAcgOr2Xwn6dBLcywk209GNSsVQhubHUfYxDcHsgbhXlGuLbutMRxx6ujaPzx"
    "UZuOv4SdIIHVsTAfa7d0tQ/tq6vfy5dfsSSr0StTOY79xpsOfdarj3hCoC6DnASxSJE9kk"
    "VhL9AXnK6NsJwZ0owC8SaCCYr3esgo8wncnm3IC2ubPdnfMqF+ypjgzbNBgn6IUrcBJ52R"
    "frKW+Jrgad3waiEp3zP7Wwil5et35ztKfPvTtX/d5nv3hIpZdX/YuYJkeYE8k2tTxDKCyz"
    "kf4S81RSgQedqPY/YBSVGxqe50U6JranwVIyrA2TKbZsuTDlADsut6+unZybav8Fi692EM"
    "TfNtYA/G0jE29xKwq3Y/xJaRbOskU4kCldpz4/WwPi87NMiMWtKMRhYzgn0imixbV5BHNI"
    "EpE6WPYjWEnR/X23XRgTyGEJUojb5FRMlnyBDaLCjAcXO2yo0ibmS7p0+XDfY7fnc24RHa"
    "jwlNA85n+6dIGhr61v7SffraAmv9tQp4USeTJUk3AJp7C4NoBvqTpZpsq0WmLqVLxqTvw/"
    "iqNcsd5wiwFJQ67ekKs3juCNmghTxDSFmO5V5HiMkEnAIpcJh0WJkhlcYJRsr+fudedu0L"
    "q+iSi73Rp0xJ1GRNH+1ZfnsXG7qAT92h38jMRP9Ee/13F0wrg1Np0nBuUGf9REm7BtMYmy"
    "mYSVMLL+Zf9SmkVCUpa8C8Y0gulSc4SkLXUjENyXhe1bJ3uYdJeo9aLfv4po9KIbH5/31x"
    "ed25dvHFVCIdVyfYOe8ysAHOaYUX64Q1IV2OuDbdNFP91gZkxKH82MuAs9HN1cBiu6wH0D"
    "TUcld6DljYbbPg1KeEGlLzzPbg88ErV7g2Wp1m1D2VDrUclK60XRespgd1ovonIP01AISV"
    "wYYXk6w6YiRe6EDBzORawP2jglJk9Zdj35T19uieumSOkMXtS5K+oauFUVZqqvcWKh2QTs"
    "WmEFy26oQwRbAT64aqkytJAvIs2iUBCIdiLUIoSeZ7EIrgb9KuQhJ5oK9rVKtgRbNK3t1j"
    "U/wrGXiZXotKzBsrpx8pbe0ONXMMVj55XEs8WTPMz65hhT9S/sNTaxbSJyv75s8wSLl1y1"
    "hSIbmCrcXqxwO9fscR43m19+N2GU54V2z/5M5/8c0PrlDxehOm6nZWXhl83Wy7LwN7L1RC"
    "hgSuZbGh4tQ/1CSmVyROgS39oMvudrmb9HCc8z0oWjxMsw2X+Bb2yJ1I1bS1lBkuEt4dGG"
    "xuYiQLwlWJfwX3tRWZkw2yc18mb1FFIUzPfZdMhbWdZiQrUWAmtDEdQba4g9OHubw3zqBI"
    "l1GmF093PrdePduSgjaDk8QOztdgNZTfGTI7FdAoq8HqkWMjFVmF6Pc/V9P29IOQPhB8wt"
    "NMF8ImQwiOEHIv7HiGts5jxUbN52NmWHfQ/CFcEe3Cde3tyLXeamKu5oyMDevvmKIhaLIk"
    "7htdJ5TIfauoNtV/iQqEwSGPuyReY0tf7tZ+lL5/emGCdiYA9p6/Kyc3cnDfpfOr0mwrJM"
    "OA92NuRlP2/O1yA/b+I2dcB9xK3YTm2ZZe2CXK2ThfABt0JiTavl1Err6gqg17Qhve187t"
    "4NOrdSu3Nz1Qc9mWSscouY3jJaDJ1Ax5HEjJiH8odlKo/KSo8KvDXJtSlsIXDArp6zn1ce"
    "laMwU0vmUQlr3SSPsLJtovWoZLUfojgh0qSWwxwgdVNzpp2cIrnaaD6GIb0DuznhmUwHPI"
    "n2J6BZ6pgC10wYa+lEPx6tOzKws2g+XDbxbEHl0job/AEIEHdb12Xr7rLV7tR+ZLuA9+k4"
    "cLydKW4D3wua7TSw/RJreAwMYnIgyrMJQxw6iTitLY4xC9J8pxFg02hGRui+K45460Qfif"
    "2qKUw/xTeww5orml4smk50rOYyjhcCxWUeNW8ft8ZmxJQxdze9FsJWLn5095iZiIE5nzGY"
    "rfMy6oRgoT1P2Bwz2lCL06tNpm3sV/JlD9jD3SUqr2ep/2uvc9tEbAYtGtJW+7ornHyKrt"
    "Ihve6I3eRNFKr52T1LFS3Phr68tFzD3JKEkSapdAPVp4hXBL0i6Ec1uCuCXhH0nAQ9ss0m"
    "hajHt+FkE/bI5p81mTuN0OTXGnkkWngXPlBtTJFTM/JqFkzb2zeDDFWecuQkOuOWYN0pFH"
    "4vj6i4fLG4PGjrUVXcbreJKR6WLzQB+qV722oikShnSMXfUvvS/Skp8pBedAcX95dfOoMm"
    "GqnWyIbObBXDJK8ikfvloTmTfxQ/bVmNMlPHmvqX2FzF5QnRSfOnnyYwCX9rGsy0vn/7SW"
    "yA+l4YT0Cwiyxlh2J2LpCY2HEkAfnlrt8Lpf6IrPwnoTcqaOoP2eYW06UJUGFiSuJqisrE"
    "O2aoLF08zhZVsB7+hzSV741K1P79YFPXihnZqmaplJ+I5/1nXxPZEkUJuJYrKq6TepQSig"
    "qWKirfsEpIlmFkRV6qoINrxswpN7Ccy9kfESruiu+kyrnwLSu0aLWI+eHA5ArRi8IsT9Bp"
    "NGuSkiN4aeaUkFSVOWX9zCmOL5GYJkshJNlzVlSqwPPVTtyNe1nYK8f/P9DxXzmC9+NuCR"
    "B2c/vlwzYisxGqpcsAUvnnj9k/nxwQOwA5+BTLP20wrKufyDwS0Qy8A+rdX10tC50831nb"
    "Yppihz026qOVElcKAZkdUjJChXaaQudbYrJ08rR8r4I4/9jUOs9tslXJdQ4F7n4+beK2OZ"
    "zKPg/cGeIHdIV53/3wfVZH2MUr9p8NfXnZf8RFno+ipokWmKk+G/2vHCwVky8gdanvgskn"
    "dq1tiXUhs9zuHOq0mXMLbh6yerbk552o/VSSnl7lwyqYYyPczVKcG7FemO3giJn7u3ZyhP"
    "wnlX+j8m8Uh4JX/o1j8284e4wdlFJBXr3FOlLBAf0aNtVh/iV+D1g7EnJz22/fXw66/V4T"
    "Bb6RIQW6+rnb+9xE8J5jUMqQDoDCOlcswi3nSrvztXPVv7nu9AZNpIgTB8wQc/yQ3veuWz"
    "c3nXYTRdr17PuzK99JNvTl9Z149kE+Th8Vquj8ajofMsO2ZJflS/VbjzHLaO/Ke1Iu7I8X"
    "nGZLctRepEssCdp7JUUxKpnCi5JkM5saxWjuWvRIJPOdYDomiDPblAl6icWXKhlXLWbOX7"
    "nbdL0edoK6FkfCxhYpeV3FOdl9JtHcPWhEZGzzxNct9/msIY1l7HzB0f3tFXLOGiAm8hEn"
    "REX6YHExgCzrpGIV/K7IYbGmq4ocHjc5DOa9vF8hT0oW9/THhoi/OT09XYeuQbFswubcrC"
    "hbRdmqWOy+o90VKa5i3IUhbPVdxLgr/0PlfygG2nv1P3hopfgdAhyz/Q3BpzFWuxn6lPjk"
    "H1g/n+BXftZf4bUIUXAEhog8AaScm6FobzJR0Y7qTOX7Kb6UWOQZnpdwAHyLFxIWoVuq8g"
    "sczC8AikmgusQt4BYvIXE9W4dEnWVTqLMEgXK6cwLb5dTJlzkMaTpkRz4SjuSDtJQkidNq"
    "zJRyZ/iOy5XOF7EX74+HWl4nW0yswnodrEcmGOi5EnwHEhXC6yBs4XGubFB++Sr9U2R12E"
    "X6J02l01y6WAgUQxnisaVRRuVuzp6VyutujjHHfE7RdOHKOZridA4x7XwYJwUrfFc7n1Mc"
    "Ilt6Rkt7jqIec5CmD+rVTuilB6Nzw13Ocz5xrJODe3OHtMx0Xd32tJDbwy+dqkqEe/JE4E"
    "5wcs4ClhUmeE/1kZjqtlCJrEFtt651Ih1HcmDyAIEObxRmhjuCUboq6CHJQdGdnkBLBBS8"
    "IEsVQzhoDMEkjypPDbMv25gVyFTRhDWiCTrhHIZrEuPshK8hkRL45pax3n0ke63czgd38V"
    "cBlcPkknrewGQxTayie9PWCkwW6zMtzzdq1tsS3Vi2JbqRsiXaM2dzGZERmcp3ttp3FmyU"
    "2tKHU7rdbfWY+ybStYr00b+weyKTPy68Fyvpo7ooucYBPSdLsPu5vSkR59iwhTBaHHPz3F"
    "RI+LxA5gRdMTYlCrINNJo7EowiIpwFyMCUaEhjWEn57N/+npO6wy4YFG5qJKigOlD3rKQ3"
    "0EOOBTciVOCvoxXKWq0W3WrRrRbdlYtuxNGdsurGHeHZy677vc9w0ZXr7kAcF7etEXtqop"
    "lYCnWbW4hbqqa5+8mdzeRurn1YHYNIJketm+4J+tVULbjrH1qHp1GOvQ/oTnDiI6P7ft4Q"
    "OgH0fB468Y5eMhOq1tmjdzn4esGrOpI1DORXEWu7MAJc6JwPeBETPYAkRhrBAjlxjp6KhX"
    "9IJ6BX97Q9NEOHqs15HXGGKLOc/fcqB6sAXgvLJuMcHg6Dz4Q3cKrwykDXATKoEQX6hBDg"
    "Yge/NVPldT8k/A0WHmzZTg+g5MmSMACjG+L/yo9+WJNiCq+Vbk2sTn/lyx6QywdrRp68V+"
    "3OzVX/96Y3qob0tnPd/9qRLvu9XsdLh+WOMmnLr9ytc8q/kX3Kv5HM/71oT95tSjG5Ihsk"
    "zicII18rh/lVfCtS7H1ETvYQmGesj0BhDJiZHiwoIHiOozOsrampHe9usg3hfpQ4AWRgcE"
    "gwWkZp2XYv1HGmlrLrOJy6Tvc7cf2r0Xj79n3j9O35h3dn79+/+3C6AD55a5kGLrqfhRIi"
    "IyeplWBd2WRCC6QP+ZECQhUBZM4xc9PptZ0MfZ68yNB31f3auRWJ+DxrgChD+qnVvRKXHr"
    "CqFSUzn7fcp+gpc6iERUozOHY2GcWNqASuywMtKeIl3NJcpqCLZ/tLNrXSopcrNq/HhY8m"
    "wFbDHr8BfuVwm4+IPBkqTHTuT+ApJlkQIzwG3a8345Wpb1Rf6n2ezRugQtH+BObZZ3sCia"
    "0O9xxo7AlnDoy7xmkDYcpnxBSsSSSWgKEWyt1fRzYV/gEaRCr41oOwOv5THf9ZY35c5/iP"
    "S7o20XpUstJ6UbSesiqmbO1+johOwVbEcnxDu3CjZr9hssN/l7loAK8bJsv+rHLq6a3Dxx"
    "8LNh0cffixRUxVntRSAo/enfqykCMOyuzzhEgVzzpkPOuRmHmPhYRESngqZD9752FQ5UDY"
    "K15CdN+smwd5WRrklKCflXqkONuTEBI5fJ6Q5/Hh7MwlkLC9DrmY/fg/Q2A8Aw=="
)
