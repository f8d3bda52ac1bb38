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
        CREATE TABLE IF NOT EXISTS "code_source" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "provider" VARCHAR(24) NOT NULL /* GITHUB: github\nGITHUB_ENTERPRISE: github_enterprise\nGITLAB: gitlab\nBITBUCKET: bitbucket\nAZURE_DEVOPS: azure_devops\nCUSTOM_GIT: custom_git */,
    "repository" VARCHAR(255) NOT NULL /* owner\/name, a project path, or org\/project\/repo */,
    "url" VARCHAR(1000) NOT NULL /* custom_git's clone URL */,
    "api_url" VARCHAR(1000) NOT NULL /* the API of a self-hosted GitHub or GitLab */,
    "token" TEXT /* encrypted */,
    "path_includes" JSON NOT NULL,
    "path_excludes" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "code_deployment_id" INT NOT NULL UNIQUE REFERENCES "code_deployment" ("id") ON DELETE CASCADE
) /* Where a code deployment's commits are read when a deploy names only its sha: one repository on a */;
        CREATE TABLE IF NOT EXISTS "commit_discovery" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "status" VARCHAR(16) NOT NULL /* PENDING: pending\nDONE: done\nFAILED: failed */,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMP NOT NULL,
    "claimed_until" TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "deploy_id" INT NOT NULL UNIQUE REFERENCES "deploy" ("id") ON DELETE CASCADE
) /* A background job: read a deploy's commits from its code source. Written in the transaction that */;
CREATE INDEX IF NOT EXISTS "idx_commit_disc_status_4ab8e0" ON "commit_discovery" ("status", "next_attempt_at");
        ALTER TABLE "deploy" ADD "commits_note" TEXT /* e.g. a range cut to the newest commits */;
        ALTER TABLE "deploy" ADD "commits_status" VARCHAR(16) NOT NULL DEFAULT 'given' /* models.code_source.CommitsStatus */;
        ALTER TABLE "deploy" ADD "commits_error" TEXT /* why the code source gave no commits */;"""

UPGRADE_POSTGRES = r"""
        CREATE TABLE IF NOT EXISTS "code_source" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "provider" VARCHAR(24) NOT NULL,
    "repository" VARCHAR(255) NOT NULL,
    "url" VARCHAR(1000) NOT NULL,
    "api_url" VARCHAR(1000) NOT NULL,
    "token" TEXT,
    "path_includes" JSONB NOT NULL,
    "path_excludes" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "code_deployment_id" INT NOT NULL UNIQUE REFERENCES "code_deployment" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "code_source"."provider" IS 'GITHUB: github\nGITHUB_ENTERPRISE: github_enterprise\nGITLAB: gitlab\nBITBUCKET: bitbucket\nAZURE_DEVOPS: azure_devops\nCUSTOM_GIT: custom_git';
COMMENT ON COLUMN "code_source"."repository" IS 'owner/name, a project path, or org/project/repo';
COMMENT ON COLUMN "code_source"."url" IS 'custom_git''s clone URL';
COMMENT ON COLUMN "code_source"."api_url" IS 'the API of a self-hosted GitHub or GitLab';
COMMENT ON COLUMN "code_source"."token" IS 'encrypted';
COMMENT ON TABLE "code_source" IS 'Where a code deployment''s commits are read when a deploy names only its sha: one repository on a';
        CREATE TABLE IF NOT EXISTS "commit_discovery" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ NOT NULL,
    "claimed_until" TIMESTAMPTZ,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "deploy_id" INT NOT NULL UNIQUE REFERENCES "deploy" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_commit_disc_status_4ab8e0" ON "commit_discovery" ("status", "next_attempt_at");
COMMENT ON COLUMN "commit_discovery"."status" IS 'PENDING: pending\nDONE: done\nFAILED: failed';
COMMENT ON TABLE "commit_discovery" IS 'A background job: read a deploy''s commits from its code source. Written in the transaction that';
        ALTER TABLE "deploy" ADD "commits_error" TEXT;
        ALTER TABLE "deploy" ADD "commits_note" TEXT;
        ALTER TABLE "deploy" ADD "commits_status" VARCHAR(16) NOT NULL DEFAULT 'given';
        COMMENT ON COLUMN deploy."commits_error" IS 'why the code source gave no commits';
COMMENT ON COLUMN deploy."commits_note" IS 'e.g. a range cut to the newest commits';
COMMENT ON COLUMN deploy."commits_status" IS 'models.code_source.CommitsStatus';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "deploy" DROP COLUMN "commits_note";
        ALTER TABLE "deploy" DROP COLUMN "commits_status";
        ALTER TABLE "deploy" DROP COLUMN "commits_error";
        DROP TABLE IF EXISTS "code_source";
        DROP TABLE IF EXISTS "commit_discovery";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "deploy" DROP COLUMN "commits_error";
        ALTER TABLE "deploy" DROP COLUMN "commits_note";
        ALTER TABLE "deploy" DROP COLUMN "commits_status";
        DROP TABLE IF EXISTS "commit_discovery";
        DROP TABLE IF EXISTS "code_source";"""

MODELS_STATE = (
    "eJztXftz2zby/1cw+qXJjOIkyqun3tyMbCupGtvy2HJ616jDgUhYYk0BOoK0ot43//t3lw"
    "/xLZF6mWI402ksEguAu3jsfnax+F9jKjRmyJMB45RbjTb5X4PTKYM/Ym+apEFns+A5PrDo"
    "yHCKWkGZkbRMqmJN99SQDB5pTKqmPrN0wbFsh/ymm5RI3WLEmlCL6Fxa1DCYBj8ZgUaa8I"
    "cp7PGEnAnOmWo1yUdhjhkRJhkJa3KCDWlChZZ0Pt5RnUM+5B3/pU9PdEke2AKqGS2Ibkmi"
    "Gjrj1me2+IVQrwKvKMXv84tFnukaodypAfoy5NjJn7AmYWv4bq5bE7+X8NytlPFH3RR8Co"
    "2dkGW3Xgj+ItIoUalp6ky6NcdbtYRoEimc7yNY8BE+l8N/jJhi7nQqzLOpeISa7k0xXbLB"
    "El5/HhibySFnj8xcWBPgOjF0/oDsFfDB5Nk9ljqZamRov3pFP7RO3j93pGRz/b82UywxZt"
    "BFE2T19U94rHONfWPS/zl7UO51ZmiR4adrWIHzXLEWM+dZj1sfnYI4AEaKKgx7yoPCM+ib"
    "4MvSujskx4wzk1oMq7dMG4ckt4FN7tj1R6nb06CI28UQjcbuqW3gwEZqtwPBs4aiXPUHym"
    "13oCiNxKD3KUJj1nukCo4TBroqna8fYxdetF6//fD25zfv3/4MRZxuLp98+O42HTDGJXTY"
    "czVofHfeU4u6JRweB0x1x68CYzrJ3LMJNdO5G6WKcRm6H+eyz9MQmz0m7pXLjeWwdZYjCS"
    "PdWMTXigy+T+k3xWB8bE2Q2e/ereDyl87N2a+dm2dQ6jnWLmC9c5fBK+9Vy32HoghYL4G9"
    "TFMkU01mJbk/YN8yxnaCcCcC8IsEEgjW6x2L4BdYzlRzMYO+uavdrfMpp+Jbk8xscyYkIz"
    "+5BCeRj/0pn/BWyGrQ/fcAK5lK+V8jLKJnl51/O9KbLrw3F/2rT37xkEjPLvqnMUmOqGSK"
    "bRpFplCYZiP5JdappAAPulDtf8JoupwZdFGU0zGyPU2WivF6ZgrNVi2XTQWYHafb19BOrk"
    "2Nv0DjaxyE429aORj+ppXJb3wVZbej/ClpGs6qTTigqdygfv82B4vfv81kMb6KsjisDBfk"
    "dAppeXUetByShkgTNPsR7KTk7q53XhoVyLESlJBtU1AwWfQlVohKMx9c3tGZrmyivqRTV4"
    "/vexz2ciEtNgVT+IHxIup/OnWJWd/Ir+0nv62kKr/bUaeHCvs2000mFZpixZ0D8y19ylaJ"
    "Mq2WmDg1r5oT/4/yCBf3G2kJMNKIKzfiyk0S+KI2oZwIQ2Om+5Q4iBExGWjkKpOwKXE2hw"
    "eCs+3l3Lvs3g46l9cRYZ93Bl1804oI2n/67H1s3i4rIb/3Br8S/En+6F91HZkIaY1Np8Wg"
    "3OCPBvaJ2pZQuJgrVAtz1n/sP0rTSFjKlncqhMEoX6mOsLStbgSE+9Kwfe1kD4vuCrGe9v"
    "sXEYme9uLz8+7ytHvz7LUjSiikWy426IFfAcNhjRkVZ3eIqmZ2fmbbfDlON1gZk9RHsyLu"
    "Qg5Ht5bBjo5830DSUcodSHmj6bZPhRI+UOsj8uyOwCMRuzdZVkrdnmkbSj1KWUu9LFJPme"
    "xO79Erd/8QciHhgxFVH+bU1JTIm5CCIyX6+qCPD8yUKduuR//x8w1zYYqUweB5nXtY18Ct"
    "qjRLfUMyi8wnoNeiFqy6rg50tgL74Kmlq9BDufQ0Y6HAEe14qNGFXmSzCJ4G4yqEkDNDB/"
    "1aZ1syG7t27ta1OMK5l8krHLSiJbKGcfLVtDWNP6Gcjp1PwraxJY9nfXNMuf439TqbCJuI"
    "vG+uCp4Q8ZLrQiiyGVO728vlbpeGPS4Cs/nld+NGeVrW7hnPdP4twFq//OE8VMcNWtYaft"
    "V0vSwNfyNdD10BD2yxpeLRmemfWaVUjoi5JLdWg+9kLvX3KNnzhObCUfJrZoq/wN7YklPX"
    "bi1VZZIKXwlNzwyxQAfxlsw6g3/Ol5VViWf7NI28VT3FKArW+2xzyNtZcllCjQ4BbUND05"
    "saRNw7sc1he+qE4D5NKLn9tfOi9e49lkGzHBrA2G7XkdXGn5JguAQUeTHSLWJSrolpM26r"
    "77u9IZcCiO+ptMiEygnSUCCj9wz/pUQaYu40isHbTlB2GHtAKELcuy2eXd9hlLmp4xuDzK"
    "gXN1+biOUyER/gs9LtmC63pw5ve4ghcZUleOzTltmmafRvPimfu/9p4zzBiT3knbOz7u2t"
    "Muh/7l61CVVVJmUQ2VDU+nn9Pofx8zquUwe2D76KRWqrIisKcr1MlsQHDIWkhtEoKJXOxQ"
    "Ww3jCG/Kb7qXc76N4o593riz7IyWRjXVrM9LbRcsgEBo6CK2IRkz9MUyMqaxEV+GpWKChs"
    "SXDAoV5wnNeIylGoqRVDVMJSN9kj7GybSD1KWcdDlMdFmpRy2AZIDWrO1JNTKNcrzccwpX"
    "egNyeQyXSGJ7n9EcwsfczB1kwoa+mGftxbd2TMzjLz4bFJ50tTLm2wwR/AAeaGdZ11bs86"
    "593G92wIeJ/AgYN2psAGPgqaDRrYfokciMGMmRIM5flEEAmDBE9r4zFmNJpvDQbWNJmzEb"
    "nr4RHvKZuOMF41xdJPwQZ2WHNtppfLTGdTqhdSjpcE5bU8Gl4ctyHmzFSpdINeS6Erl9+7"
    "e8yWyIxKORewWhe1qBOEpUaeqDkWvKWXZ1SbwtgYV/JpDzjC3S2qKLLU//2qe9MmYg49Gv"
    "LO+WUPQT5tqvMhv+xiNHmbhGp+cmSpNsuzWV9ds9yg0lJQSVN0voHoU8hrA7020I9qctcG"
    "em2gFzTQI2E2KYZ6PAwn22CPBP/ktNx5xEx+YbBHZoSj8MHUppw4NROvZrS0vbgZMtPVB0"
    "mcRGfSQqs7xYTfSxO1LV8uWx6k9ahr7rDbRBUP05faAPqtd9NpE0yUM+T4t3J+5v5UNHXI"
    "T3uD07uzz91Bm4x0a2TDYLbKoZLXnsj92qEFk3+UP21ZgwtzSg39bwyukuqETVn75csJLM"
    "Jf2zNhWn9+fYkBUH+WBgkIoshSIhSzc4HEyI4jCchvt/2rUOqPyM5/Evqikqb+UG1piaky"
    "AVOYmQo+TREZfmOGyNLJ49aiDtrD/xFDl3szJRr/vLe5q8WMbN2wdC5PsL1/7WshWyEoZN"
    "dqQcVl0oyahFjBSkEVm1YJyirMrMhHlXRyzYX5IGdULQT2R4jKu+M7qXJOfc2KLHuNPj8a"
    "qFwh86I02xMMGsOapOQIXpk5JURVZ07JnznFwRKZaYoUgyR7zYpSlXi92gncuJeNvQb+f0"
    "DgvwaC9wO3BBx2c/sV422EZiOuVi4DSI3PHzM+n5wQO2BycBXLjzYZ8sonso5EJAPfQK7u"
    "Li5WuU6e7qxtOVWxwx4b9bmV4lcKMTLbpTQLFdppCp2vicXSydPyZ+3E+WFT6zy1ylYn1z"
    "kUc/dztYnb53Aq+yLsziA/IBTm3fvhY1ZHOMRr6z+b9dW1/iMQeTETNY20xJbqk5n/NcBS"
    "W/IlNF2au7DkE1FrW/K6lFlud87qtJVzC9s8pPVsaZ93o/pTRUZ6nQ+rZMBGeJilgBuxUZ"
    "gNcMTU/V2DHCH8pMY3anyjPCZ4jW8cG77hxBg7XEpl8voQ60gFB8Q1bD6F9Zf5IyC3J+T6"
    "pn9+dzbo9a/aJMBGhhzM1U+9q09tAt85BqEM+QBMWOeJxaTlPDnvfule9K8vu1eDNtHwxI"
    "GY4Ro/5HdXl53r6+55m0T69eTx2TV2ks366mInnn5QzKaPEtXm/HpzPqSGbWldVi/VbzNm"
    "WUZHV9GTcmE8Hm2aLY2j82W6xIpwe69GUcyUTLGLksZmtmkUM3NzmUeYzHdC+ZgRKWxTZe"
    "QZxZsqhdQtYS6eu2G63gg7IT1LEtSxMSWvKzgnu88kmruHjJhKbZm43XKfbQ15LGPnT5Lc"
    "3VwQ56wBEZiPOEGK6YPxYcCyrJOKtfO7Ng7LtVzVxuFxG4fBulf0FvIkZXlPf2zI8devXr"
    "3KY65BsWyDzXlZm2y1yVb7Yvft7a6N4trHXRqDrbkLH3eNP9T4Qzm4XQx/iPm8XTs7m6N9"
    "zgYC/pfP6X27rK0aIRrfN0BrPB5kIDUBh9agNIFg1iM0v0+YyQglSBjCKvBiIzGd6pZ7iR"
    "Lqb+45FOoVCmMfWEpOaNvJsxxYEARRkARMs+8Gh9ypGTOTkGfCJJQvyBjvf2JTYbHnTTLX"
    "LfekTOieKUu4LUK5Z8vD/03C2SMzoSUx5wTnxPM62VQJoZofJtnUJzBm7k7bOJwn9mjI3d"
    "9K92rQvbm+6d12/VcKDGtmzkwdoUsoddFxqaDD6Umphrzzx91NVznvfulf37YJ/ds2Ee19"
    "FDM55Gd3t4P+pQIVtYmX8wIq28RR2soDJbWyoaRWAkoKZv9mMEe5IY6Gk+P3JX5sM5wEj1"
    "qTJoHFDdTPl97Dl/hNG8mk+vmvdiCIYNzjTmXgxnN3c7FRsMCe8Ce81bEg20MkJWY97tWd"
    "657rwZHMuH+BmzvTyCfd+tUe4TyAvy7oqEzSWF62F5VFdraRJUGJE40EiZHysfrQ+UZwXV"
    "R0rhq2ViyFWIKwTh62WjgbJA9zeMy+bSicMGEtnJ0Lp3ZeZO8X1XVe2DNtQ6lHKWupl0Xq"
    "Po9CYl93YKWYYyWdeDcOlqNHKRLulWxkOgm8ZgooKR0fWc3pJdj+TNGTSiavqyB9aOZwGW"
    "wVZef5BFIw28BbkI3XBhdAr4dqQeB+iNszivjnc/9uuxiWilimOgGWOi9DZ5qS6fh3VGdq"
    "VFvKMI6dr4L2EmFuX+OFcBNxS9WQ6sGi3ya0CI7gFS8zeLphsNDbPODA22xo4G0CGHCGc0"
    "Fty6c5jJ71BGv7EapVSW0ac7IJUyl8j2WcrrxQXJliHD2uFQ0ljZHVvM7D65EJCmahaywD"
    "iprDeThs0XEhTMwvX0NhO4fCDJ0/FJLFkqAcwsBmKyMMLyZEARPXslOkkr0CJSkPuBKN9U"
    "dWNG+bbzaGQnjAcnc+4nb5DSU4mezxtXA6/QRhmR1d88nCS7mrLQ+UjekjI1z4cUr5xHFo"
    "F5jPZS7SzIz10vHpyiwcdjI+IZSYDmyh2haGb6GwOJszaZVcPrWjpWKQex5HS2kh96cW+Y"
    "7PioSgw2I8ThLW/F1/ZmSto6LwgYbKpj9rbuGsyBjhO2B3NdPzxXmdnNybnyMJKRfbniNx"
    "lfsK8T0yUJ2UlDvhk5PCs6psgu8EW9HUt2UVXvZx7taV54DSMR2i2eB8kqZLVfis2P50Es"
    "7T83CVFeJuYVe3t2xlOryDZW2d21tRg6I7zbSZcCl7bvbai3xQL7LJHnWZepx41cmMgKb2"
    "J+fwJ0+ZlDBdi2A9IZIKeGcOjeDUjseDO3lrl/pBuP3EoSnl1JrKDj/mCk2p2nG8TWdNvs"
    "NerVWHvVoph708dbaQEhmhqcHG9WBjECq7JehVuSwezRjeFRlaRaGuQhb3Rgaki+dk2o9L"
    "uGet+agvS+ZIROrchupQkAeGzl1qLXNLhJJPIEgINCfkQogHphF7RkYLh0JwgukgFmRGOT"
    "OIIaiWjKfeYzupMdbBpHCvgIEK6sShT2r0BnIosOFGiPa17R6Uy4e44bHedOtNt9501226"
    "Ec9Ayq4b9xxkb7vOlSFauOjafXeAabFtayS+tckct8KpLS0iLd0w3BNFznEi905x2B0D16"
    "/ElA8n5HdTt+Ctn5wbWuOSugGPuLMm9t89tzeEQQAjX4YyeztJpjC51KP3OLil/XmTqAYF"
    "41fDvR2VAJd1ZC7MB2aSe0xPRQxGkXOYL9zJNzXkE5Crl+iKg6IwFeaiSaQgXFjOCSxdgl"
    "YAn0VVU0gJjcPkMzFxFlbhlYGhA8agwTQYE0gg8QyXNddVljOH1ddGEDnJ2TdLocCY6Qz/"
    "rXH0w6oUD/BZ6drE+uRWPu0BbflgzygS1Hfevb7o/6ftzaohv+le9r90lbP+1VXXu/bHnW"
    "VKMMHi0z+XLrLzFFRBf4rGdcXoyqyQOFl4XLPGu2YS1lchGcHod+LckoDp834BE2YGK9O9"
    "BQXQznFkRo2cktpxOJibpUCRDDgDk0OB2TJKyxN3qo8zpZRdx+HE9Wq/C9c/Wq03bz60Xr"
    "15//O7tx8+vPv51ZLxyVerJHDa+4RCiMycpFRWxfKvX9CeJJ5/xriGjCw4Z667V+fOTWQe"
    "Pd5EdtH70r3BC8c8bYBpQ/6x07vAR/dUN/LmVtp3nL+33afIKXOqhEkqMzl2thjFlagEX1"
    "c7WlLIKxgDXiWni6f7Kza30ryXa6L948RH42BrUM++AfvKsW1+IezbTIeFzv3pJvj1DSM6"
    "BtnnW/GqNDYMKq3iR6iiVCU+olPa4A0QIfY/wfPs050BxVbHOw809xDMgXnXetUilMs5M9"
    "FqwvSwMNVCd5Q3ic0RH+CBp2L781J1Yrr6vFSO9bFOTPcjSj1lV0yJhX8Kj07JdsRdmx0u"
    "1l2MqRGaMqNSZXGTuQzbgZtssKzoyBic100WGVrrj7sd3v9YsuXg6N2P8dMzqZfbJA7YrL"
    "rhBgsrkRM+eeJ/8GvGprC5Rv4So7Z730tKYM69KaYOch1K/VDcD7nn9lL8kIGv0bngxvMr"
    "gnnywNzLiR2vaBP6AZ30S2Enxf19kzgJSzAIyUXuoZ90UTsKy7gLNVc4Cn9oZB100jbRBG"
    "c1nl7j6Y0aT68cZvqD4uk/pKxrfLxOT1WypfRIgbcabv0RpV5euLV6FlkCFywCtKyHugpe"
    "9rF5oP1RXPJRFOfaCrvqMFNXJ40UyMp701yFVNGgzD6zm9QQyyEhlkdmFk1pEiKpYEaT/e"
    "R9gElVgMNe8Qpy93Xe20lXXU6aErBupeYPzI6CCZEcPsv509hXOwtn2Uo/2HYz+/7/Qj+k"
    "pg=="
)
