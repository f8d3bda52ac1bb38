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
    "client_key" VARCHAR(255) NOT NULL UNIQUE,
    "shared_secret" TEXT NOT NULL /* encrypted with SecretBox, purpose 'tenant.shared_secret' */,
    "base_url" VARCHAR(255) NOT NULL,
    "display_url" VARCHAR(255),
    "product_type" VARCHAR(32) NOT NULL,
    "cloud_id" VARCHAR(64),
    "installation_id" VARCHAR(255),
    "installed" INT NOT NULL,
    "enabled" INT NOT NULL,
    "uninstalled_at" TIMESTAMP,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
) /* A Jira site that installed the app (Connect today; the same row carries its Forge installation). */;
CREATE INDEX IF NOT EXISTS "idx_tenant_base_ur_230947" ON "tenant" ("base_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_display_a7a833" ON "tenant" ("display_url");
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
CREATE TABLE IF NOT EXISTS "issue_tracker" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "provider" VARCHAR(16) NOT NULL /* JIRA: jira\nJIRA_DC: jira_dc\nBITBUCKET: bitbucket */,
    "label" VARCHAR(255) NOT NULL,
    "url" VARCHAR(255) NOT NULL /* normalized: scheme:\/\/host[:port][\/path] */,
    "credentials" TEXT /* encrypted JSON, purpose 'issue_tracker.credentials' */,
    "custom_header_names" JSON NOT NULL,
    "custom_headers" TEXT /* encrypted JSON, purpose 'issue_tracker.custom_headers' */,
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
    "tags" JSON NOT NULL,
    "links" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "code_deployment_id" INT NOT NULL REFERENCES "code_deployment" ("id") ON DELETE CASCADE,
    "environment_id" INT NOT NULL REFERENCES "environment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_code_de_1325de" UNIQUE ("code_deployment_id", "environment_id", "sha")
) /* One change (a sha) of one code deployment reaching one environment. */;
CREATE INDEX IF NOT EXISTS "idx_deploy_date_0c2c98" ON "deploy" ("date");
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
CREATE TABLE IF NOT EXISTS "deploy_issue" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "issue_key" VARCHAR(255) NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_issu_deploy__6581a7" UNIQUE ("deploy_id", "issue_key")
) /* A Jira issue key that a deploy's commits mention. Looked up by key on every panel load. */;
CREATE INDEX IF NOT EXISTS "idx_deploy_issu_issue_k_f3bef0" ON "deploy_issue" ("issue_key");
CREATE TABLE IF NOT EXISTS "jira_delivery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(16) NOT NULL /* PENDING: pending\nDELIVERED: delivered\nFAILED: failed */,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE,
    "tenant_id" INT NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
) /* The outbox: a deploy that must still reach one tenant's Deployments API. Written in the */;
CREATE INDEX IF NOT EXISTS "idx_jira_delive_next_at_8830ab" ON "jira_delivery" ("next_attempt_at");
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSON NOT NULL
);"""

UPGRADE_POSTGRES = r"""
        CREATE TABLE IF NOT EXISTS "tenant" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "client_key" VARCHAR(255) NOT NULL UNIQUE,
    "shared_secret" TEXT NOT NULL,
    "base_url" VARCHAR(255) NOT NULL,
    "display_url" VARCHAR(255),
    "product_type" VARCHAR(32) NOT NULL,
    "cloud_id" VARCHAR(64),
    "installation_id" VARCHAR(255),
    "installed" BOOL NOT NULL,
    "enabled" BOOL NOT NULL,
    "uninstalled_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_tenant_base_ur_230947" ON "tenant" ("base_url");
CREATE INDEX IF NOT EXISTS "idx_tenant_display_a7a833" ON "tenant" ("display_url");
COMMENT ON COLUMN "tenant"."shared_secret" IS 'encrypted with SecretBox, purpose ''tenant.shared_secret''';
COMMENT ON TABLE "tenant" IS 'A Jira site that installed the app (Connect today; the same row carries its Forge installation).';
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
CREATE TABLE IF NOT EXISTS "issue_tracker" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "provider" VARCHAR(16) NOT NULL,
    "label" VARCHAR(255) NOT NULL,
    "url" VARCHAR(255) NOT NULL,
    "credentials" TEXT,
    "custom_header_names" JSONB NOT NULL,
    "custom_headers" TEXT,
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
    "tags" JSONB NOT NULL,
    "links" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "code_deployment_id" INT NOT NULL REFERENCES "code_deployment" ("id") ON DELETE CASCADE,
    "environment_id" INT NOT NULL REFERENCES "environment" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_deploy_code_de_1325de" UNIQUE ("code_deployment_id", "environment_id", "sha")
);
CREATE INDEX IF NOT EXISTS "idx_deploy_date_0c2c98" ON "deploy" ("date");
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
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deploy_id" INT NOT NULL REFERENCES "deploy" ("id") ON DELETE CASCADE,
    "tenant_id" INT NOT NULL REFERENCES "tenant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_jira_delive_next_at_8830ab" ON "jira_delivery" ("next_attempt_at");
COMMENT ON COLUMN "jira_delivery"."status" IS 'PENDING: pending\nDELIVERED: delivered\nFAILED: failed';
COMMENT ON TABLE "jira_delivery" IS 'The outbox: a deploy that must still reach one tenant''s Deployments API. Written in the';
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
    "eJztXWtz2rga/isavjSdoWmbZrM77JkzQwhtaQlkEtLds03HI2wFvLElryUnYXf7349kG3"
    "yTAXM1rj4lyHpt+Xl1eZ9HF/9Ts4mBLHo8QBhiVmuAf2oY2oj/k7pSBzXoOFG6SGBwaPlZ"
    "WZRnSJkLdXGne2hRxJMMRHXXdJhJsMjbBJ9MFwJqMgTYGDJgYsqgZSGD/0SAPwQctQjGSG"
    "eAEQNOfvXTKS8VcMkT0KHrmogCk1HwnrgjNL0BFE94eSxKYRCdF8PEo1090MPmXx7SGBkh"
    "buvyx379xpNNbKBnRKc/nQft3kSWkYDZNMQN/HSNTRw/rYPZez+jeJehphPLs3GU2ZmwMc"
    "Gz3GYA/Qhh5EKGxO2Z6wnoscdLGfho6o2gpFGWoIgxGwPdQ88SDhTWQQGitJqm9foD7aY9"
    "0LRaxrlTixj8YZJOsKgYvKjUf/uRKMKrk7enP5/+8u7s9BeexS/mLOXn78GjI2ACQx+e3q"
    "D23b8OGQxy+BhHoOqWiTDTHtAkC25rDF05ukmrFMq8+GmUp5iWF2YbPmsWwiM2Ftj+9NMc"
    "UL80r1sfm9dHPNdL8UjCm3HQunvhpZPgmkA+QppyNJGhUaS7iGXBHqDnnKqcMdwM3tOECP"
    "CoH1od8RrCujtxeDHAk8nG4MYv9Tl5rgPHcx1CEXgRdILHifd6ke6N5H6a45ZB+/eBuIlN"
    "6V9W3BtHl83ffUfZk/BKt9/7MM0e816r2z9POW0IKdI81yrSOOI223JVxdqGYVLHgpOiSK"
    "fMVgI7RPLHwdpxieHpLICpANhpu931QrU/eVhS2wni706WAPzdSS7e4lISbt0inqHJYpd5"
    "w2tks6VKvYm+fkWMz06XwPjsNBdjcSmJcTzMLAi1xLR6iG+lH5mRgyzc54RYCOK5iCMZ1k"
    "NuuK1eZNqNbwHtOeCe9/vdRFRy3kmHHbeX5+3ro7c+9jwTZ1+1WOgeAc6jpmFxuGNWCuzl"
    "weZvO62nGpSE6xccMGbaSA561jqFvRGaH0//ObwuZl4o3rls3wyal1cJZ1w0B21x5SQRi0"
    "9Tj85Snc/sJuC3zuAjED/BH/1e20eTUDZy/SdG+QZ/1ESZoMeIhsmTBo04JtPkaVJykHaR"
    "wH0FTyctN+DlHfG05UcS/oJGH1uTsAYeiNvDxjLX655jrOj1pKXyelm8LmnsfumFpnj/EB"
    "PARMIQ6g9P0DW0xJVYgEOpUCp5GR+QSyXDbmj//vM1CgJISWUIteGOuNcguFVpuvoaRQw8"
    "jRH2ZVw9UHb5JcDh46nM1HkJKb/oEm809jNFirAvFQuhu8hgEaVG9SqmAiDLfERCQl4PbF"
    "G0i+BekwNse7lYiUpLTkheNc5esk/sdArEcOS/kni2eFKIWd8dQWz+DcPCZiY3Etfr86Y4"
    "SDrnoomOfGDUZEG5Jguo5Y2KkOtp/spNEGxewvD/FoB2mr/McwFlUitUhF+1WC8vwl8p1o"
    "OOKWYz1ww8mo75GVUq5EgIfvuLhw8SL8clf/KAek2kroK7VBUknb8lf7RjkYmN8Lpgtfif"
    "i9nNqoTZNmP/sNuSRP1Rh5Yf74dd51Khfq0J+HBqCG4JLUDuAcEIxAnDMRADEYDg5mPz1c"
    "lPZyKP4J38AcCkgDLCzRviJwXQRTxWOHs1NBlwITaIXU+T0W0/7w5Two3vIWVgDOlY2EBu"
    "Bu+R+AsBtciT/1Cen98FOTROrgXXJvfBE1tXty8oL60prljAgWysFkyVkAM98NeSB+pt7N"
    "k+th0hkmAdZTCe2pY5aK/1rz9on9v/a4h2Ihr2HW62Wu2bG23Q/9zuNQDUdUQpr5APCC8n"
    "/iTD+7dnS0T3b9NBYxTci0uplVU6yVvKsNgnM+MdrmeAllUr6JVmt8uht6w7fN3+0LkZtK"
    "+1i/ZVt8/95KKRSRlyw2G0HD7hFUcTPWIRThu3UZLBQsmAvzUqtFxqZrDDql6wnivJ4CDC"
    "1IpJBnGvu+iRj2yreD1pqSb8yzMHmPVynANIV4zlxskSy8VB8yE06Q3EzRnpTQ54Fu33nG"
    "aZI8y5ZiZYkxP99HTUgYGdR/N5sgufZlROVtn4PxwBFKxbajVvWs2Ldu17vsa5TeEgoeJJ"
    "5IO0ypcvIiS0xSWlBJxg8q8s9Iis+Cw249QcA//OILzzr5ySh7IccEz9gbNxBmzetwiOLt"
    "kQtZVHKEZfLkbPvfVoGkG1W4VBxu1Lzew/da6bDSAW099h8b920Qp+aoZ+h887g/Pb1uf2"
    "oAGGJht6vDKzcnBJRXS2S3QK7rop/9amGiauDS3zb6HdUn2MbNR4/XrMO+GvDYe47NvX10"
    "Jf/bZK9d4W1QxFaskESP7OwJRZiTcuxLYFfrrp92KbARMj/3HsjUq6I1D3KCO2NuYEGLma"
    "SJW4TLxjjsvk5mm2aPLo4V9gmXRrVKL2n3sPB1HM0DMtZmJ6LJ733211ZHMcJeCa76i0T+"
    "pJSihuMNdRxZpVxrIKLSvxUiVtXLx0FhtLtqLP3eISs1JbXJbf4mJByjTkukQS+eY3jqRV"
    "iRvGRnStrYwgSlf+AXVlpThuh9dHCAfHShTDNmGzEqqV26qhhOBDFoKzDWIDIEcnW/1ojW"
    "FZ/yT6kYRn+DuA3m23O0+j39+a0XKGYrtd/jhFSzKBEQMyf+7CiWXa6F6nr5nO0t9Q803N"
    "Fvywe6D2HbKpXVAHvQsqLLOG8KPpEjxdJL8s3DnmO5xlCQ+hCrvDQ6ziiv3nQ19d9p/QYo"
    "tRVJlpiZnq3ui/ElgUky8hdalvgslnlketiXUpjyPZONSynnMNbh6Letbk5+1k/FSRmq72"
    "dZZM2IhXM4m4kaqF+QJHKtzftMgR00+UvqH0jfJQcKVvHJq+4S9m9VGSgrx4LW/iBjvUNT"
    "xs8/4XTWvA0jMhV9f9i9vWoNPvNUCkjdxhTlc/dHofGoC/54g75Q4POIX1UxiizE+5aH9p"
    "d/tXl+3eoAEMsbSdOKKPv8O3vcvm1VX7ogES5dr7QmClneRDX13tJIwPinH6pJGi84vpfC"
    "wMW5NdVu/ImnqKWSZrV9EtWXE9XnCaNcnRxWzbf0XQ3iopSlFJCS/Kks18apSiuUvRI3Eo"
    "zRjiEQKUeK6OwBEELuKdpsmIO3kpjqCZbSE7Bh1GgYixxdEygeOAGSx8iCtJYIh06FGUHq"
    "e3+aw7nDp54gUFt9dd4C9qB0Scq5MxFcfgiMQIsrwtcWryW5HDcnVXihweNjmM+r2i35nK"
    "WlZuY+HbN2/eLEPXeLZ8wuZfVJRNUTY1F7vt2W5FitUcd2kIW30Tc9xKf1D6QznQ3qr+EK"
    "Il0R0iHPP1huiIx8UyQx+jKfnnrJ+O4cvpCbhCtYhRcMADEX3MkfIvxmZ7syfibOieUr4v"
    "0VJSM8/8eUoA2K8AMIaF+H+QvYIM9XQZtnSaz5VOM0xJMJmiHGlqsxt2tMuKfCBkaArSXD"
    "YktqURV0M2NAvJDmm7yokOW5F5QtSKqmkpM4X1MlgzOCp0+s00vzruJtF3beK4G8vED4V8"
    "MTMohzPEYyvjDKV65vdK1VU9UwSmmDYnN1YanfRD6DNWWAzjrKHCd7EGKuHlawp0lV3OX0"
    "/pdPJGvVgLnbs/tzDc1dxuksY627hX10V1YtvmuptWghre8m9VIdyzG9M2gpO/Ja2qMKkv"
    "W+9bcA+bYa7sHjXTReK7pkdZ1aetDynGqc8Rtl30aFLpJO+8ZUGRjZK4l5C4bUQpb6RZjP"
    "OPG42ZVECSm0d2t3HUqNJCd647K5V/NycZ7Xe2rJwnIpRdRFtqtqxcX6PYX6tZbkHuybwF"
    "uSeSBblhEFsoiEzYKMlssWQWLdNZU7qp3Nqqekq1SVStMn3bLK5K5LLGmWixkDSas5xLbA"
    "/zz6gNviomPkTOxpABCGabrEJ1CgipyxTfMO8S8eFJ4DlgOPEtCAZIaATAgRhZwCLQkHzd"
    "bHvPka7vihpFcDCP+Gi8Ws21T9Ib+aHAgJswKvFHoEoVrapBVw26atBdOOgm9G3JqJvWv/"
    "OH3eCzhvGsC8fdgdis7LEheW7MRsFgTLQ9ygBlpmUFy5r9Nc3Bke98mIxmMiloXnWOwW+u"
    "yfjVcO90Ztzd0nPuMH8/TGH4ZVJxP8p41aexDdd1oFuQM1xDDOBBcoAQeCLuA3LrAIvxHI"
    "y5t4Id3PzeNrKJO1GfLi3hAM57MuZJ5pSWO+wost7lCc4IGwKyYojXrtq9C//4otBeHF/U"
    "7XxpX4tTisJajIw7/L7Z6Yqke2haZTm2CPJWajuy6eTcBhA32d3Y/6bUzSC2Ux49My2EaI"
    "U1dhJztYC+zJKg+lKd+lJdyULtCi9j9RxjRa8nLZXXy+J1SScrWaKkJIrNRyr7+SZhFVGd"
    "I/zs/jt3ZQN4WeEn/zN10mXISlE7eEWtiVxTH9ckWlp4pT5PRYNRHrXU8ZB6y/oc0egRuU"
    "VXOsZMKrjQcTvLwYJPjC69CizIXkF03y57sNy8c+Uyx8oRzKSbY/L3u8ZMdr/jdT+iwMb2"
    "tmaCr10OZt//DzRYITk="
)
