from tortoise import BaseDBAsyncClient

# The claims of the outbox and of commit discovery read pending rows in the order they take them (live before
# backfill, then oldest due first) from an index on (status, backfill, next_attempt_at), in place of the one on
# (status, next_attempt_at): a claim no longer sorts every due row to take 50. On PostgreSQL, with 1,000,000
# pending backfill rows: 588 ms a claim before (the sort spilled to disk), 2.3 ms after; the build took 0.97 s
# for those rows on a 2-core machine, holding writes to the table until it ends.

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
        DROP INDEX IF EXISTS "idx_commit_disc_status_4ab8e0";
        DROP INDEX IF EXISTS "idx_jira_delive_status_90f42d";
        CREATE INDEX "idx_jira_delive_status_eb2991" ON "jira_delivery" ("status", "backfill", "next_attempt_at");
        CREATE INDEX "idx_commit_disc_status_3340c0" ON "commit_discovery" ("status", "backfill", "next_attempt_at");"""

UPGRADE_POSTGRES = r"""
        DROP INDEX IF EXISTS "idx_commit_disc_status_4ab8e0";
        DROP INDEX IF EXISTS "idx_jira_delive_status_90f42d";
        CREATE INDEX IF NOT EXISTS "idx_jira_delive_status_eb2991" ON "jira_delivery" ("status", "backfill", "next_attempt_at");
        CREATE INDEX IF NOT EXISTS "idx_commit_disc_status_3340c0" ON "commit_discovery" ("status", "backfill", "next_attempt_at");"""


DOWNGRADE_SQLITE = r"""
        DROP INDEX IF EXISTS "idx_commit_disc_status_3340c0";
        DROP INDEX IF EXISTS "idx_jira_delive_status_eb2991";
        CREATE INDEX "idx_jira_delive_status_90f42d" ON "jira_delivery" ("status", "next_attempt_at");
        CREATE INDEX "idx_commit_disc_status_4ab8e0" ON "commit_discovery" ("status", "next_attempt_at");"""

DOWNGRADE_POSTGRES = r"""
        DROP INDEX IF EXISTS "idx_commit_disc_status_3340c0";
        DROP INDEX IF EXISTS "idx_jira_delive_status_eb2991";
        CREATE INDEX IF NOT EXISTS "idx_jira_delive_status_90f42d" ON "jira_delivery" ("status", "next_attempt_at");
        CREATE INDEX IF NOT EXISTS "idx_commit_disc_status_4ab8e0" ON "commit_discovery" ("status", "next_attempt_at");"""

MODELS_STATE = (
    "eJztXXtz27ay/yoY/RNnRnESJ3FylTt3RraV1I1j+dpye06jDguJsMSaAnQIyop6Tr/72Q"
    "VI8S2TeplSONNpLBILkrt47P72gX/XRsJktjzsME65W2uQf9c4HTH4I3anTmp0PA6u4wWX"
    "9mzV1A3a9KTr0D72dEdtyeCSyWTfscauJTi2bZKfLYcSabmMuEPqEotLl9o2M+EnI/CQOv"
    "zhiMlgSE4F56zv1skn4QwYEQ7pCXd4iA8yRR+eZPHBmvrs8i5v+jd9emJJcs9m0E1vRixX"
    "kr5tMe5+YbOPhHodeE0pfp/fLHLNMgnlqgd4ly7Hl3yGPYmJifemljv03xKu604Zf7AcwU"
    "fwsEMyf60Xgr+IPJT0qeNYTOqe4091hagTKdT3EWz4AJ/L4T9GHDFVLxXm2Ug8QE93jhjN"
    "2eAK733uGRvLLmcPzJm5Q+A6sS1+j+wV8MHk4A5bHY5M0p28ekXfHx0eP1dSmnDrXxNmuG"
    "LA4BUdkNW33+GyxU32nUn/5/jeuLOYbUaGn2ViB+q64c7G6to5dz+phjgAekZf2JMRDxqP"
    "4d0En7e29JAcMM4c6jLs3nUmOCT5BNikx64/SvWbBk30K4ZoTHZHJzYObKTWLxBcqxnGZb"
    "tj3LQ6hlFLDHqfIjRmvUt9wXHCwKtK9fUDfIUXR6/fvn/74c3x2w/QRL3m/Mr7v/WjA8Zo"
    "QsWey07tb3WfulS3UDwOmKrHrwFjOsnc0yF10rkbpYpxGV4/zmWfpyE2e0zcKJdr82Grli"
    "MJI92exdeKDL6P6HfDZnzgDpHZ794t4PIvzevTn5rXB9DqOfYuYL3Ty+Cld+tI30NRBKyX"
    "wF5mGpL1HeYmud9h3zPGdoJwLQLwmwQSCNbrNYvgIyxnfWc2hnfTq92N+pQT8b1OxhNnLC"
    "QjzzTBYeRjn+UT3gJZdVr/6GAnIyn/ZYdFdPC1+Q8lvdHMu3PRvvzsNw+J9PSifRKTZI9K"
    "Zkwcu8gUCtMsJb/EOpUU4FYXqs1PGNOSY5vOinI6RrahybJnvB47wpz0Xc2mAsyO021qaC"
    "fXptqfoPHVtsLxN0c5GP7mKJPfeCvKbqX8GWkazqJNOKDZu0F9/DYHi4/fZrIYb0VZHFaG"
    "C3I6hbS8Og9aDklDpA6afQ92UnJ7e35WGhVIWQlGyLYpKJgs+hIrRKWZD5p3dGwZy6gv6d"
    "T7x/cNDns5ky4bgSl8z3gR9T+dusSsr+XX9pPfVlKVX7+oekODfR9bDpMGTbHizoD5rjVi"
    "i0SZ1ktMnKbXzaH/R3mEi/uNdAUYaUTLjWi5SQJf1CCUE2GbzNFXiUKMiMNAI+8zCZsSZ1"
    "O4IDhbXc7nX1s3nebXq4iwz5qdFt45igjav3pwHJu3807Ir+ednwj+JL+1L1tKJkK6A0c9"
    "MWjX+a2G70QnrjC4mBrUDHPWv+xfStNIWMqWdyKEzShfqI6wtK2uB4Sb0rB97WQDi+4CsZ"
    "602xcRiZ6cx+fn7deT1vXBayVKaGS5Ghv0wK+A4bDG9IqzO0RVMTs/syd8Pk6XWBmT1Duz"
    "Iq5DDju3lsGOjnxfQtJRyjVIeanptkmFEj7QbCPyrEfgjojdmywLpT4Zm0tKPUpZSb0sUk"
    "+Z7Ort0St3dx9yIeGFHu3fT6ljGpE7IQVHSvT1wTveM0embLse/acv10zDFCmDwfM6n2Nf"
    "Hd1VaZb6mmQumQ5Br0UtuK9dHehsBfbBVdfqwxvKuacZGwWOaOWhRhd6kc0iuBqMqxBCzm"
    "wL9GuLrchsfLUz3ddsB+deJq9w0IojkTWMk7dGR6P4FcrpQH0SPhuf5PGs7Qwot/6i3ssm"
    "wiYi9+uLgidEvOVjIRTZjKnc7eVyt0t7MigCs/nt1+NGeVrWbhjPVP8WYK3ffnseqt0GLU"
    "1LehscqG1jRzxYZuqm/vNN+zLTEZvRQ1z/s/ou+Q+xLZlYQNbmLfzfuwnXe3VvYtkubMuH"
    "+Lz/K+hB1DrOC0/HIfOvAq0AcU2bSjesF0ypJA7DwCqTHMCKbDnEtWxQESSdESmerwyCIf"
    "cXg51xXDOmH2IHcbCzMu6yJ95uqvlZxt1Saj56ge7ZbEWdszm2vrC90jYjlrJc2QK6lbks"
    "n51kzxNaijvJL9hn/oQtZUVOXele9pVJffhKePTYFjOMDViRWafwz9m8s33i2SatYm9VT7"
    "GHg/U+2xL2dpZcRnCtSUDbMBF1oTYRdyqsPWxKHxLcpwklNz81Xxy9O8Y2iMjAAzCsX/sw"
    "G/hTEoyUgSYvepZLHMpNMarHVbNNP6/LpQDiO9Qgh1QOkYaionjH8F9KpC2m6qEYt6/i8c"
    "OwE2qb4k4/8fTqFhMMHAvv2GRMvZSJCh0oFzpwD5+VbsK2+GSkeHuO8CHvswSPfdoym7O1"
    "9vVn40vrnw2cJzixu7x5etq6uTE67S+tywah/T6TMghqKWr4vj7OYfe+juvUgdmLt2JB+n"
    "2RFQD7uEzmxFuMgqW2XdSEbV5cAOttu8uvW5/Pbzqta+OsdXXRBjk5bABGMXO8bbQcMoGB"
    "Y+CKWATtCdNUYNqjYBp8NSsUDzgn2OJQLzjOywSmVYhKNvf3C1EJS91hD7CzLSP1KGUVCl"
    "Me73hSyoj5GhO5lJzjtDsj6ZrygoP1ohDvsPsbc4odBs+Wbh2zg9EgGYqJszLUvXMDI2wc"
    "piY6ZBpQKZSPW1O7sNavwaBKQNbpDE9y+xPY39aAf2GzhBafjgDFPfg7xuws/AcuO3Q6t/"
    "HTBhv8ARxgOtTztHlz2jxr1f7O9g1sElFSMHgKnuTD49lo0sRvkQNKGjNHor9uKIiEQYIV"
    "HPzF68ZmsLyRKeuR23Ms+zBiox7GsKdAQCmg0Rp7rvCbcuE3bEStQlbTnKC8JmnNy+2wxZ"
    "Q5fSp1IHwpjKjyR3zssok6plJOBazWRaGWBGGpIUnqDAQ/ssozqh1hLw04+rRbHOF6iyoK"
    "ObZ/vWxdN4iYwht1efPs6zmiv+bI4l3+tYUZJg0S6vnJIccKr8lm/f7iNcoaRyXNsPiyxn"
    "yUfGfs+R8SuZFMSjR6HkBFTzUZMzXkFMrtGeivCi6+IDypK9jh4MTabWLiNoiq5UYYdWwL"
    "bA7viwjjpsy5Bq9Fu67gkgouKQWz9wQuiUTDpcAm8Wi5bPgkEqOXE0fhEdDihQ1rjB2Oh3"
    "YFFghQPROvZ8Q9vPA2Mrb695KoUpTSRQwkBVDZyCMqZKVcyIofV7+sYRSmL7U5+vP5dbNB"
    "sJRZl+Pfxtmp/mmY/S4/Oe+c3J5+aXUapGe5vQkMZrccBlIVMLBZVKBgeabyF5asceGMqG"
    "39hTGQsj9kI9Z4+XIIi/C3xlg47u/fXmKc4u+lwWWCYM+UQOLsak0xst0o04RJQKHiTJGd"
    "/zD0RSUtztSfSFeMjCGjsOQbeLVQnloG+e4mqa3DmN9MYlmY08WmVYJyH2ZW5KNKOrmmwr"
    "mXY9ov5HqJEJV3x1fFzE58zYrM3xo9sDRQuULmRWm2Jyzbr4xVLzllqXjlWB9bFNSYcRM5"
    "WFBen6+bl53WWYMMHMrhlbr8qnV5dn75uUG8HjGo+dPtDbZx2N1kSf/lhxwC+5Aprg8JXU"
    "Lz2JBi4hSbSEnKEs8m5dAx8GCIunbu6FjyMXNGlkYXhaNvGHSMJhq1lxHO+ssxwwpsu8OU"
    "IxEWFooLUVWF4vIXilNuEuY4IsW6z1YAolQl3vzX4knZiJY8ZP3lopGjlDvj06rNKzWpM2"
    "6wFoOOVpV4cM2BpA/wBGZabp10GF4fgGxWL8mwc26wytmdvfHsr7O7crdt2qGpa1wX422E"
    "Zimu7l0lvMoLuste0OSEWAOTgyMJf7TJkFc+kXUkIhn4BnJ5e3GxyEH9dIVHyqmjb7eGhs"
    "+tFO99iJHZjvtxqNFaS0l+SyyWql7h75Wr/IctMfnUKltVZHJbzN1MkUn9zuEjnYqwO4N8"
    "mzi2Pv/O9wzs4BCvrP9s1u+v9R9xRBYzUdNIS2ypPpn5XwEslSVfQtOlvg5LPhEbvCKvS3"
    "naw9pZnbZyrmCbh7SeFe3zVlR/2pORHnPBV8VBnxrYCA+zFHAjNgqzAY6Yur9ukCOEn1T4"
    "RoVvlMcEr/CNXcM3VCaH4lIqkx8P0Yt0sEVcY8JHsP4yfwTk9oRcXbfPbk875+3LBgmwkS"
    "4Hc/WzCtOD7xyoML0OmLDqisukq66ctX5pXbSvvrYuOw1iYl6XGOMa3+W3l1+bV1cY0xd5"
    "ryfPgqmwk2zW7y924ukHxWz6KFFlzj9uzofUsBWty/0796Aesyyjo6toPnIYj0ebZkXj6G"
    "xeO3pPuL1RoyhmSqbYRUljM9s0ipm5ucwjPNlgSPmAER1lrrMfvCHVUOU8YQW1XOHMnkni"
    "DZE6xnIfYBV68gd824TafzxXkQ0eHbTUl+M79Waf1uW6c3lIzl1J0BjAgxT0CFOl94bRwn"
    "qkx/p0Ilm89Dn0eHt9QVQ2GBF4sANQdnmEFA9iwP4CfqsifupFvK97FrwDFy7cfaC2Zapr"
    "dWgCF9VjYLPsD+FBlpuVjl753ivbtFyrZWWb7rZtGqyzRsFs8yRleZOSluT461evXuWxFq"
    "FZtr2obsbOstipI1+UOlEUAjhtn7UaBCm7/Gvz8rZ50chQBfIIYt2ZeJXF/gNa7JUrftPB"
    "DhUmUoU4lMZer68jxKGCnyr4qRzcLgY/xUIeskoO+Bxtc9YR8L98MQ838972I0Ln7yXAOo"
    "8HGUBdwKFHQLpAMI8DdL8OmcMIVUp1CG3CQz7FaGS5+kBR1N90GhL1GoXhK2wlh7ShjpYI"
    "LDiCOFYCo9v0A7tc9Yzlv8gBFoXgMzLAs1DZSLjseZ1MLVcnSoXOXHWFfiK0O5hX2KkTjo"
    "Vs4UliygnOiedVRccSQmU/TEXHz2DM3J40cDgPJ70u17+N1mWndX11fX7T8m8ZMKyZM3Ys"
    "yVSri6amghdOr/zY5c3fbq9bxlnrl/bVTYPQvyYOgv0PYiy7/PT2ptP+akBHYHzrwlLQ2T"
    "Im91EeKO8oG8o7SkB5wexfDmYqN8RUU8cavMSPrYcrzVJ3qPwWoH6+9C6+xG9aSib7X2Ry"
    "DYIIxj3uVDZuPLfXF8vwe1P4H55wXpDtIZISsx736ubVufbmSWbfvcDNnZnks+X+NOnhPI"
    "C/LmivTNLoObDXFDrsJqAouSy0PoZl/9UbfyRsNHZnDc9fqTpCxaw0a9H8DPCoJLILQs0J"
    "SlwLKigEmY/P2y4JhVuUYfG+PTGLlUxNEFbFUhcLZ4liqYrH7PuSwgkTVsJZu3AqP1L2Zr"
    "G/fqTJ2FxS6lHKSuplkbrPo5DYH0sdK+bjSidej69r5wGjhKcr20mQxMAzBZSUjg9y53TY"
    "rJ7d96SSyeu1SR+aObw3K8W7eu6ZFPg8cNxkQ+dm0OZR1BwE7oeaHlCEop/7JyvHYG0dfq"
    "kORoOboezCj6pgsR/R6fdluYkT0jb5LD+kNRQvGw2ErZPp0OoPyZBK6OAP5OofKjYVfoRY"
    "4l+bj2V8zexw05RJFcu7BPJE/Om3eCPc0nSrCmvfWljqkBbBNLzmZUbVl4zie5sHNXqbjR"
    "m9TSBGajgX1P18mu1ofU+w0+ygkpfU7bFWo3CMwme6x+nKiwuWKfjY41rRGO8YWcXrPLze"
    "T5S7TBx26aAQQue3r4C5tQNzePpIIVnMCcohDHzs3gij/Ck8xc+4iVpozyTxX7oUK1H4bR"
    "OMz3amxch2iv+xdy+fl80a4QGXLMXSXXi8UJhsi+cLza8UEMqdI0ZEv68HGcgGGcLKKZwZ"
    "nn4nh8zE8D1d61yqML07y86ZELRAXms8lsgLbDSkS91Jyg6y6IyuOOUW58/AemBFa8/6gF"
    "soDvXwVH/EzfwbSlBdxeNr4bOiEoRlDhGYDmfesQHmHOIb0AeGqeHeh5RzWfO5zEUaJPK4"
    "dHy6MguHHQ4OsSSBwl/7ExcXMRQWZ1M8Marc8qlc1HvmrMzjoi6ts/KpRb7mhMeQm6MYj5"
    "OEFX8fT3x81MVbOCtvb0u41ldw82aM8DWwez9LDMd5nZzcyydDhpSLVZMhtXK/R3yP2tdY"
    "VnstfFJlyPeVTfCdYCs61qqsQiP+TPeVJ8t2lzJBl0iyNS3ZFz4rVk+xxXl6Fu5yj7hbOE"
    "jIW7YyQ4WCZe2xgCGjHzRda7XwRPiLF6BURbxsNeLFYQ+WTMW8F6UXBjRV7EuO2JcRkxKm"
    "axGsJ0RSXp/CWsJdNoHgVEESWw9IqcJ/tuOmfNowunJqTWWHH3OF0e1bTvmysyZfxvLRoo"
    "zlo5SMZU+dLaRERmgqsPFxsDFIMlgR9Nq7UlT1GN4VGVpFoa5CFvdSBqTGczLtxznc86j5"
    "aM1b5iimrqIcFAW5Z+jcpe68QFKoghKChEBzSC6EuGcmmYxJb6YoBCdY02hGxpQzm9iCmv"
    "X56fE0EeWyhUd2uRqIuuOhAAmECp8TVwhdWEATo3NNqvJPXiyIquYkJir3xcTUF2iLFdfF"
    "VBJ8UdsmB+qQmP+/sFxg6ZDad7qQxNG7Vy+8h6i+sZy6C9NIZdJM8X9eUSiv11GD9BjvD1"
    "/CjgYTQr6cDmeHIzOzJNS30FzXp/MBM1KSWoJ79fCgr6z8rVr5ESnk1TAiRHto528ojLBS"
    "Myo1o1IzHlMzIr6QFD0j7ivJVjTUQW9muOmjmkYHjzKZuD3xvUGmuDGPJtKF/dGybZ1lql"
    "JMXcapqtwYOLslVmo6JL86lgt3/VNR4GlcUh2Ojvt8Qs3Y8PO6HONFWUSzwNqQWBPywbsM"
    "I4UzRfK8Tvo2BXPfRBUGdR3NOjIVzj1zyJ3KprUZRc5h4qsqE9nlQ5CrV5+Sgz40UhGq6i"
    "AWV2XlWhKUH/gs2neElPBwmHwO1rvELrw2MHTA/LWZCWMCCaRSRKZWn+UsPfmtFsSKhmNh"
    "OfvuGhSYNBrjv5V+sV39YscOZwj2jyIhjWetq4v2PxveDOvy69bX9i8t47R9ednyDm7UM8"
    "4IJlt8Kcill6y9imTwPkWj2mJ0ZVZOVPE2bcl5B4XDWivAWsI8JaKOqsIKuB/BahvDKnXn"
    "QgM0tZTMch+xseZgOF3dxpAMOAOTw4DZ0ksr9XpiDTKllN3H9sT1arML1/8cHb158/7o1Z"
    "vjD+/evn//7sOrOeOTtxZJ4OT8MwohMnOSUgnvLAXyTsJkJc878VNk/FyTxlwn0BNDQxqo"
    "GCDYkG9ubCfbZFGWyeObzZNkmowZR5il6H5z1bo8U+f8evR4zu/F+S+tazzO19PamNnln5"
    "rnF3jpjlp23nqJm85A8VSxFDllLmNhkr1ZuNa2UcQV3ARfF7sAU8j3MDthn9yB3npsTLib"
    "5ld/JA8lTrwzrt8a9exQsIOVDfqRsO9jCxY6/VOfnzDfrAYg+5V3p50bGzaVbvHkvihViZ"
    "PHShtWpH0jSZ5n10gIKFYqkrCluYegG8y7o1dHhHI5ZQ5atFh9H6ZakAch62TCEcfhgeNs"
    "9Uy+qtjsliH6/c3kq4rN7pvUU3bFlCyNp/C8lWxHXLfZoX0SxZgaoSkzYlgWd6Zm2BrcmZ"
    "15RzvG4LzuzMjQejwRc/t+4pItBzvvJo7ndaV4ilNSvxYdIIiNjUjuWZ7INPyagSMm3CR/"
    "il5DH6eXEiem6/m4MlyUpLi/eMPPS/EXBz5hdX6g5/8F8+SeqVbae12H94CX9FvhS4q7uz"
    "pRpXQwJk6Dx/CedFY5dMu+I9UXOHR/aJQd9NMGMQVnFbZeYeu1ClvfO/z0B8XWf0hZV1j5"
    "02Dl+x9DQTmZh1H4ivmCOArQ41cGyddZtbOCxvcMJK2g8R9R6uWFxvfPYk5guEVAscdhyY"
    "KHrS2fvLITh6wVxSRXwhlvrAE/501txNVSUMZog/oijFFCU8PivkmYD2LEY9CQ8IXFiUdY"
    "J30BRgZmm4KgQJdQiSJ3Cu5Dl7s644yo+hl1dREWBFgzZJ30hDt8rhI5ELtzvPIPiWPXNv"
    "i8LretkQVdehAkAk09RBSl0KmwLJxyMnZEHzrSz9ewpAT2+y8mc2OJXrKiR6d3K2j0LXal"
    "whK3mhxSLO10fxNO3xzlqWwBrTLBQHUvFQ1cSqeL0+6hVre7WpxW3ldSOda3P95KpjUS2+"
    "6Ie8bTtshEm4W7JKbjwC6pmsOi7rfP4YvDbQtTeTQtHv4Jg837oToi1EZdfkZov89weNd1"
    "zo9C7GDn8iJKwVhvujaV0qL8mfRIezBOk4eUbuOhXY773gg2N2GqpEk8jZ70Ji5mT6o9sS"
    "dMnXI53yA1ucomVVmapE8dB5M6JYN5YCqKnJtntSduc09UgjOGVBY6XS5KtZ4dchNsxoNR"
    "j94do/Ko/M/+7C66YR7nyYQ8zs6EPE5kQnqTcIm9MkpZnUhabZSpG2WTOVZ/mLY9encWbo"
    "o0aLPJYrvVWr/NtR725aIVdkMke2gHbaYMKUyqAhz2mu8hd1/nqp/4ekH5xNfJ6onwRDf1"
    "OIvs1JcQyfYPCH2ajXJtOSxPupn9/V9odxxX"
)
