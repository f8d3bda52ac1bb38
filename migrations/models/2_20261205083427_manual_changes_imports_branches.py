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
        ALTER TABLE "code_deployment" ADD "kind" VARCHAR(8) NOT NULL DEFAULT 'code' /* CODE: code\nMANUAL: manual */;
        ALTER TABLE "code_source" ADD "branch" VARCHAR(255) NOT NULL DEFAULT '' /* the deployed branch; empty: the default one */;
        ALTER TABLE "deploy" ADD "description" TEXT NOT NULL DEFAULT '' /* a manual change's description */;
        ALTER TABLE "deploy" ADD "imported" INT NOT NULL DEFAULT 0 /* from import_deploys: history, pushed to Jira as backfill */;
        ALTER TABLE "deploy" ADD "name" VARCHAR(255) NOT NULL DEFAULT '' /* a manual change's name */;
        ALTER TABLE "jira_delivery" ADD "backfill" INT NOT NULL DEFAULT 0 /* imported history: claimed after every live row */;
        ALTER TABLE "commit_discovery" ADD "backfill" INT NOT NULL DEFAULT 0 /* an imported deploy's: claimed after every live job */;"""

UPGRADE_POSTGRES = r"""
        ALTER TABLE "code_deployment" ADD "kind" VARCHAR(8) NOT NULL DEFAULT 'code';
        ALTER TABLE "code_source" ADD "branch" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE "deploy" ADD "imported" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "deploy" ADD "name" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE "deploy" ADD "description" TEXT NOT NULL DEFAULT '';
        ALTER TABLE "jira_delivery" ADD "backfill" BOOL NOT NULL DEFAULT False;
        ALTER TABLE "commit_discovery" ADD "backfill" BOOL NOT NULL DEFAULT False;
        COMMENT ON COLUMN code_deployment."kind" IS 'CODE: code\nMANUAL: manual';
COMMENT ON COLUMN code_source."branch" IS 'the deployed branch; empty: the default one';
COMMENT ON COLUMN deploy."imported" IS 'from import_deploys: history, pushed to Jira as backfill';
COMMENT ON COLUMN deploy."name" IS 'a manual change''s name';
COMMENT ON COLUMN deploy."description" IS 'a manual change''s description';
COMMENT ON COLUMN jira_delivery."backfill" IS 'imported history: claimed after every live row';
COMMENT ON COLUMN commit_discovery."backfill" IS 'an imported deploy''s: claimed after every live job';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "code_deployment" DROP COLUMN "kind";
        ALTER TABLE "code_source" DROP COLUMN "branch";
        ALTER TABLE "deploy" DROP COLUMN "description";
        ALTER TABLE "deploy" DROP COLUMN "imported";
        ALTER TABLE "deploy" DROP COLUMN "name";
        ALTER TABLE "jira_delivery" DROP COLUMN "backfill";
        ALTER TABLE "commit_discovery" DROP COLUMN "backfill";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "deploy" DROP COLUMN "imported";
        ALTER TABLE "deploy" DROP COLUMN "name";
        ALTER TABLE "deploy" DROP COLUMN "description";
        ALTER TABLE "code_source" DROP COLUMN "branch";
        ALTER TABLE "jira_delivery" DROP COLUMN "backfill";
        ALTER TABLE "code_deployment" DROP COLUMN "kind";
        ALTER TABLE "commit_discovery" DROP COLUMN "backfill";"""

MODELS_STATE = (
    "eJztXX1z2kjS/ypT/JOkijgJeT1ydVXYkCwb27hsnL3bsKUd0Bi0FjOcRpiw9+S7P90jCb"
    "2DxJsFUdXWxoymR6Pueen+dU/P/ypjoTNTnnQZp9yu1Mn/KpyOGfwReVIlFTqZ+OVYYNO+"
    "qarafp2+tC06wJbuqCkZFOlMDixjYhuCY90G+dWwKJGGzYg9ojYxuLSpaTIdfjICL6nCH5"
    "aYDkfkTHDOBnaVfBLWkBFhkb6wRyf4Il0M4E0GH26pzR7v8Yb30KMnhiT3bA7N9OfEsCUZ"
    "mAbj9hc2/0io24BbleL3edVCZYZOKFctQF96HDv5BFsSUx2fzQx75PUSyp1GGX8wLMHH8L"
    "ITsujWc8Gfh15KBtSyDCadlqNvtYWoEinU9xGs+ACfy+E/RiwxU50K8mwsHqClO0uMF2yw"
    "hdufe8YmssfZA7Pm9gi4TkyD3yN7BXwweXqHtU7GOulNX76k72sn754pKU258d8p02wxZN"
    "BFC2T17Q8oNrjOvjPp/Zzca3cGM/XQ8DN0bECVa/Z8osra3P6kKuIA6GsDYU7H3K88gb4J"
    "vqhtOENyyDizqM2wedua4pDkU2CTM3a9Uer01K/idDFAo7M7OjVxYCO10wG/rKJpl52udt"
    "PqalolNug9isCYdYsGguOEga5K9fVD7MLz2qs37998eP3uzQeoorq5KHn/w3m1zxiHULHn"
    "slv5oZ5Tmzo1FI99pjrjV4MxHWfu2YhaydwNU0W4DN2PctnjaYDNLhN3yuXKYtiq5UjCSD"
    "fn0bUihe9j+l0zGR/aI2T227dLuPy1cX32S+P6KdR6hq0LWO+cZfDSfVRznqEofNZLYC/T"
    "NckGFrPj3O+y7yljO0a4FQF4VXwJ+Ov1lkXwEZazgTWfQN+c1e5Gfcqp+F4lk6k1EZKRJw"
    "7BSehjn2QT3hJZdVv/7mIjYyn/awZF9PSi8W8lvfHcfXLeufzsVQ+I9Oy8cxqRZJ9Kpk0t"
    "M88UCtKsJb/YOhUX4F4Xqt1PGN2QE5PO83I6QrajyXJkvJ5YQp8ObIdNOZgdpdvV0I6vTZ"
    "W/QOOr7IXjr2sZGP66lspvfBRmt1L+tCQNZ9km7NMc3aB+9yYDi9+9SWUxPgqzOKgM5+R0"
    "AmlxdR60HOKGSBU0+z7spOT2tt0sjAqkrAQtYNvkFEwafYEVosLMB4d3dGJo66gvydTHx/"
    "cdDns5lzYbgyl8z3ge9T+ZusCsr2TX9uPfVlCV3+mo6qHGvk8Mi0mNJlhxTWC+bYzZMlEm"
    "tRIRp+42c+L9URzh4n4jbQFGGnHkRhy5SQJfVCeUE2HqzHJKiUKMiMVAIx8wCZsSZzMoEJ"
    "xtLuf2Reum27i4Cgm72ei28EktJGiv9Om7yLxdNEJ+a3d/IfiT/N65bCmZCGkPLfVGv173"
    "9wr2iU5toXEx06ge5KxX7BUlaSQsYcs7FcJklC9VR1jSVtcHwl1p2J52soNFd4lYTzud85"
    "BET9vR+Xl7cdq6fvpKiRIqGbaDDbrgl89wWGP6+dkdoCqZnZ3ZU74Yp2usjHHqg1kRtyGH"
    "g1vLYEdHvq8h6TDlFqS81nTbpUIJH6h3EHl2RuCBiN2dLEulPp3oa0o9TFlKvShST5jsqv"
    "folbu7D7iQsKBPB/czaula6ElAwZESfX3Qx3tmyYRt16X/9OWaOTBFwmBwvc5tbKvrNFWY"
    "pb4imU1mI9BrUQseOK4OdLYC+6DUNgbQQ7nwNGMl3xGtPNToQs+zWfil/rgKIOTMNEC/Nt"
    "iGzMauNZ225gc491J5hYNW1ETaMI4/GtfG0RLK6VB9Er4b3+TyrGMNKTf+pm5nY2EToefV"
    "ZcETIlpzVQhFOmNKd3ux3O3SnA7zwGxe/e24UR6XtTvGM9W/OVjr1d+fh+qwQctSwz82XS"
    "9Nw19L10NXwD2bb6h4NCbGF3ZUKkfIXJIbq8G3MpP6e5DseURz4SD5NbHEX2BvbMipK6eV"
    "Y2XSAL4SXj0xxRwdxBsy6wz+aS4aOyae7dI0clf1BKPIX+/TzSF3Z8lkCVUaBLQNHU1vah"
    "Jxp2Kbg/bUCcF9mlBy80vjee3tO6yDZjm8AGO7HUdWHX9KguESUOV537CJRbkuxtWorb7r"
    "9/W4FEB8R6VNRlSOkIYCGb1j+C8l0hQz9VIM3lZB2UHsAaEIcee88ezqFqPMLQOfmGRC3b"
    "j50kQslol4D5+VbMe0+HSseNtGDIkPWIzHHm2RbZpK5/qz9qX1nzrOE5zYPd44O2vd3Gjd"
    "zpfWZZ3QwYBJ6Uc25LV+Xr3LYPy8iurUvu2DjyKR2gORFgW5WiYL4j2GQlLTrOSUSuP8HF"
    "hvmj1+3frcvum2rrVm6+q8A3Ky2NCQNrPcbbQYMoGBo+GKmMfkD9KUiMpKRAW+muUKClsQ"
    "7HGo5xznJaJyEGrqkSEqQalb7AF2tnWkHqYs4yGK4yKNSzloAyQGNafqyQmUq5XmQ5jSW9"
    "CbY8hkMsPj3P4EZpYx5GBrxpS1ZEM/6q07MGanmflQbNHZwpRLGmzwB3CAOWFdZ42bs0az"
    "VfmRDgHvEjhQaGcCbOChoOmgwdSrkQExmDBLgqE8GwkiYZDgaW08xoxG843JwJomM9Ynt2"
    "084j1m4z7GqyZY+gnYwBZbLs30YpnpbEyNXMrxgqC4lkfFjeM2xYxZAyqdoNdC6MrF9+4e"
    "siUyoVLOBKzWeS3qGGGhkSdqDQWvGcUZ1ZYw18aVPNo9jnBni8qLLHV+u2xd14mYQY96vN"
    "G8aCPIp48N3uMXLYwmr5NAy4+OLJVmeTrrj9csN6m0NVTSNIOvIfoE8tJALw30g5rcpYFe"
    "Gug5DfRQmE2CoR4Nw0k32EPBPxktdx4yk5+b7IGZwSh8MLUpJ6pl4raMlrYbN0MmxuBeEp"
    "XoTNpodSeY8Dt5RWnLF8uWB2k9GLoz7NZRxYP0hTaAfm1fN+oEE+X0OP6tNc+cn5o+6PHT"
    "dvf09uxLq1snfcPuT2Ew28VQyUtP5G7t0JzJP4qftqzChTWmpvE3BlfJwYiNWf3FixEswt"
    "/qE2HZf3x7gQFQfxQGCfCjyBIiFNNzgUTIDiMJyK83nctA6o/Qzn8S+KKCpv4YTKUtxtoI"
    "TGFmaViaIDL8xhSRJZNHrUUDtIf/I6Yhd2ZKVP55N+WOFtOfGqZtcHmC7/vXrhayJYJCdi"
    "0XVFQm1bBJiA0sFVS+aRWjPIaZFfqogk6umbDu5YQOcoH9IaLi7vgqVc6pp1mRRa/R50d9"
    "lStgXhRme4JBY9qjhBzBSzOnBKjKzCnZM6coLJFZlkgwSNLXrDBVgderrcCNO9nYS+D/Jw"
    "T+SyB4N3CLz2Ent18+3oZo1uLq0WUAKfH5Q8bn4xNiC0z2r2L52SZDVvmE1pGQZOAbyOXt"
    "+fky18njnbUtpiq232OjHrcS/EoBRqa7lCaBSltNofMttliqPC1/lE6cnza1zmOrbGVynX"
    "0xdzdXmzh9Dqayz8PuFPI9QmHuvR8eZnWAQ7y0/tNZf7zWfwgiz2eiJpEW2FJ9NPO/BFhK"
    "S76Apkt1G5Z8LGptQ14XMsvt1lmdtHJuYJsHtJ4N7fNWWH86kpFe5sMqGLARHGYJ4EZkFK"
    "YDHBF1f9sgRwA/KfGNEt8ojgle4huHhm+oGGPFpUQmrw6xDjWwR1xjysew/jJvBGT2hFxd"
    "d5q3Z91257JOfGykx8Fc/dy+/Fwn8J1DEEqPd8GEVSU2k7Yqaba+ts47Vxety26d6HjiQE"
    "xwje/x28uLxtVVq1knoX49enx2iZ2ks/54sRNXP8hn04eJSnN+tTkfUMM2tC6PL9VvNWJZ"
    "hkdX3pNyQTwebZoNjaPmIl3ikXB7p0ZRxJRMsIvixma6aRQxczOZR5jMd0T5kBEpppYXl+"
    "sOqTr8aTFYQQ1bWPMnkrhDpEqERZ5i4lXyJ3zblJp/PlORDS4d1HSKozv1bt/W407j8oS0"
    "bUnQGMDcwc4IU2mIRuEkQ6TPBnQqWTTbJ7R4e31O1DkFIjCXMVD2eIgUcw9jez6/VUIj1R"
    "H36574feDChqcP1DR0VVaFKlCoXgOb5WAELzLstIOSpe+9tE2LtVqWtulh26b+Opv3EvQ4"
    "ZXEPn6zJ8VcvX77MYi1CtXR7UT2MpG8+qCznSp3ICwGcdZqtOkHKHr9oXN42zuspqkAWQX"
    "zIIIUPqSL4UFrspcVeuuJ3pRmVmEgZ4lBAe726jRCHEn4q4adicDsf/BQJeXBgiHSOdjjr"
    "CvhftpiHm0VrxxGh82MNsM7lQQpQ53NoBUjnC2Y1QPfbiFmMUKVUB9AmvNdKjMeG7dyhhf"
    "qbcwyJupWC8BXWkiNaV2m2fQuOII4Vw+h2/cIeVy1jYhryVFiE8jkZ4vVfbCxs9qxKZobt"
    "HJQKXDNmC+eNUO/pIvdDlXD2wCx4k5hxgnPiWZlrrIBQ2U+Ta+wzGDO3p3UczqNpv8ed31"
    "rrstu6vrpu37S8RxoMa2ZNLEMyVeu84VBBh5NzkvV44/fb65bWbH3tXN3UCf17aiHY/yAm"
    "ssfPbm+6nQsNGgLj20l5Ao2tY3LXskB5tXQorxaD8vzZvx7MVGyIqaJSPL/Aj60GcyBSe6"
    "T8FqB+vnALX+A3rSWT409/tgVB+OMedyoTN57b6/N1+L0r/A8v9czJ9gBJgVmPe3Xjqu14"
    "8yQz757j5s508tmwf5n2cR7AX+e0XyRp9C3Ya3Il/vcpCi4LRx8D/js9/kjYeGLP666/Uj"
    "WEillh1qLFtZdhSaTn/VkQFDjlj5+iLBuf9535B7cozeADc6rnS+YXIyzT+C0Xzhpp/BSP"
    "2fc1hRMkLIWzdeGUfqT0zeJ4/UjTib6m1MOUpdSLInWPRwGxrzo6ls/HlUy8HV/XwQNGMU"
    "9XupMgjoGnCiguHQ/kzuiw2fx036NKJqvXJnloZvDebBTv6rpnEuBz33GTDp37V7GvRs1B"
    "4F6o6VOKUPQz75bJCKzthF8CS9XDwOnCj2i2LiI6vbYM5/RoCDDf4bu8kNZAvGw4ELZKZi"
    "NjMCIjKqGBP5Grf6rYVPgRYIlXthjL2M30cNOESRU5dwnksfjTb9FKuKU5tUqsfW9hqSOa"
    "B9NwqxcZVV8ziu9NFtToTTpm9CaGGKnhnFP382j2o/U9wk5zgEpeXLfHXI3C0nLfbxulKy"
    "4uWKTgY5dreWO8I2Qlr7Pw+jhR7iJx2KbDXAidV78E5rYOzJkGv88liwVBMYSBrz0aYRT/"
    "CE9u31rEQnsiidfpQqxEwd7GGJ/uTIuQHRT/I30vnpfNGOPVayzB0l16i0yQbI/XyCxKcg"
    "jlzhJj4vTXhQxknYxg5RTWHO9lkiOmY/iek+tcqjC9O8PMeCBoiby2ePuMG9ioSZva04Qd"
    "JH3VilPucf4MjQeWN/esB7gF4lBPzpyPuFl8QwGyq7h8zX0lUIywyCECs9HcvTZAX0B8Q/"
    "rA8Gi4+yHFXNY8LnORBImslo5HV2ThsJPhCaYkUPjrYGrjIobC4mzGpF1w+ZQu6iNzVmZx"
    "URfWWfnYIt/ygceAmyMfj+OEJX9XH3xc6eLNfSrvaFO4Vjdw86aM8C2w+zhTDEd5HZ/c6x"
    "+GDCgXmx6GdJT7I+J72L7GtNpb4ZNKQ36sbILvBFvRMjZlFRrxTaetLKdsD+kk6BqHbHVD"
    "DoTHis2P2OI8bQabPCLu5g4Scpet1FAhf1lbFTCkDfyqW80WHgt/cQOUyoiXvUa8WOzBkI"
    "mY97LjhT5NGfuSIfZlzKSE6ZoH6wmQFNensJVwl10gOGWQxN4DUsrwn/24KR83jK6YWlPR"
    "4cdMYXTHdqZ83VmT7cRybdmJ5VrCiWVXnc2lRIZoSrBxNdjoHzLYEPQ6ulRU1QjeFRpaea"
    "GuXBb3Wgakg+ek2o8LuGel+WgsamZIpq6iHBQFuWfo3KX2IkFSIIMSgoRAc0LOhbhnOplO"
    "SH+uKAQnmNNoTiaUM5OYguonUR/jLt+TeB7EnxTONXbQQJl9/FGNXl8OOTbcENGutt29cn"
    "kfQXXlpltuuuWmu2rTDXkGEnbdqOcgfdtV157pwaor990uXuwxtfvie53McCscT6VNpG2Y"
    "pnPmUh24tBmnKo+h7/qVmLfohPxmGTY89e4IgbdxSZ3gbNxZY/vvjt/X4xg9yWTgghGVKR"
    "EzJD64xTBSOFMkz6pkYFIwfnXc21EJcFhHZsK6Zxa5U2dLTUaRc3gMVCVN7PERyNXN1shB"
    "URireE11LYmtzqgaErQC+Cw6sISU8HKYfBZmf8Qm3DowdMAYNJkOYwIJJJ5ytWfGgGVMxP"
    "it4kdOcvbd1igwZjzBf0scfb8qxYFdT+DvGXmC+pqtq/POf+rurOrx69ZF52tLO+tcXrbc"
    "qwudWab5Eyw6/TPpIlvPo+j3J29cV4SuyAqJSl/mmDXuVdmwvgrJCJ7UIeqyJswB+xFMmA"
    "msTHc2VEA7R8ks8yUTWw4Hc/K7aJIBZ2ByaDBb+knJTk+NYaqU0tvYn7he7nbh+ket9vr1"
    "+9rL1+8+vH3z/v3bDy8XjI8/WiaB0/ZnFEJo5sSlEjxnkOPkRZCs4CcvvEMi3mmL+kIPcC"
    "aGY9+jMkAsMcs2N/Zz3mLZOYvVm82jnLWYMK4j43LK6Kp12VQ33br0eNPteftr6xovtHU1"
    "Nab3+KdG+xyL7qhhZs0YuOszGK4qliCn1GUsSHI0C9fWNoqoghvj63InWAL5EcbnH5NDzF"
    "2PtSm3kzzLK05iRIkPxvlZoa7tCbavsjs/EvZ9YsBC5/x0bhBYbFZDkP3Gu9PBjQ2TSjv/"
    "8bYwVYGPTxU2sAZEiP2P8Tw9S4BPsVGagD3NPQTaYN7VXtYI5XLGLLRoMf88TDX/JICski"
    "lH7Ib7XqTNz7KV6VbLs2wZ1scy3erPKPWEXTHhnMJjeNsKtiNu2+xw/BD5mBqiKTJiWBQX"
    "psOwLbgwu4uGDozBWV2YoaG1+iji/n3DBVsODt41HD3ZlOAdTjj8tOwKPayshU5fZYnNwq"
    "8ZWmLKdfKX6NedC+USgqacjDa2DKblyO8j3vH7EnzEvh9Y3aDn+nzBPLlnqpbjsa5CP6CT"
    "Xi3spLi7qxKVTAYDxBzwGPpJ56UTt4i7UHWJE/enRtZBJ60TXXBW4uklnl4p8fSjw0x/Uj"
    "z9p5R1iY8/Dj5+/HETlJNF6ISnjC+JnQDdfWNgfJu5Kks4/MiA0RIO/xmlXlw4/Pgs5hhu"
    "mwcIWw1F5rxibP1DKgdxtVheHHIjbLHBLGMwqiRAiu6T6jIkkfp1dpkZqITA9gmBgeaWNx"
    "1QgOQIswHtJmcKTKocHHarHyF3X2W9nn7Z7fQJhz3sxNyb6VFKAZL932byOPbv1sKNNtIP"
    "Nt3Mfvw/sJSB/A=="
)
