from tortoise import BaseDBAsyncClient

# Existing links of a Jira site (made by its admin on the app's admin page) count as the site's consent;
# connections made with a token wait for a Jira admin, or for their next check of ADMINISTER.

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
        CREATE TABLE IF NOT EXISTS "sign_in_attempt" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "key" VARCHAR(320) NOT NULL,
    "attempted_at" TIMESTAMP NOT NULL
) /* One sign-in attempt, counted under each of its keys (its email, its address, both) for the rate */;
CREATE INDEX IF NOT EXISTS "idx_sign_in_att_key_2ac0a6" ON "sign_in_attempt" ("key", "attempted_at");
CREATE INDEX IF NOT EXISTS "idx_sign_in_att_attempt_46bf98" ON "sign_in_attempt" ("attempted_at");
        CREATE TABLE IF NOT EXISTS "used_install_token" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE /* sha256 of the token */,
    "expires_at" TIMESTAMP NOT NULL
) /* A signed install or uninstall token already accepted, kept until it expires: Atlassian's token binds */;
CREATE INDEX IF NOT EXISTS "idx_used_instal_expires_5ee6cb" ON "used_install_token" ("expires_at");
        ALTER TABLE "user" ADD "session_version" INT NOT NULL DEFAULT 0 /* raised by signing out: every earlier session ends */;
        ALTER TABLE "issue_tracker" ADD "consent_source" VARCHAR(32) NOT NULL DEFAULT '' /* admin_link, administer_permission or admin_approval */;
        ALTER TABLE "issue_tracker" ADD "site_consent" VARCHAR(8) NOT NULL DEFAULT 'pending' /* GRANTED: granted\nPENDING: pending\nREFUSED: refused */;
        UPDATE "issue_tracker" SET "site_consent" = 'granted', "consent_source" = 'admin_link' WHERE "tenant_id" IS NOT NULL;"""

UPGRADE_POSTGRES = r"""
        CREATE TABLE IF NOT EXISTS "sign_in_attempt" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "key" VARCHAR(320) NOT NULL,
    "attempted_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_sign_in_att_key_2ac0a6" ON "sign_in_attempt" ("key", "attempted_at");
CREATE INDEX IF NOT EXISTS "idx_sign_in_att_attempt_46bf98" ON "sign_in_attempt" ("attempted_at");
COMMENT ON TABLE "sign_in_attempt" IS 'One sign-in attempt, counted under each of its keys (its email, its address, both) for the rate';
        CREATE TABLE IF NOT EXISTS "used_install_token" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_used_instal_expires_5ee6cb" ON "used_install_token" ("expires_at");
COMMENT ON COLUMN "used_install_token"."token_hash" IS 'sha256 of the token';
COMMENT ON TABLE "used_install_token" IS 'A signed install or uninstall token already accepted, kept until it expires: Atlassian''s token binds';
        ALTER TABLE "user" ADD "session_version" INT NOT NULL DEFAULT 0;
        ALTER TABLE "issue_tracker" ADD "site_consent" VARCHAR(8) NOT NULL DEFAULT 'pending';
        ALTER TABLE "issue_tracker" ADD "consent_source" VARCHAR(32) NOT NULL DEFAULT '';
        UPDATE "issue_tracker" SET "site_consent" = 'granted', "consent_source" = 'admin_link' WHERE "tenant_id" IS NOT NULL;
        COMMENT ON COLUMN "user"."session_version" IS 'raised by signing out: every earlier session ends';
COMMENT ON COLUMN issue_tracker."site_consent" IS 'GRANTED: granted\nPENDING: pending\nREFUSED: refused';
COMMENT ON COLUMN issue_tracker."consent_source" IS 'admin_link, administer_permission or admin_approval';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "user" DROP COLUMN "session_version";
        ALTER TABLE "issue_tracker" DROP COLUMN "consent_source";
        ALTER TABLE "issue_tracker" DROP COLUMN "site_consent";
        DROP TABLE IF EXISTS "sign_in_attempt";
        DROP TABLE IF EXISTS "used_install_token";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "user" DROP COLUMN "session_version";
        ALTER TABLE "issue_tracker" DROP COLUMN "site_consent";
        ALTER TABLE "issue_tracker" DROP COLUMN "consent_source";
        DROP TABLE IF EXISTS "used_install_token";
        DROP TABLE IF EXISTS "sign_in_attempt";"""

MODELS_STATE = (
    "eJztXX1z2zbS/yoY/ZNkRnESJ3Fyys3NyLaSurEtjy23d406LCTCEmsK0BGUFfWefvdnFy"
    "DFd5nUmymFM53GIrEguYuX3d++4H+1kTCZLQ86jFPu1hrkfzVORwz+iN2pkxodj4PreMGl"
    "PVs1dYM2Pek6tI893VFbMrhkMtl3rLFrCY5tm+Rny6FEWi4j7pC6xOLSpbbNTPjJCDykDn"
    "84YjIYkhPBOeu7dfJZOANGhEN6wh0e4INM0YcnWXywpj67vMub/k2fnliS3LMZdNObEcuV"
    "pG9bjLtf2ewToV4HXlOK3+c3i1yzTEK56gHepcvxJZ9hT2Ji4r2p5Q79t4TrulPGHyxH8B"
    "E87IDMX+ul4C8jDyV96jgWk7rn+FNdIepECvV9BBs+wOdy+I8RR0zVS4V5NhIP0NOdI0Zz"
    "NrjCe597xsayy9kDc2buELhObIvfI3sFfDB5foetDkYm6U5ev6YfDg+OXigpTbj13wkzXD"
    "Fg8IoOyOrb73DZ4ib7zqT/c3xv3FnMNiPDzzKxA3XdcGdjde2Mu59VQxwAPaMv7MmIB43H"
    "8G6Cz1tbekgOGGcOdRl27zoTHJJ8AmzSY9cfpfpNgyb6FUM0JrujExsHNlLrFwiu1Qzjst"
    "0xblodw6glBr1PERqz3qW+4Dhh4FWl+voBvsLLwzfvPrz7+Pbo3Udool5zfuXD3/rRAWM0"
    "oWLPZaf2t7pPXapbKB4HTNXj14AxnWTuyZA66dyNUsW4DK8f57LP0xCbPSZulMu1+bBVy5"
    "GEkW7P4mtFBt9H9LthMz5wh8js9+8XcPmX5vXJT83r59DqBfYuYL3Ty+Cld+tQ30NRBKyX"
    "wF5mGpL1HeYmud9h3zPGdoJwLQLwmwQSCNbrNYvgEyxnfWc2hnfTq92N+pRj8b1OxhNnLC"
    "QjzzTBQeRjn+UT3gJZdVr/7mAnIyn/a4dF9Pyi+W8lvdHMu3PevvziNw+J9OS8fRyTZI9K"
    "Zkwcu8gUCtMsJb/EOpUU4FYXqs1PGNOSY5vOinI6RrahybJnvB47wpz0Xc2mAsyO021qaC"
    "fXptqfoPHVtsLxt4c5GP72MJPfeCvKbqX8GWkazqJNOKDZu0F99C4Hi4/eZbIYb0VZHFaG"
    "C3I6hbS8Og9aDklDpA6afQ92UnJ7e3ZaGhVIWQlGyLYpKJgs+hIrRKWZD5p3dGwZy6gv6d"
    "T7x/cNDns5ky4bgSl8z3gR9T+dusSsr+XX9pPfVlKVX7+oekODfR9bDpMGTbHiToH5rjVi"
    "i0SZ1ktMnKbXzYH/R3mEi/uNdAUYaUTLjWi5SQJf1CCUE2GbzNFXiUKMiMNAI+8zCZsSZ1"
    "O4IDhbXc5nF62bTvPiKiLs02anhXcOI4L2rz4/is3beSfk17POTwR/kt/aly0lEyHdgaOe"
    "GLTr/FbDd6ITVxhcTA1qhjnrX/YvpWkkLGXLOxbCZpQvVEdY2lbXA8JNadi+drKBRXeBWI"
    "/b7fOIRI/P4vPz9uK4df38jRIlNLJcjQ164FfAcFhjesXZHaKqmJ2f2RM+H6dLrIxJ6p1Z"
    "Edchh51by2BHR74vIeko5RqkvNR026RCCR9othF51iNwR8TuTZaFUp+MzSWlHqWspF4Wqa"
    "dMdvX26JW7uw+5kPBCj/bvp9QxjcidkIIjJfr64B3vmSNTtl2P/vPXa6ZhipTB4Hmdz7Cv"
    "ju6qNEt9TTKXTIeg16IW3NeuDnS2Avvgqmv14Q3l3NOMjQJHtPJQowu9yGYRXA3GVQghZ7"
    "YF+rXFVmQ2vtqp7mu2g3Mvk1c4aMWhyBrGyVujw1H8CuV0oD4Jn41P8njWdgaUW39R72UT"
    "YROR+/VFwRMi3vKxEIpsxlTu9nK526U9GRSB2fz263GjPC1rN4xnqn8LsNZvvz0P1W6Dlp"
    "WGv2+6XpaGv5Suh66AezZbUfFojq2vbK9Ujoi5JFdWg29lLvV3J9nzhObCTvJr7Ig/wd5Y"
    "kVNXupd9ZVIfvhIePbbFDB3EKzLrBP45nXe2TzzbpGnkreopRlGw3mebQ97OkssSqjUJaB"
    "smmt7UJuJOxTaH7akDgvs0oeTmp+bLw/dH2AbNcngAxnZrR1YDf0qC4RLQ5GXPcolDuSlG"
    "9bitvunndbkUQHxHpUuGVA6RhgIZvWP4LyXSFlP1UAzeVkHZYewBoQhxp594cnWLUeaOhX"
    "dsMqZe3HxlIpbLRLyHz0q3Y1p8MlK8PUMMifdZgsc+bZltmlr7+ovxtfWfBs4TnNhd3jw5"
    "ad3cGJ3219Zlg9B+n0kZRDYUtX7eHOUwft7EderA9sFbsUjtvsiKgnxcJnPiLYZCUtuuFZ"
    "RK8/wcWG/bXX7d+nJ202ldG6etq/M2yMlhA0u6zPG20XLIBAaOgStiEZM/TFMhKo8iKvDV"
    "rFBQ2Jxgi0O94DivEJWdUFP3DFEJS91hD7CzLSP1KGUVD1EeF2lSymEbIDWoOVNPTqF8XG"
    "nehSm9Br05gUymMzzJ7c9gZlkDDrZmQllLN/Tj3rodY3aWmQ+XHTqdm3Jpgw3+AA4wHdZ1"
    "0rw5aZ62an9nQ8CbBA4U2pkCG/goaDZoMPFb5EAMxsyRYChPh4JIGCSYrY1pzGg039gMrG"
    "kyZT1ye4Yp3iM26mG8aoqln4INrLHnykwvl5nORtQqpBzPCcpredS8OG5bTJnTp1IHvZZC"
    "Vy6/d3eXLZExlXIqYLUualEnCEuNPFFnIPihVZ5R7Qh7aVzJp93iCNdbVFFkqf3rZeu6Qc"
    "QU3qjLm6cXZwjymSOLd/lFC6PJGyTU85MjS5VZns36/TXLbSpdA5U0w+JLiD6FvDLQy2yg"
    "SyYlGj0PoKKnmoyZGnIK5fYM9NcFF18QntTVqnBwYp0mMXEbRNVtIow6tgU2h/dFhHFT5l"
    "yD16JdV3BJBZeUgtl7ApdEgp5SYJN4UFQ2fBIJxcqJo/AIaPHShjXGDudEuAKTgVXPxOsZ"
    "cQ8viomMrf69JKrsnHQRA0kBVDbyiApZKReyAtJ6sEw97JYxjML0pTZHfz67bjYIli3qcv"
    "zbOD3RPw2z3+XHZ53j25OvrU6D9Cy3N4HB7JbDQKr8wptFBQqWYil/EbkaF86I2tZfGOom"
    "+0M2Yo1Xr4awCH9rjIXj/v7tFYaj/V4aXCaI6UuJF82uzBIj242SLD/ftC9DhVgiO/9B6I"
    "tKWoilP5GuGBlDRmHJN/BqisjwGzNElk4et90t0B7+j9iW3JgpUfvn3YRrLaY3sWzX4vIA"
    "n/evTS1kCwSF7FosqLhM6lEDHTtYKKhi0ypBuQ8zK/JRJZ1cU+HcyzHtF3K9RIjKu+Orwk"
    "XHvmZF5m+NHlgaqFwh86I02xOW6FbGqpeDsFRYaqyPLQpqzLiJHCwory/XzctO67RBBg7l"
    "8EpdftW6PD27/NIgXo8Yu/r59gbbOOxusqT/8mMOgX3MFNfHhC6heWxIMXGKTaQkZYlnk3"
    "LoGFgEvq6dOzpkeMyckaXRReHoGwYdo4lG7WWEs/7Sq7AC2+4wpfz5wqJQIaqqKFT+olDK"
    "TcIcR6RY99kKQJSqxJv/WjwpG9GSK5/mD+jTrLwqm/Zb6bKlxXgboVmKq3tX3Khydu2ysy"
    "s5IdbA5OCUqR9tMuSVT2QdiUgGvoFc3p6fL/JDPl0ZgXKqYtvNiPe5leKkDTEy2z87DjVa"
    "a3Wwb4nFUpWg+r3yiP6wVcOeWmWr6oZti7mbObVJv3P4lI4i7M4g3yZcqY808gHgHRzilf"
    "Wfzfr9tf4j/qZiJmoaaYkt1Scz/yuApbLkS2i61NdhySdCQFfkdSkLeK+d1Wkr5wq2eUjr"
    "WdE+b0X1pz0Z6VWpv5IBG+FhlgJuxEZhNsARU/fXDXKE8JMK36jwjfKY4BW+sWv4hgrYV1"
    "xKZfLjkViRDraIa0z4CNZf5o+A3J6Qq+v26e1J56x92SABNtLlYK5+UdFY8J0DFY3VARNW"
    "XXGZdNWV09YvrfP21UXrstMgJqbviDGu8V1+e3nRvLrC0K3Iez15skOFnWSzfn+xE08/KG"
    "bTR4kqc/5xcz6khq1oXe5fFfN6zLKMjq6iaadhPB5tmhWNo9N5Jdg94fZGjaKYKZliFyWN"
    "zWzTKGbm5jKPsE75kPIBIzqYWAe5e0OqAX86DFZQyxXO7Jkk3hCpY8juc6wpTf6Ab5tQ+4"
    "8XKrLBo4OW+nJ8p97s07pcdy4PyJkrCRoDWBZdjzBVYW0YrZ9GeqxPJ5LFCxlDj7fX50Ql"
    "/RCBZdqBsssjpFhWHfsL+K1qtakX8b7uWfAOXLhw94Halqmu1aEJXFSPgc2yP4QHWW5W1n"
    "Hle69s03KtlpVtutu2abDOGgWTipOU5c09WZLjb16/fp3HWoRm2faiuhmrTL9TBzgodaIo"
    "BHDSPm01CFJ2+UXz8rZ53shQBZ4i4aqy2H9Ai71yxW862KHCRKoQh9LY6/V1hDhU8FMFP5"
    "WD28Xgp1jIQ1Zmuc/RNmcdAf/LF/NwM+9tPyJ0/l4CrPN4kAHUBRx6BKQLBPM4QPfrkDmM"
    "UKVUh9AmPLJPjEaWq48HRP1NpyFRr1EYvsJWckgb6gSBwIIjiGMlMLpNP7DLVc9Y5Yk8x9"
    "x/PiMDPNmQjYTLXtTJ1HJ1olToBEVX6CdCu+fzQip1wrFeKTxJTDnBOfGiKtxXQqjshync"
    "9wWMmdvjBg7n4aTX5fq30brstK6vrs9uWv4tA4Y1c8aOJZlqdd7UVPDC6QX+urz52+11yz"
    "ht/dK+umkQ+tfEQbD/QYxll5/c3nTaFwZ0BMa3rh8EnS1jch/mgfIOs6G8wwSUF8z+5WCm"
    "ckNMNVW9/hV+bD1cUJS6Q+W3APXzlXfxFX7TUjLZ/1qCaxBEMO5xp7Jx47m9Pl+G35vC//"
    "C84oJsD5GUmPW4VzevzrQ3TzL77iVu7swkXyz3p0kP5wH8dU57ZZJGz4G9ptCZJgFFyWWh"
    "9TGs7q7e+BNho7E7a3j+StURKmalWYvmJ/pGJZFd92dOUOKSP0G9v3x83nblH9yiDIv37Y"
    "lZrDJmgrCqiblYOEvUxFQ8Zt+XFE6YsBLO2oVT+ZGyN4v99SNNxuaSUo9SVlIvi9R9HoXE"
    "/ljqWDEfVzrxenxdOw8YJTxd2U6CJAaeKaCkdHyQO6fDZvXsvieVTF6vTfrQzOG9WSne1X"
    "PPpMDngeMmGzo3gzaPouYgcD/U9DlFKPqFf4BuDNbW4Zfq/Cu4Gcou/KTq0voRnX5flps4"
    "CGuTz/JDWkPxstFA2DqZDq3+kAyphA7+QK7+oWJT4UeIJf61+VjG18wON02ZVLG8SyBPxJ"
    "9+izfCLU23qrD2rYWlDmkRTMNrXmZUfckovnd5UKN32ZjRuwRipIZzQd3Pp9mO1vcEO80O"
    "KnlJ3R5rNQrHKHx0d5yuvLhgmYKPPa4VjfGOkVW8zsPr/US5y8Rhlw4KIXR++wqYWzswh4"
    "dMFJLFnKAcwsDH7o0wyp/CU/wok6iF9kwS/6VLsRKF3zbB+GxnWoxsp/gfe/fyedmsEZ5j"
    "yFIs3YWnyITJtniMzPxKAaHcOWJE9Pt6kIFskCGsnMKZ4SFncshMDN/Ttc6lCtO7s+ycCU"
    "EL5LXG02e8wEZDutSdpOwgi45iilNucf4MrAdWtPasD7iF4lAPTvRH3My/oQTVVTy+Fj4S"
    "KEFY5hCB6XDmHRtgziG+AX1gmBrufUg5lzWfy1ykQSKPS8enK7Nw2MHgAEsSKPy1P3FxEU"
    "NhcTZl0i25fCoX9Z45K/O4qEvrrHxqka854THk5ijG4yRhxd/HEx8fdfEWzsrb2xKu9RXc"
    "vBkjfA3s3s8Sw3FeJyf38smQIeVi1WRIrdzvEd+j9jWW1V4Ln1QZ8n1lE3wn2IqOtSqr0I"
    "g/1X3lybLdpUzQJZJsTUv2hc+K1VNscZ6ehrvcI+4WDhLylq3MUKFgWXssYMjoB03XWi08"
    "Ef7iBShVES9bjXhx2IMlUzHvRemFAU0V+5Ij9mXEpITpWgTrCZGU16ewlnCXTSA4VZDE1g"
    "NSqvCf7bgpnzaMrpxaU9nhx1xhdPuWU77srMmXsXy4KGP5MCVj2VNnCymREZoKbHwcbAyS"
    "DFYEvfauFFU9hndFhlZRqKuQxb2UAanxnEz7cQ73PGo+WvOWOYqpqygHRUHuGTp3qTsvkB"
    "SqoIQgIdAckHMh7plJJmPSmykKwQnWNJqRMeXMJrag5kHcx7jJ56TmgwSTQh9jBx1U1cef"
    "1OgN5FBgw40QbWrb3SqXtxFUV2261aZbbbqPbboRz0DKrhv3HGRvu+rYMzPc9NF9t4MHe0"
    "zcnvjeIFPcCkcT6RLpWratcy5VwqXLOFV1DAPXr8S6RQfkV8dy4a5/Rgg8jUuqg7NxZ03s"
    "vxt+Xpdj9CSToQNGVKVErJD44F2GkcKZInlRJ32bgvFr4t6OSoBmHZkK55455E7lltqMIu"
    "cwDVQVTezyIcjVq9bIQVEYqXhNdSyJq3JULQlaAXwW7TtCSng4TD4Hqz9iF14bGDpgDNrM"
    "hDGBBBKzXN2p1Wc5CzF+qwWRk5x9dw0KjBmN8d8KR9+uSrFjxxMEe0aRoL7T1tV5+z8Nb1"
    "Z1+XXrov1LyzhpX162vKML9SwzggkWn/65dJG111EM3qdoXFeMrswKiSpfps0a76hsWF+F"
    "ZAQzdYg6rAlrwH4CE2YMK9OdCw3QzlEyy33IxJrDwXR9F0My4AxMDgNmSy+t2OmxNciUUn"
    "Yf2xPX680uXP84PHz79sPh67dHH9+/+/Dh/cfXc8Ynby2SwPHZFxRCZOYkpRLOMyiQeREm"
    "K3nmhZ8k4mdbNOZ6gJ4Y2r5HZYA4Yppvbmwn32JRnsXjm82T5FqMGTeRcQVldNW6PFUn3X"
    "r0eNLt+dkvrWs80NbT1JjZ5Z+bZ+d46Y5adt6KgZvOwfBUsRQ5ZS5jYZK9WbjWtlHEFdwE"
    "Xxc7wVLI9zA+f58cYt56bEy4m+ZZfiQTI068M87PGvVsT7B9ld35ibDvYwsWOv1TnyAw36"
    "wGIPuVd6edGxs2lW7x9LYoVYnTp0obWAMixPdP8Dy7SkBAsVKZgC3NPQTaYN4dvj4klMsp"
    "c9CixfrzMNWCTABZJxOO2A0PvEir57JV5VarXLYc62NVbvVHlHrKrpiSp/AU3raS7YjrNj"
    "u0H6IYUyM0ZUYMy+LC1AxbgwuzM+9oxxic14UZGVqPpyJu3zdcsuVg513D8cymFO9wSvLT"
    "oiP0sLERyb7KE5uFXzNwxISb5E/Ra+gD5VKCpnRFG1eGy3IU9xFv+HkpPuLAD6xO0PN8vm"
    "Ce3DPVSnus6/Ae8JJ+K3xJcXdXJ6qYDAaIafAY3pPOKiduGXeh+gIn7g+NrINO2iCm4KzC"
    "0ys8vVbh6XuHmf6gePoPKesKH38afHz/4yYoJ/PQCV8ZXxA7Abr7ysD4OmtVVnD4ngGjFR"
    "z+I0q9vHD4/lnMCdy2CBD2OBRZ8Iix5ZNUduJosaI45ErY4o014Ge8qY24WgqyGG1QX4Qr"
    "SmhqWNw3CfPBinj4FxK+tDjxCOukL8DIwHRLEBToEioh5E5BfOhmVyd7EVU1oq4uwoIAa4"
    "ask55why9UwgbidY5X9CBx2NgGn9fltjWyoEsPdkSgqYcoohQ6yZSFU0vGjuhDR/r5GoqU"
    "wH7/xWRu/NDLSfTo9G4Fjb7FrlRY4lYTQopll244r3S7OkUECnx7mKeeA7TKBAPVvVQ0cC"
    "mdLk67h1rd7mpxWnlfSeVY3/54K5nWSGy7I+4ZT9siE20W7pKYggO7pGoOi7rfPof/Dbct"
    "TN/RtHjkJQw274fqiFAbdfkZof0+w+Fd13k+CrGDncuLIgVjvenaVEqL8mfSI+3BOE0ezb"
    "mNh3Y57nsj2NyEqZIj8Qx20pu4mCWp9sSeMHVq5XyD1OQqa1RlY5I+dRxM3pQM5oGpKHJu"
    "ntWeuM09UQnOGFJZ6Ey1KNV6dshNsBmPAz18f4TKo/I5+7O76IZ5lCf78Sg7+/Eokf3oTc"
    "Il9sooZXUOZ7VRpm6UTeZY/WHa9ujdWbgp0qDNJkvMVmv9Ntd62JeL1pUNkeyhHbSZ4psw"
    "qQpw2Gu+h9x9k6tq4JsFRQPfJGsGwhPd1EMcstNdQiTbPxbzaTbKteWtPOlm9vf/AyhRvN"
    "k="
)
