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
        ALTER TABLE "issue_tracker" ADD "workspace" VARCHAR(255) NOT NULL DEFAULT '' /* the Bitbucket workspace of a bitbucket connection */;
        ALTER TABLE "deploy" ADD "branch" VARCHAR(255) NOT NULL DEFAULT '';
        CREATE INDEX "idx_deploy_environ_6dfc4d" ON "deploy" ("environment_id", "date");
        CREATE INDEX "idx_deploy_comm_deploy__d51428" ON "deploy_commit" ("deploy_id");"""

UPGRADE_POSTGRES = r"""
        ALTER TABLE "issue_tracker" ADD "workspace" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE "deploy" ADD "branch" VARCHAR(255) NOT NULL DEFAULT '';
        COMMENT ON COLUMN issue_tracker."workspace" IS 'the Bitbucket workspace of a bitbucket connection';
        CREATE INDEX IF NOT EXISTS "idx_deploy_environ_6dfc4d" ON "deploy" ("environment_id", "date");
        CREATE INDEX IF NOT EXISTS "idx_deploy_comm_deploy__d51428" ON "deploy_commit" ("deploy_id");"""


DOWNGRADE_SQLITE = r"""
        DROP INDEX IF EXISTS "idx_deploy_comm_deploy__d51428";
        DROP INDEX IF EXISTS "idx_deploy_environ_6dfc4d";
        ALTER TABLE "issue_tracker" DROP COLUMN "workspace";
        ALTER TABLE "deploy" DROP COLUMN "branch";"""

DOWNGRADE_POSTGRES = r"""
        DROP INDEX IF EXISTS "idx_deploy_comm_deploy__d51428";
        DROP INDEX IF EXISTS "idx_deploy_environ_6dfc4d";
        ALTER TABLE "deploy" DROP COLUMN "branch";
        ALTER TABLE "issue_tracker" DROP COLUMN "workspace";"""

MODELS_STATE = (
    "eJztXdty27YW/RWMXpLMKG7iuG5HPXNmZFlJlCiSx5bbnsYZDkTCEmsSYAnQjtrm3w/Ai3"
    "gDJVEWZYrBky0QmwTXxmWvhQv/adnEQBY9miAMMWt1wD8tDG3E/8lcaYMWdJw4XSQwOLX8"
    "rCzOM6XMhbq40y20KOJJBqK6azrMJFjk7YIPpgsBNRkCbA4ZMDFl0LKQwX8iwB8CnvcIxk"
    "hngBEDLn7x0ykvFXDJA9Ch65qIApNR8Ja4MxTdAIonvDgSpTCIzoth4tm+Huhh8y8PaYzM"
    "ELd1+WM/f+HJJjbQV0Sjn86ddmsiy0jBbBriBn66xhaOnzbA7K2fUbzLVNOJ5dk4zuws2J"
    "zgZW4zgH6GMHIhQ+L2zPUE9NjjpQx8FHkjKGmcJShiwsZAt9CzhAOFdVCAOK2laaPxRLvq"
    "TzStlXNuZJGAP0zSCRYVgxeV+m8/E0V4efz65KeTn9+cnvzMs/jFXKb89C14dAxMYOjDM5"
    "q0vvnXIYNBDh/jGFTdMhFm2h1a5MHtzaErRzdtlUGZFz+LcoRpfWG24VfNQnjG5gLbH39c"
    "Aeqv3cve++7lc57rhXgk4c04aN2j8NJxcE0gHyNNOZrI0CjSXcTyYE/Q14KqnDPcDd5RQg"
    "x43A9tj3gLYd1dOLwY4MFkc3Dll/qMfG0Dx3MdQhF4FnSCR6n3epbtjeR+WuGWSf/3ibiJ"
    "TelfVtIbzz91f/cdZS/CK8Px6F2UPeG93nB8lnHaFFKkea5VpnEkbapyVcPahmFSx4KLsk"
    "hnzLYCO0Ty+8HacYnh6SyAqQTYWbv99UKtP3lY0toL4m+ONwD8zXEh3uJSGm7dIp6hyWKX"
    "VcNrbFNRpd5FX78lxqcnG2B8elKIsbiUxjgZZpaEWmLaPMQr6UeW5CAP9xkhFoJ4JeJIhv"
    "WUG1bVi0TdeAVorwD3bDwepqKSs0E27Lj+dNa/fP7ax55n4uyrlQjdY8B51DQtD3fCSoG9"
    "Odj8baN6qkFJuH7OAWOmjeSg560z2Buh+VH0z+F1MatC8cGn/tWk++ki5Yzz7qQvrhynYv"
    "Eo9flppvNZ3gT8Npi8B+In+GM86vtoEspmrv/EON/kj5YoE/QY0TB50KCRxCRKjpLSg7SL"
    "BO5beDptuQMv74mnbT6S8Bc0xthahDXwQNweNpaVXvccY0uvpy2V1+vidUlj90svNMXbu4"
    "QAJhKmUL97gK6hpa4kAhxKhVLJy3iHXCoZdkP7tx8vURBASipDqA0PxL0mwa1q09W3KGLg"
    "YY6wL+PqgbLLLwEOH09lps5LSPlFl3izuZ8pVoR9qVgI3WUGizg1rlcJFQBZ5j0SEvLjwB"
    "ZFOw/utTjAtleIlai05JgUVeP8JfvYzqZADGf+K4lniyeFmI3dGcTm3zAsbG5yI3W9vWqK"
    "g2RzrpvoKAZGTRbUa7KAWt6sDLmO8jdugmD3Eob/twS0Uf46zwXUSa1QEX7TYr2iCH+rWA"
    "86ppjNfGTg0XXMj6hRIUdK8Hu6ePgg8XJc8icPqB+J1EVwl6aCpPO35I92LLKwEX4sWD3+"
    "53x5syZhVmXsH3Zbkqg/7tCK4/2w69wo1G91AR9ODcEtoQXILSAYgSRhOAJiIAIQXL3vvj"
    "z+8VTkEbyTPwCYFFBGuHlH/KQAuojHCqcvpyYDLsQGsdtZMlr1824wJdz4FlIG5pDOhQ3k"
    "ZvAWib8QUIs8+A/l+fldkEOT5FpwbXIbPLF3cf2M8tKa4ooFHMjmasFUDTnQHX8teaDex5"
    "7tYzsQIgnWUQ7jyLbOQXtrfPlO+9j/X0e0E9Gwb3C31+tfXWmT8cf+qAOgriNKeYW8Q3gz"
    "8Scd3r8+3SC6f50NGuPgXlzKrKzSSdFShvU+WRrvcT0DtKxWSa90h0MOvWXd4Mv+u8HVpH"
    "+pnfcvhmPuJxfNTMqQGw6j9fAJrzia6BHLcNqkjZIM1koG/K1RqeVSS4M9VvWS9VxJBgcR"
    "pjZMMkh63UX3fGTbxutpSzXhX585wLyXkxxAumKsME6WWK4Pmg+hSe8gbs5Jb3LA82i/5T"
    "TLnGHONXPBmpzoZ6ejDgzsIprPk134sKRyssrG/+EIoGDdUq971eue91vfijXOKoWDlIon"
    "kQ+yKl+xiJDSFjeUEnCKyb+00D2ykrPYjFNzDPw7g/DOv3BKHspywDH1O87GGbB53yI4um"
    "RDVCWPUIy+Xoyee+veNIJqtw2DTNrXmtl/GFx2O0Aspr/B4n/tvBf81Az9Bp8NJmfXvY/9"
    "SQdMTTb1eGVm9eCSiuhUS3RK7rqp/9amFiauDS3zb6HdUn2ObNT54Yc574Q/dxzisi+ffx"
    "D66pdtqndVVDMUqSUTIMU7AzNmNd64kNgW+OFqPEpsBkyN/EeJN6rpjkDdo4zY2pwTYORq"
    "IlXiMvGOBS6Tm2fZosmjh3+BZdLKqETrP7ceDqKYqWdazMT0SDzvv1V1ZCscJeBa7aisT9"
    "ppSihusNJR5ZpVzrIJLSv1UjVtXA/EvaMO1EsthUoZ1XfEb4lZvrMosgLLUospRxiHXAl6"
    "UZvhiVcai80lJwSs3HmUsFI7jzbfeWRByjTkukRCSIr7rLRVjfurnciNlQzsSu7/DuV+JQ"
    "RXI7fECAenfZTDNmWzFaqN20Gj9PlD1ufzDWIHIMcHjn1vjWFT/6T6kZRn+DuA0fVwuGrq"
    "5OmW8tYzFNvvqtQILcm8UgLI4iklJ5Fpp1vQPuc6S3+f0xc1ifPdbk176pBNbU476M1pYZ"
    "k1hO9Nl+Bo78KmcBeY71EKC88GizSrA6ziiv0XQ99c9p+SyMtRVJlpjZnqk9F/JbAoJl9D"
    "6tLeBZPPrVp7JNa1PCVm51DLes5HcPNE1PNIft5Px08Nqelqu23NhI1kNZOIG5laWCxwZM"
    "L9XYscCf1E6RtK36gPBVf6xqHpG/4aYx8lKcjrl1inbrBHXcPDNu9/UVQDNp4Jubgcn1/3"
    "JoPxqANibeQGc7r6bjB61wH8PWfcKTd4wimsn8IQZX7Kef/X/nB88ak/mnSAIXYcEEf08T"
    "f4evSpe3HRP++AVLmefH220k6KoW+udhLGB+U4fdpI0fn1dD4Rhj2SXTbvJKF2hlmma1fZ"
    "nXJJPV5wmkeSo/PlaQwNQbtSUpShkhJelCebxdQoQ3M3okfirKA5xDMEKPFcHYHnELiId5"
    "omI+7iRbBMN6xhR2DAKBAxtjjxJ3AcMIOFD0klCUyRDj2KsuN0lc+6wZkDQZ5RcH05BP5e"
    "A0DEcUc5U3E6kUiMISvaqagmvxU5rFd3pcjhYZPDuN8r+/mvvGV9d39sifjrV69ebULXeL"
    "ZiwuZfVJRNUTY1F1v1bLcixWqOuzaErb2LOW6lPyj9oR5oV6o/hGhJdIcYx2K9IT55c73M"
    "MMYoIv+c9dM5fBEdTCxUiwQFBzwQ0eccKf9iYrY3f1DRju4p5fsSLSUz88yflxMAPmcziY"
    "gwyKV0gb3pAnNYShYIsjeQuJ5sQqJOiinUSY5A+dU5h+1q6hTZ7Ic07bMiHwhHikBaSZLE"
    "bjXiasiGZik1ImvXOC2iEvUnRK2syJYxU1hvgvXU5QF6qRO5YwuF8CYIMzgrdRpUlF8d/5"
    "QaHXZx/JNl4rtSvlga1MMZ4rGNcYaSm4t7pebKzRnmWE4UlRsrcVQiOieYdjmM84YK3/Xi"
    "s0QQeaQy2th9FO2MQCpv1OtF6JUbo0vD3cx9Plms8417e0FaJ7ZtPna3UFDDe/6tGoR7fk"
    "fgTnDy9wI2FSb1pfennukIm2HhfEfcTNfNemh6nLXKT71/jmZZ1CTCXicRXHRvUuk8+6qV"
    "WbGNmk7YYDrBRpTy5prHuPjE14RJA8S5VbS3itNele68d41fzajs5zCpp52ZrOehFHWX0z"
    "aamazXd1qertVstib6eNWa6GPJmugwnC0VRKZslHi2XjyLV0o9UsRp3PK2dka/SVWtOn31"
    "L6lPFPLHpXyxlj6ay5wb7NDzjwkOvrd3h8RGNsgABMt9bqFOBYToxW2OwJCIT7ICzwHThW"
    "9BMEBCLQAOxMgCFoGG5Lt/1T1HusQubhTB2Uj8BmpH3ZOS3tgPJQbclFGNP49Wq2hVDbpq"
    "0FWD7tpBN6V0S0bdrBJePOwGH/xMZl077k7EfnGPTcnXznIUDMZE26MMUGZaVrCy3F9WHp"
    "y6z4fJeE6Tgu7F4Aj85pqMXw23r+fG3Yqec4P5+2EKw2/2ivtRxqs+Tex5bwPdgpzhGmIA"
    "D5IDhPwPdSG3DbAYz8GceyvYRM/vbSObuAv1Ud8aDuC8J2OeZHZps/OmYut9HqKNsCEgK4"
    "d466I/OvdPkArtxQlSw8Gv/UtxUFRYi5Fxg992B0ORdAtNqy4nR0HeSm1HNrFc2ACSJvsb"
    "+1/VuhkkDitAX5kWQrTFajuJudqsUGdJUH0sUH0ssGahdoMXtHqOsaXX05bK63XxuqSTlS"
    "xWUhLF7iOVp/ksZBNRXSH87P9Tg3UDeFPhp/hLgdIFyUpRO3hFrYtcU5+3JFpaeKW9SkWD"
    "cZ4qFz0q0WifotE9csuudEyYNHChYzXLwYKvvG68CizI3kB0X296tt+qo/1yJ/sRzKTbZI"
    "p3viZM9r/39WlEgZ3tcs0FX/sczL79HwGJHrE="
)
