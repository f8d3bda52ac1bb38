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
        ALTER TABLE "deploy" ADD "name" VARCHAR(255) NOT NULL DEFAULT '' /* a manual change's name */;
        ALTER TABLE "deploy" ADD "description" TEXT NOT NULL DEFAULT '' /* a manual change's description */;
        ALTER TABLE "jira_delivery" ADD "backfill" INT NOT NULL DEFAULT 0 /* imported history: claimed after every live row */;"""

UPGRADE_POSTGRES = r"""
        ALTER TABLE "code_deployment" ADD "kind" VARCHAR(8) NOT NULL DEFAULT 'code';
        ALTER TABLE "code_source" ADD "branch" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE "deploy" ADD "description" TEXT NOT NULL DEFAULT '';
        ALTER TABLE "deploy" ADD "name" VARCHAR(255) NOT NULL DEFAULT '';
        ALTER TABLE "jira_delivery" ADD "backfill" BOOL NOT NULL DEFAULT False;
        COMMENT ON COLUMN code_deployment."kind" IS 'CODE: code\nMANUAL: manual';
COMMENT ON COLUMN code_source."branch" IS 'the deployed branch; empty: the default one';
COMMENT ON COLUMN deploy."description" IS 'a manual change''s description';
COMMENT ON COLUMN deploy."name" IS 'a manual change''s name';
COMMENT ON COLUMN jira_delivery."backfill" IS 'imported history: claimed after every live row';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "code_deployment" DROP COLUMN "kind";
        ALTER TABLE "code_source" DROP COLUMN "branch";
        ALTER TABLE "deploy" DROP COLUMN "name";
        ALTER TABLE "deploy" DROP COLUMN "description";
        ALTER TABLE "jira_delivery" DROP COLUMN "backfill";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "deploy" DROP COLUMN "description";
        ALTER TABLE "deploy" DROP COLUMN "name";
        ALTER TABLE "code_source" DROP COLUMN "branch";
        ALTER TABLE "jira_delivery" DROP COLUMN "backfill";
        ALTER TABLE "code_deployment" DROP COLUMN "kind";"""

MODELS_STATE = (
    "eJztXX1z2kjS/ypT/BOnijgJeT1ydVXYJlk2tnHZOHu3YUs7oDFoLWY4jTBm78l3f7pHEn"
    "oHiTcLoqqtjRlNj0bd89L9656e/1VGQmemPO4wTrldqZP/VTgdMfgj8qRKKnQ89suxwKY9"
    "U1W1/To9aVu0jy3dUVMyKNKZ7FvG2DYEx7oN8qthUSINmxF7SG1icGlT02Q6/GQEXlKFPy"
    "wxGQzJqeCc9e0q+SysASPCIj1hD4/xRbrow5sMPthQm13e5Q3voUdPDEnu2Qya6c2IYUvS"
    "Nw3G7a9s9olQtwG3KsXv86qFygydUK5agL50OXbyGbYkJjo+mxr20OsllDuNMv5gWIKP4G"
    "XHZN6tF4K/CL2U9KllGUw6LUffagtRJVKo7yNY8QE+l8N/jFhiqjoV5NlIPEBLd5YYzdlg"
    "C7c/94yNZZezB2bN7CFwnZgGv0f2CvhgcnSHtY5HOulOXr2iH2rH758rKU248d8J02wxYN"
    "BFC2T1/Q8oNrjOHpn0fo7vtTuDmXpo+Bk6NqDKNXs2VmUtbn9WFXEA9LS+MCcj7lceQ98E"
    "n9c2nCE5YJxZ1GbYvG1NcEjyCbDJGbveKHV66ldxuhig0dkdnZg4sJHa6YBfVtG0y3ZHu2"
    "l2NK0SG/QeRWDMukV9wXHCQFel+voBduFF7fXbD28/vnn/9iNUUd2cl3z44bzaZ4xDqNhz"
    "2an8UM+pTZ0aisc+U53xq8GYjjP3dEitZO6GqSJchu5HuezxNMBml4lb5XJlPmzVciRhpJ"
    "uz6FqRwvcRfdRMxgf2EJn97t0CLn9rXJ/+0rg+glrPsXUB652zDF66j2rOMxSFz3oJ7GW6"
    "JlnfYnac+x32mDK2Y4QbEYBXxZeAv15vWASfYDnrW7Mx9M1Z7W7Up5yIxyoZT6yxkIw8cw"
    "iOQx/7LJvwFsiq0/x3BxsZSflfMyiio4vGv5X0RjP3yXn78otXPSDS0/P2SUSSPSqZNrHM"
    "PFMoSLOS/GLrVFyAO12otj9hdEOOTTrLy+kI2ZYmy4HxemwJfdK3HTblYHaUbltDO742Vf"
    "4Cja+yE46/qWVg+JtaKr/xUZjdSvnTkjScRZuwT3Nwg/r92wwsfv82lcX4KMzioDKck9MJ"
    "pMXVedByiBsiVdDse7CTktvb1llhVCBlJWgB2yanYNLoC6wQFWY+OLyjY0NbRX1Jpj48vm"
    "9x2MuZtNkITOF7xvOo/8nUBWZ9Jbu2H/+2gqr8TkdVDzX2ODYsJjWaYMWdAfNtY8QWiTKp"
    "lYg4dbeZY++P4ggX9xtpCzDSiCM34shNEviiOqGcCFNnllNKFGJELAYaeZ9J2JQ4m0KB4G"
    "x9ObcumjedxsVVSNhnjU4Tn9RCgvZKj95H5u28EfJbq/MLwZ/k9/ZlU8lESHtgqTf69Tq/"
    "V7BPdGILjYupRvUgZ71iryhJI2EJW96JECajfKE6wpK2uh4QbkvD9rSTLSy6C8R60m6fhy"
    "R60orOz9uLk+b10WslSqhk2A426IJfPsNhjenlZ3eAqmR2dmZP+HycrrAyxqn3ZkXchBz2"
    "bi2DHR35voKkw5QbkPJK022bCiV8oN5G5NkZgXsidneyLJT6ZKyvKPUwZSn1okg9YbKr3q"
    "NX7u4+4ELCgh7t30+ppWuhJwEFR0r09UEf75klE7Zdl/7z12vmwBQJg8H1OrewrY7TVGGW"
    "+opkNpkOQa9FLbjvuDrQ2Qrsg1Lb6EMP5dzTjJV8R7TyUKMLPc9m4Zf64yqAkDPTAP3aYG"
    "syG7t25rQ128O5l8orHLSiJtKGcfzRqDaKllBOB+qT8N34JpdnbWtAufE3dTsbC5sIPa8u"
    "Cp4Q0ZrLQijSGVO624vlbpfmZJAHZvPqb8aN8rSs3TKeqf7NwVqv/u48VPsNWpYa/qHpem"
    "ka/kq6HroC7tlsTcWjMTa+soNSOULmklxbDb6VmdTfvWTPE5oLe8mvsSX+AntjTU5dOa0c"
    "KpP68JXw6rEpZuggXpNZp/DP2byxQ+LZNk0jd1VPMIr89T7dHHJ3lkyWUKVBQNvQ0fSmJh"
    "F3KrY5aE8dE9ynCSU3vzRe1N69xzpolsMLMLbbcWTV8ackGC4BVV70DJtYlOtiVI3a6tt+"
    "X5dLAcR3VNpkSOUQaSiQ0TuG/1IiTTFVL8XgbRWUHcQeEIoQd84bT69uMcrcMvCJScbUjZ"
    "svTcRimYj38FnJdkyTT0aKty3EkHifxXjs0RbZpqm0r79oX5v/qeM8wYnd5Y3T0+bNjdZp"
    "f21e1gnt95mUfmRDXuvn9fsMxs/rqE7t2z74KBKp3RdpUZDLZTIn3mEoJDXNSk6pNM7Pgf"
    "Wm2eXXzS+tm07zWjtrXp23QU4WGxjSZpa7jRZDJjBwNFwR85j8QZoSUVmKqMBXs1xBYXOC"
    "HQ71nOO8RFT2Qk09MEQlKHWLPcDOtorUw5RlPERxXKRxKQdtgMSg5lQ9OYFyudK8D1N6A3"
    "pzDJlMZnic25/BzDIGHGzNmLKWbOhHvXV7xuw0Mx+KLTqdm3JJgw3+AA4wJ6zrtHFz2jhr"
    "Vn6kQ8DbBA4U2pkAG3goaDpoMPFqZEAMxsySYChPh4JIGCR4WhuPMaPRfGMysKbJlPXIbQ"
    "uPeI/YqIfxqgmWfgI2sMGWSzO9WGY6G1Ejl3I8Jyiu5VFx47hNMWVWn0on6LUQunLxvbv7"
    "bImMqZRTAat1Xos6Rlho5IlaA8FrRnFGtSXMlXElj3aHI9zZovIiS+3fLpvXdSKm0KMub5"
    "xdtBDk00cG7/KLJkaT10mg5SdHlkqzPJ31h2uWm1TaGippmsFXEH0CeWmglwb6Xk3u0kAv"
    "DfScBnoozCbBUI+G4aQb7KHgn4yWOw+ZyS9M9sDMYBQ+mNqUE9UycVtGS9uNmyFjo38viU"
    "p0Jm20uhNM+K28orTli2XLg7QeDN0Zdquo4kH6QhtAv7auG3WCiXK6HP/Wzk6dn5re7/KT"
    "Vufk9vRrs1MnPcPuTWAw28VQyUtP5Hbt0JzJP4qftqzChTWipvE3BlfJ/pCNWP3lyyEswt"
    "/rY2HZf3x/iQFQfxQGCfCjyBIiFNNzgUTI9iMJyK837ctA6o/Qzn8c+KKCpv7oT6QtRtoQ"
    "TGFmaViaIDL8xhSRJZNHrUUDtIf/I6Yht2ZKVP55N+GOFtObGKZtcHmM7/vXthayBYJCdi"
    "0WVFQm1bBJiA0sFFS+aRWjPISZFfqogk6uqbDu5Zj2c4H9IaLi7vgqVc6Jp1mRea/R50d9"
    "lStgXhRme4JBY9rDhBzBCzOnBKjKzCnZM6coLJFZlkgwSNLXrDBVgderjcCNW9nYS+D/Jw"
    "T+SyB4O3CLz2Ent18+3oZoVuLqwWUAKfH5fcbn4xNiA0z2r2L52SZDVvmE1pGQZOAbyOXt"
    "+fki18nTnbUtpiq222OjHrcS/EoBRqa7lMaBShtNofM9tliqPC1/lE6cnza1zlOrbGVynV"
    "0xdztXmzh9Dqayz8PuFPIdQmHuvR8eZrWHQ7y0/tNZf7jWfwgiz2eiJpEW2FJ9MvO/BFhK"
    "S76Apkt1E5Z8LGptTV4XMsvtxlmdtHKuYZsHtJ417fNmWH86kJFe5sMqGLARHGYJ4EZkFK"
    "YDHBF1f9MgRwA/KfGNEt8ojgle4hv7hm+oGGPFpUQmLw+xDjWwQ1xjwkew/jJvBGT2hFxd"
    "t89uTzut9mWd+NhIl4O5+qV1+aVO4DsHIJQu74AJq0psJm1Vctb81jxvX100Lzt1ouOJAz"
    "HGNb7Lby8vGldXzbM6CfXryeOzS+wknfWHi524+kE+mz5MVJrzy835gBq2pnV5eKl+qxHL"
    "Mjy68p6UC+LxaNOsaRydzdMlHgi3t2oURUzJBLsobmymm0YRMzeTeYTJfIeUDxiRYmJ5cb"
    "nukKrDnxaDFdSwhTV7Jok7RKpEWOQIE6+SP+HbJtT887mKbHDpoKZTHN2pt/u2Lncal8ek"
    "ZUuCxgDmDnZGmEpDNAwnGSI91qcTyaLZPqHF2+tzos4pEIG5jIGyy0OkmHsY2/P5rRIaqY"
    "64X/fM7wMXNjx9oKahq7IqVIFC9RrYLPtDeJFhpx2ULH3vpW1arNWytE332zb119m8l6DH"
    "KYt7+GRFjr9+9epVFmsRqqXbi+phJH3zXmU5V+pEXgjgtH3WrBOk7PKLxuVt47yeogpkEc"
    "THDFL4mCqCj6XFXlrspSt+W5pRiYmUIQ4FtNermwhxKOGnEn4qBrfzwU+RkAcHhkjnaJuz"
    "joD/ZYt5uJm3dhgROj9WAOtcHqQAdT6HloB0vmCWA3S/DZnFCFVKdQBtwnutxGhk2M4dWq"
    "i/OceQqFspCF9hLTmkdZVm27fgCOJYMYxu2y/sctUyJqYhR8IilM/IAK//YiNhs+dVMjVs"
    "56BU4JoxWzhvhHpH89wPVcLZA7PgTWLKCc6J52WusQJCZT9NrrEvYMzcntRxOA8nvS53fm"
    "vNy07z+uq6ddP0HmkwrJk1tgzJVK3zhkMFHU7OSdbljd9vr5vaWfNb++qmTujfEwvB/gcx"
    "ll1+envTaV9o0BAY307KE2hsFZO7lgXKq6VDebUYlOfP/tVgpmJDTBWV4vklfmw1mAOR2k"
    "PltwD186Vb+BK/aSWZHH76sw0Iwh/3uFOZuPHcXp+vwu9t4X94qWdOtgdICsx63KsbVy3H"
    "myeZefcCN3emky+G/cukh/MA/jqnvSJJo2fBXpMr8b9PUXBZOPoY8N/p8SfCRmN7Vnf9la"
    "ohVMwKsxbNr70MSyI978+coMApf/wUZdn4vOvMP7hFaQbvmxM9XzK/GGGZxm+xcFZI46d4"
    "zB5XFE6QsBTOxoVT+pHSN4vD9SNNxvqKUg9TllIvitQ9HgXEvuzoWD4fVzLxZnxdew8YxT"
    "xd6U6COAaeKqC4dDyQO6PDZv3TfU8qmaxem+ShmcF7s1a8q+ueSYDPfcdNOnTuX8W+HDUH"
    "gXuhpkcUoejn3i2TEVjbCb8ElqqHgdOFn9BsnUd0em0ZzunREGC+xXd5Ia2BeNlwIGyVTI"
    "dGf0iGVEIDfyJX/1SxqfAjwBKvbD6WsZvp4aYJkypy7hLIY/Gn36OVcEtzapVY+87CUoc0"
    "D6bhVi8yqr5iFN/bLKjR23TM6G0MMVLDOafu59HsRut7gp1mD5W8uG6PuRqFpeW+3zZKV1"
    "xcsEjBxy7X8sZ4R8hKXmfh9WGi3EXisE0HuRA6r34JzG0cmDMNfp9LFnOCYggDX3swwij+"
    "EZ7cvrWIhfZMEq/ThViJgr2NMT7dmRYh2yv+R/pePC+bGzKnSZvak4S1KX0+xCl3KJmB8c"
    "DyZjX1oJxAhOPxqfMRN/NvKEDeDpevuS+biREW2fk8Hc7chPT6HDwa0AeGh47dDyn2hOEi"
    "ydheLh2PrsjCYceDYzzsrpC9/sTG6FYUFmdTJu2Cy6d0fh6YGyyL87OwbrCnFvmGj9IFAP"
    "R8PI4TlvxdfqRuqfMw93mvg00OWl3DgZgywjfA7sNMXhvldXxyr37MLqBcrHvMzlHuD4jv"
    "oYGqEjZvhE8qwfWhsgm+E2xFy1iXVXgV1pnTVpbzm/t0xnCF45u6IfvCY8X6hzdxnp4Fmz"
    "wg7uYOP3GXrdQgFH9ZWxaKovX9qhvNQx0LrHBDX8pYip3GUljswZCJaOqig2s+TRlVkSGq"
    "YsSkhOmaB+sJkBQXrd5IIMU2EJzS/b7zUIcysGQ3DrCnDdAqptZUdPgxU4DWoZ1WXnXWZD"
    "sLW1t0FraWcBbWVWdzKZEhmhJsXA42+uHra4JeB5fkqBrBu0JDKy/UlcviXsmAdPCcVPtx"
    "DvcsNR+Nec0MabrVXeGKgtwzdO5Se556J5CbB0FCoDkm50LcM51MxqQ3UxSCE8yWMyNjyp"
    "lJTEH146iPcZvvSTxp4E8K54I0aKDMa/2kRq8vhxwbbohoW9vuTrm8i3CtctMtN91y0122"
    "6YY8Awm7btRzkL7tqgu19GDVpftuB6+MmNg98VgnU9wKRxNpE2kbpumc5lNH+WzGqcqQ57"
    "t+JWbEOSa/WYYNT73bJ+BtXFIn7Bd31tj+u+X3dWEQwMiXgasrVA4+zL334BbDSOFMkTyv"
    "kr5JwfjVcW9HJcBhHZkK655Z5E6dWjQZRc7hAUOVjq/LhyBXNw8gB0VhJKyZe+GFrU4/Gh"
    "K0Avgs2reElPBymHwW5hXEJtw6MHTAGDSZDmMCCSSen7SnRp9lTPH3veJHTnL2aGsUGDMa"
    "478ljr5blWLPEt/7e0aeoL6z5tV5+z91d1Z1+XXzov2tqZ22Ly+b7qV4zizT/AkWnf6ZdJ"
    "GNZ+jz+5M3ritCV2SFRCXGcswa9xJmWF+FZATPgBB1DRBmF/0EJswYVqY7GyqgnaNklvn6"
    "gg2HgzmZQzTJgDMwOTSYLb2kNJonxiBVSult7E5cr7a7cP2jVnvz5kPt1Zv3H9+9/fDh3c"
    "dXc8bHHy2SwEnrCwohNHPiUkG15g425AQ5CAG7IU85WBcgi7C+B3Tb4v28JMdcMUZjYWGW"
    "gKGB+sKsPtcDnInh2PeoDBBLTLPNjUVsb7fPQ0j0SSvqx7q9OGleH71WqxpUMuwU2Sw6Z7"
    "F8s3mSsxZjxnVkXE4ZXTUvz9Qdqi493qF63vrWvMarUl1Njeld/rnROseiO2qYWXPRbfsM"
    "hquKJcgpdRkLkhzMwrWxjSKq4Mb4utgJlkB+gPH5h+QQc9djbcLtJM/ykpMYUeK9cX5WqG"
    "t7gu2r7M5PhD2ODVjonJ9Obvr5ZjUA2a+9O+3d2DCptPMfbwtTFfj4VGEDa0CE2P8Yz9PP"
    "n/sUax1A39HcQ6AN5l3tVY1QLqfMQosWM5vDVPNPAsgqmXDEbrjvRVr/LFuZyLM8y5ZhfS"
    "wTef6MUk/YFRPOKTyFt61gO+KmzQ7HD5GPqSGaIiOGRXFhOgzbgAuzM29ozxic1YUZGlrL"
    "jyLu3jdcsOVg713D0ZNNCd7hhMNPiy5nw8pa6PRVltgs/JqBJSZcJ3+JXt25qiwhaOrOEi"
    "PlVQik5cjvI97y+xJ8xL4fWN3N5vp8wTy5Z6qW47GuQj+gk14t7KS4u6sSlUwGA8Qc8Bj6"
    "SWelE7eIu1B1gRP3p0bWQSetE11wVuLpJZ5eKfH0g8NMf1I8/aeUdYmPl6nDCraU7inwVs"
    "KtP6PUiwu3Hp5FFsMF8wAty6GunJcjrX4IYi8uRcqLc62FXTWYZfSHlQTIyn1SXYRUUb/O"
    "NjPPlBDLLiGWB2blTTcTIDnAbDPbyckBkyoHh93qB8jd11kv1l50r3bCYQI7MbdjehRMgG"
    "T39zA8jX21sXCWtfSDdTezH/8PhDRz4g=="
)
