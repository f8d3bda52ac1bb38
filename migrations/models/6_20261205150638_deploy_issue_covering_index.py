from tortoise import BaseDBAsyncClient

# The panel's issue links by an index that holds the deploy too (issue_key, deploy_id), in place of the one on
# issue_key alone: SQLite reads a panel's deploys without reading the link rows. On PostgreSQL the build holds
# writes to deploy_issue (registrations wait) until it ends: about a second per million links on a 2-core machine.

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
        DROP INDEX IF EXISTS "idx_deploy_issu_issue_k_f3bef0";
        CREATE INDEX "idx_deploy_issu_issue_k_05e391" ON "deploy_issue" ("issue_key", "deploy_id");"""

UPGRADE_POSTGRES = r"""
        DROP INDEX IF EXISTS "idx_deploy_issu_issue_k_f3bef0";
        CREATE INDEX IF NOT EXISTS "idx_deploy_issu_issue_k_05e391" ON "deploy_issue" ("issue_key", "deploy_id");"""


DOWNGRADE_SQLITE = r"""
        DROP INDEX IF EXISTS "idx_deploy_issu_issue_k_05e391";
        CREATE INDEX "idx_deploy_issu_issue_k_f3bef0" ON "deploy_issue" ("issue_key");"""

DOWNGRADE_POSTGRES = r"""
        DROP INDEX IF EXISTS "idx_deploy_issu_issue_k_05e391";
        CREATE INDEX IF NOT EXISTS "idx_deploy_issu_issue_k_f3bef0" ON "deploy_issue" ("issue_key");"""

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
    "AWV2XlWhKUH/gs2neElPBwmHwO1rvELrw2MHTA/LWZCWMCCaRSRKZWn+UsPfmtFsSKcvbd"
    "NSgwZjTGfyudYrs6xY4dyBDsGUXCGM9aVxftfza8WdXl162v7V9axmn78rLlHdaoZ5kRTL"
    "D49M+li6y9cmTwPkUj2WJ0ZVZIVME2bb15h4PD+irAQsLcJKKOp8Kqtx/BUhvDynTnQgM0"
    "r5TMch+rseYAOF3RxpAMOAOTw4DZ0ksr73piDTKllN3H9sT1arML1/8cHb158/7o1ZvjD+"
    "/evn//7sOrOeOTtxZJ4OT8MwohMnOSUglnVhTINQmTlTzXxE+L8fNLGnM9QE8MDWOgMoAA"
    "Q765sZ0Mk0WZJY9vNk+SXTJmHKGVovvNVevyTJ3t69Hj2b4X57+0rvEIX09TY2aXf2qeX+"
    "ClO2rZeWskbjrrxFPFUuSUuYyFSfZm4VrbRhFXcBN8Xez2SyHfw4yEfXIBeuuxMeFumi/9"
    "kdyTOPHOuHtr1LM9wfZVdudHwr6PLVjo9E99ZsJ8sxqA7FfenXZubNhUusUT+qJUJU4YK2"
    "0okfaHJHmeXRchoFipMMKW5h4CbTDvjl4dEcrllDlo0WLFfZhqQe6DrJMJR+yGB86y1bP3"
    "qgKzW4bl9zd7ryowu29ST9kVUzIznsLbVrIdcd1mh/ZDFGNqhKbMiGFZXJiaYWtwYXbmHe"
    "0Yg/O6MCND6/Hky+37hku2HOy8aziey5XiHU5J91p0aCA2NiL5Znmi0fBrBo6YcJP8KXoN"
    "fYReSmyYruHjynAhkuI+4g0/L8VHHPiB1ZmBns8XzJN7plppj3Ud3gNe0m+FLynu7upElc"
    "/BODgNHsN70lnlxC3jLlRf4MT9oZF10EkbxBScVXh6hafXKjx97zDTHxRP/yFlXeHjT4OP"
    "73/cBOVkHjrhK+MLYidAd18ZGF9ndc4KDt8zYLSCw39EqZcXDt8/izmB2xYBwh6HIgseqr"
    "Z8kspOHKZWFIdcCVu8sQb8nDe1EVdLQRajDeqLcEUJTQ2L+yZhPlgRjztDwhcWJx5hnfQF"
    "GBmYVQqCAl1CJYTcKYgP3ezqLDOi6mTU1UVYEGDNkHXSE+7wuUrYQLzO8co8JI5X2+Dzut"
    "y2RhZ06cGOCDT1EEWUQqe8snBqydgRfehIP19DkRLY77+YzI0fekmJHp3eraDRt9iVCkvc"
    "akJIsfTS/U0sfXOUp4IFtMoEA9W9VDRwKZ0uTruHWt3uanFaeV9J5Vjf/ngrmdZIbLsj7h"
    "lP2yITbRbukpiCA7ukag6Lut8+h/8Nty1M39G0eMgnDDbvh+qIUBt1+Rmh/T7D4V3XeT4K"
    "sYOdy4siBWO96dpUSovyZ9Ij7cE4TR5Guo2HdjnueyPY3ISpkiPx1HnSm7iYJan2xJ4wdW"
    "rlfIPU5CprVGVjkj51HEzelAzmgakocm6e1Z64zT1RCc4YUlnoFLko1Xp2yE2wGQ9APXp3"
    "jMqj8jn7s7vohnmcJ/vxODv78TiR/ehNwiX2yihldfJotVGmbpRN5lj9Ydr26N1ZuCnSoM"
    "0mi+pWa/0213rYl4tW0g2R7KEdtJlyozCpCnDYa76H3H2dq07i6wVlEl8nqyTCE93UYyuy"
    "011CJNs/CPRpNsq15a086Wb2938BhM8Uxw=="
)
