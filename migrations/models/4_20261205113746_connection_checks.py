from tortoise import BaseDBAsyncClient

# A connection's last check (Test again, save, edit), and which providers an organization disconnected, so
# that a tile says "Fully disconnected" only after a removal ("Not connected" before any connection).

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
        ALTER TABLE "organization" ADD "disconnected_providers" JSON NOT NULL DEFAULT '[]' /* issue-tracker providers whose last connection was removed (their tiles say so) */;
        ALTER TABLE "issue_tracker" ADD "checked_at" TIMESTAMP /* when the site was last asked (save, edit, Test again) */;"""

UPGRADE_POSTGRES = r"""
        ALTER TABLE "organization" ADD "disconnected_providers" JSONB NOT NULL DEFAULT '[]';
        ALTER TABLE "issue_tracker" ADD "checked_at" TIMESTAMPTZ;
        COMMENT ON COLUMN organization."disconnected_providers" IS 'issue-tracker providers whose last connection was removed (their tiles say so)';
COMMENT ON COLUMN issue_tracker."checked_at" IS 'when the site was last asked (save, edit, Test again)';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "organization" DROP COLUMN "disconnected_providers";
        ALTER TABLE "issue_tracker" DROP COLUMN "checked_at";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "issue_tracker" DROP COLUMN "checked_at";
        ALTER TABLE "organization" DROP COLUMN "disconnected_providers";"""

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
    "YROR+/VFwRMi3vKxEIpsxlTu9nK526U9GRSB2fz263GjPC1rN4xnqn8LsNZvvz0P1W6Dlq"
    "YlvQ0O1LaxIx4sM3VT//mmfZnpiM3oIa7/WX2X/B+xLZlYQNbmLfzn3YTrvbo3sWwXtuUD"
    "fN6/CnoQtY7z0tNxyPyrQCtAXNOm0g3rBVMqicMwsMokz2FFthziWjaoCJLOiBQvVgbBkP"
    "uLwc44rhnTD7GDONhZGXfZE2831fws424pNR+9QPdstqLO2RxbX9leaZsRS1mubAHdylyW"
    "z06y5wktxZ3kF+wzf8KWsiKnrnQv+8qkPnwlPHpsixnGBqzIrBP453Te2T7xbJNWsbeqp9"
    "jDwXqfbQl7O0suI7jWJKBtmIi6UJuIOxXWHjalDwju04SSm5+aLw/fH2EbRGTgARjWr32Y"
    "DfwpCUbKQJOXPcslDuWmGNXjqtmmn9flUgDxHWqQQyqHSENRUbxj+C8l0hZT9VCM21fx+G"
    "HYCbVNcaefeHJ1iwkGjoV3bDKmXspEhQ6UCx24h89KN2FbfDJSvD1D+JD3WYLHPm2Zzdla"
    "+/qL8bX1nwbOE5zYXd48OWnd3Bid9tfWZYPQfp9JGQS1FDV83xzlsHvfxHXqwOzFW7Eg/b"
    "7ICoB9XCZz4i1GwVLbLmrCNs/PgfW23eXXrS9nN53WtXHaujpvg5wcNgCjmDneNloOmcDA"
    "MXBFLIL2hGkqMO1RMA2+mhWKB5wTbHGoFxznZQLTKkQlm/v7haiEpe6wB9jZlpF6lLIKhS"
    "mPdzwp5bANkBrPnqknp1A+rjTvwpReg96cQCbTGZ7k9mcws6wBB1szoaylG/pxR+2OMTvL"
    "zIfLDp3OTbm0wQZ/AAeYjug7ad6cNE9btb+zIeBNAgcK7UyBDXwUNBs0mPgtciAGY+ZIdM"
    "sMBZEwSDBRHzPY0Wi+sRlY02TKeuT2DLP7R2zUw1DlFEs/BRtYY8+VmV4uM52NqFVIOZ4T"
    "lNfyqHkh/LaYMqdPpY53LoWuXH7H/i5bImMq5VTAal3Uok4Qlhp5os5A8EOrPKPaEfbSuJ"
    "JPu8URrreooshS+9fL1nWDiCm8UZc3Ty/OEOQzRxbv8osWJhI0SKjnJ0eWKrM8m/X7a5Zj"
    "kI6BSpph8SVEn0JeGehlNtAlkxKNngdQ0VNNxkwNOYVyewb664KLLwhP6kJlODixRJeYuA"
    "2iSnYRRh3bApvD+yLCuClzrsFr0a4ruKSCS0rB7D2BSyJBTymwSTwoKhs+iYRi5cRReAS0"
    "eGnDGmOHw15dgXngqmfi9Yy4hxfFRMZW/14SVXFQuoiBpAAqG3lEhayUC1nxw6eXNYzC9K"
    "U2R38+u242CFas6nL82zg90T8Ns9/lx2ed49uTr61Og/QstzeBweyWw0Cq/MKbRQUKVuEp"
    "f/3AGhfOiNrWXxjqJvtDNmKNV6+GsAh/a4yF4/7+7RWGo/1eGlwmiOlLiRfNLsoTI9uNaj"
    "yY6xGqwRPZ+Q9CX1TSGjz9iXTFyBgyCku+gVcLpSNlkO9uLtI6jPnN5A+FOV1sWiUo92Fm"
    "RT6qpJNrKpx7Oab9Qq6XCFF5d3xVs+rY16zI/K3RA0sDlStkXpRme8Lq7MpY9XIQlgpLjf"
    "WxRUGNGTeRgwXl9eW6edlpnTbIwKEcXqnLr1qXp2eXXxrE6xFjVz/f3mAbh91NlvRffswh"
    "sI+Z4vqY0CU0jw0pJk6xiZSkLPFsUg4dA+v/17VzR4cMj5kzsjS6KBx9w6BjNNGovYxw1l"
    "91F1Zg2x2mVL5fWA8sRFXVA8tfD0y5SZjjiBTrPlsBiFKVePNfiydlI1rykPWXCzqNUu6M"
    "T6s2L8ijjjLBlHuVhk8lnk/yXNIHeAIzLbdOOgyvD0A2q2fe75wbrHJ2Z288++vsrtxtm3"
    "Zo6lLGxXgboVmKq3tX8Kzygu6yFzQ5IdbA5ODkuR9tMuSVT2QdiUgGvoFc3p6fL3JQP119"
    "iXLq6NstleBzK8V7H2JktuN+HGq01oqB3xKLpSpL93vlKv9hKwk+tcpW1RLcFnM3U0tQv3"
    "P45J4i7M4g3yaOrY858z0DOzjEK+s/m/X7a/1HHJHFTNQ00hJbqk9m/lcAS2XJl9B0qa/D"
    "kk/EBq/I61IW9V87q9NWzhVs85DWs6J93orqT3sy0mMu+KoG5FMDG+FhlgJuxEZhNsARU/"
    "fXDXKE8JMK36jwjfKY4BW+sWv4hsrkUFxKZfLjIXqRDraIa0z4CNZf5o+A3J6Qq+v26e1J"
    "56x92SABNtLlYK5+UWF68J0DFabXARNWXXGZdNWV09YvrfP21UXrstMgJuZ1iTGu8V1+e3"
    "nRvLrCmL7Iez15FkyFnWSzfn+xE08/KGbTR4kqc/5xcz6khq1oXe5feft6zLKMjq6i+chh"
    "PB5tmhWNo9N5ieA94fZGjaKYKZliFyWNzWzTKGbm5jKPsID9kPIBIzrKXGc/eEOqAX86DF"
    "ZQyxXO7Jkk3hCpYyz3cyw2Tv6Ab5tQ+48XKrLBo4OW+nJ8p97s07pcdy4PyJkrCRoDWC9f"
    "jzBVem8YLaxHeqxPJ5LFK1xDj7fX50RlgxGB9fuBsssjpFhvH/sL+K2K+KkX8b7uWfAOXL"
    "hw94Halqmu1aEJXFSPgc2yP4QHWW5WOnrle69s03KtlpVtutu2abDOGgWzzZOU5U1KWpLj"
    "b16/fp3HWoRm2faiuhk7smCnTvZQ6kRRCOCkfdpqEKTs8ovm5W3zvJGhCuQRxLoz8SqL/Q"
    "e02CtX/KaDHSpMpApxKI29Xl9HiEMFP1XwUzm4XQx+ioU8ZJUc8Dna5qwj4H/5Yh5u5r3t"
    "R4TO30uAdR4PMoC6gEOPgHSBYB4H6H4dMocRqpTqENqEZzmK0chy9bmRqL/pNCTqNQrDV9"
    "hKDmlDHS0RWHAEcawERrfpB3a56hnLf5HnWBSCz8gAj7xkI+GyF3UytVydKBU6WtMV+onQ"
    "7vm8wk6dcCxkC08SU05wTryoKjqWECr7YSo6fgFj5va4gcN5OOl1uf5ttC47reur67Obln"
    "/LgGHNnLFjSaZanTc1FbxweuXHLm/+dnvdMk5bv7SvbhqE/jVxEOx/EGPZ5Se3N532hQEd"
    "gfGtC0tBZ8uY3Id5oLzDbCjvMAHlBbN/OZip3BBTTR1r8Ao/th6uNEvdofJbgPr5yrv4Cr"
    "9pKZnsf5HJNQgiGPe4U9m48dxeny/D703hf3iQdUG2h0hKzHrcq5tXZ9qbJ5l99xI3d2aS"
    "L5b706SH8wD+Oqe9Mkmj58BeU+iwm4Ci5LLQ+hiW/Vdv/Imw0didNTx/peoIFbPSrEXzo5"
    "6jksguCDUnKHEtqKAQZD4+b7skFG5RhsX79sQsVjI1QVgVS10snCWKpSoes+9LCidMWAln"
    "7cKp/EjZm8X++pEmY3NJqUcpK6mXReo+j0Jifyx1rJiPK514Pb6unQeMEp6ubCdBEgPPFF"
    "BSOj7IndNhs3p235NKJq/XJn1o5vDerBTv6rlnUuDzwHGTDZ2bQZtHUXMQuB9q+pwiFP3C"
    "P1k5Bmvr8Et1MBrcDGUXflIFi/2ITr8vy02ckLbJZ/khraF42WggbJ1Mh1Z/SIZUQgd/IF"
    "f/ULGp8CPEEv/afCzja2aHm6ZMqljeJZAn4k+/xRvhlqZbVVj71sJSh7QIpuE1LzOqvmQU"
    "37s8qNG7bMzoXQIxUsO5oO7n02xH63uCnWYHlbykbo+1GoVjFD7TPU5XXlywTMHHHteKxn"
    "jHyCpe5+H1fqLcZeKwSweFEDq/fQXMrR2Yw9NHCsliTlAOYeBj90YY5U/hKX7GTdRCeyaJ"
    "/9KlWInCb5tgfLYzLUa2U/yPvXv5vGzWCA+4ZCmW7sLjhcJkWzxfaH6lgFDuHDEi+n09yE"
    "A2yBBWTuHM8PQ7OWQmhu/pWudShendWXbOhKAF8lrjsUReYKMhXepOUnaQRWd0xSm3OH8G"
    "1gMrWnvWB9xCcagHJ/ojbubfUILqKh5fC58VlSAsc4jAdDjzjg0w5xDfgD4wTA33PqScy5"
    "rPZS7SIJHHpePTlVk47GBwgCUJFP7an7i4iKGwOJviiVHllk/lot4zZ2UeF3VpnZVPLfI1"
    "JzyG3BzFeJwkrPj7eOLjoy7ewll5e1vCtb6CmzdjhK+B3ftZYjjO6+TkXj4ZMqRcrJoMqZ"
    "X7PeJ71L7Gstpr4ZMqQ76vbILvBFvRsVZlFRrxp7qvPFm2u5QJukSSrWnJvvBZsXqKLc7T"
    "03CXe8TdwkFC3rKVGSoULGuPBQwZ/aDpWquFJ8JfvAClKuJlqxEvDnuwZCrmvSi9MKCpYl"
    "9yxL6MmJQwXYtgPSGS8voU1hLusgkEpwqS2HpAShX+sx035dOG0ZVTayo7/JgrjG7fcsqX"
    "nTX5MpYPF2UsH6ZkLHvqbCElMkJTgY2Pg41BksGKoNfelaKqx/CuyNAqCnUVsriXMiA1np"
    "NpP87hnkfNR2veMkcxdRXloCjIPUPnLnXnBZJCFZQQJASaA3IuxD0zyWRMejNFITjBmkYz"
    "Mqac2cQW1DyI+xg3+ZzUfJBgUuhj7KCDqvr4kxq9gRwKbLgRok1tu1vl8jaC6qpNt9p0q0"
    "33sU034hlI2XXjnoPsbVcde2aGmz6673bwYI+J2xPfG2SKW+FoIl0iXcu2dc6lSrh0Gaeq"
    "jmHg+pVYt+iA/OpYLtz1zwiBp3FJdXA27qyJ/XfDz+tyjJ5kMnTAiKqUiBUSH7zLMFI4Uy"
    "Qv6qRvUzB+TdzbUQnQrCNT4dwzh9yp3FKbUeQcpoGqooldPgS5etUaOSgKIxWvqY4lcVWO"
    "qiVBK4DPon1HSAkPh8nnYPVH7MJrA0MHjEGbmTAmkEBilqs7tfosZyHGb7UgcpKz765BgT"
    "GjMf5b4ejbVSl27HiCYM8oEtR32ro6b/+n4c2qLr9uXbR/aRkn7cvLlnd0oZ5lRjDB4tM/"
    "ly6y9jqKwfsUjeuK0ZVZIVHly7RZ4x2VDeurkIxgpg5RhzVhDdhPYMKMYWW6c6EB2jlKZr"
    "kPmVhzOJiu72JIBpyByWHAbOmlFTs9tgaZUsruY3vier3Zhesfh4dv3344fP326OP7dx8+"
    "vP/4es745K1FEjg++4JCiMycpFTCeQYFMi/CZCXPvPCTRPxsi8ZcD9ATQ9v3qAwQR0zzzY"
    "3t5FssyrN4fLN5klyLMeMmMq6gjK5al6fqpFuPHk+6PT/7pXWNB9p6mhozu/xz8+wcL91R"
    "y85bMXDTORieKpYip8xlLEyyNwvX2jaKuIKb4OtiJ1gK+R7G5++TQ8xbj40Jd9M8y49kYs"
    "SJd8b5WaOe7Qm2r7I7PxH2fWzBQqd/6hME5pvVAGS/8u60c2PDptItnt4WpSpx+lRpA2tA"
    "hPj+CZ5nVwkIKFYqE7CluYdAG8y7w9eHhHI5ZQ5atFh/HqZakAkg62TCEbvhgRdp9Vy2qt"
    "xqlcuWY32syq3+iFJP2RVT8hSewttWsh1x3WaH9kMUY2qEpsyIYVlcmJpha3BhduYd7RiD"
    "87owI0Pr8VTE7fuGS7Yc7LxrOJ7ZlOIdTkl+WnSEHjY2ItlXeWKz8GsGjphwk/wpeg19oF"
    "xK0JSuaOPKcFmO4j7iDT8vxUcc+IHVCXqezxfMk3umWmmPdR3eA17Sb4UvKe7u6kQVk8EA"
    "MQ0ew3vSWeXELeMuVF/gxP2hkXXQSRvEFJxVeHqFp9cqPH3vMNMfFE//IWVd4eNPg4/vf9"
    "wE5WQeOuEr4wtiJ0B3XxkYX2etygoO3zNgtILDf0SplxcO3z+LOYHbFgHCHociCx4xtnyS"
    "yk4cLVYUh1wJW7yxBvyMN7URV0tBFqMN6otwRQlNDYv7JmE+WBEP/0LClxYnHmGd9AUYGZ"
    "huCYICXUIlhNwpiA/d7OpkL6KqRtTVRVgQYM2QddIT7vCFSthAvM7xih4kDhvb4PO63LZG"
    "FnTpwY4INPUQRZRCJ5mycGrJ2BF96Eg/X0OREtjvv5jMjR96OYkend6toNG32JUKS9xqQk"
    "ix7NIN55VuV6eIQIFvD/PUc4BWmWCgupeKBi6l08Vp91Cr210tTivvK6kc69sfbyXTGolt"
    "d8Q942lbZKLNwl0SU3Bgl1TNYVH32+fwv+G2hek7mhaPvITB5v1QHRFqoy4/I7TfZzi86z"
    "rPRyF2sHN5UaRgrDddm0ppUf5MeqQ9GKfJozm38dAux31vBJubMFVyJJ7BTnoTF7Mk1Z7Y"
    "E6ZOrZxvkJpcZY2qbEzSp46DyZuSwTwwFUXOzbPaE7e5JyrBGUMqC52pFqVazw65CTbjca"
    "CH749QeVQ+Z392F90wj/JkPx5lZz8eJbIfvUm4xF4ZpazO4aw2ytSNsskcqz9M2x69Ows3"
    "RRq02WSJ2Wqt3+ZaD/ty0bqyIZI9tIM2U3wTJlUBDnvN95C7b3JVDXyzoGjgm2TNQHiim3"
    "qIQ3a6S4hk+8diPs1Guba8lSfdzP7+f4+6ELE="
)
