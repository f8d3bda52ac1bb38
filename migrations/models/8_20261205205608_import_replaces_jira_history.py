from tortoise import BaseDBAsyncClient

# An import replaces a code deployment's deploys in one environment; Jira must then forget those it was sent.
# Each environment counts the imports that replaced its deploys (history_generation), every deploy sent to Jira
# is tagged with its code deployment, environment and that count, and an import queues a `remove_history` row
# per site and per tag it replaced, which deletes exactly those (DELETE bulkByProperties). A deploy sent after
# the import carries the new count, so no order between the delete and later pushes can remove it.
# On PostgreSQL the kind's column comment lists the new kind too; SQLite has no column comments.

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
        ALTER TABLE "environment" ADD "history_generation" INT NOT NULL DEFAULT 0;
        ALTER TABLE "jira_delivery" ADD "history" VARCHAR(64);"""

UPGRADE_POSTGRES = r"""
        ALTER TABLE "environment" ADD "history_generation" INT NOT NULL DEFAULT 0;
        ALTER TABLE "jira_delivery" ADD "history" VARCHAR(64);
        COMMENT ON COLUMN "jira_delivery"."kind" IS 'DEPLOY: deploy\nREMOVE_CONNECTION: remove_connection\nREMOVE_HISTORY: remove_history';"""


DOWNGRADE_SQLITE = r"""
        ALTER TABLE "environment" DROP COLUMN "history_generation";
        ALTER TABLE "jira_delivery" DROP COLUMN "history";"""

DOWNGRADE_POSTGRES = r"""
        ALTER TABLE "environment" DROP COLUMN "history_generation";
        ALTER TABLE "jira_delivery" DROP COLUMN "history";
        COMMENT ON COLUMN "jira_delivery"."kind" IS 'DEPLOY: deploy\nREMOVE_CONNECTION: remove_connection';"""

MODELS_STATE = (
    "eJztXXtz27ay/yoY/RNnRnES53mVO3dGtpXUjW352nJ72qjDQiIssaYAHYKyop7b7353AV"
    "J8y6RephTOdBqLxILkLh67v33gP7WRMJktDzuMU+7WGuQ/NU5HDP6I3amTGh2Pg+t4waU9"
    "WzV1gzY96Tq0jz3dUVsyuGQy2XessWsJjm2b5GfLoURaLiPukLrE4tKlts1M+MkIPKQOfz"
    "hiMhiSE8E567t18lk4A0aEQ3rCHR7ig0zRhydZfLCmPru8y5v+TZ+eWJLcsxl005sRy5Wk"
    "b1uMu1/Z7BOhXgdeU4rf5zeLXLNMQrnqAd6ly/Eln2FPYmLivanlDv23hOu6U8YfLEfwET"
    "zskMxf64XgLyIPJX3qOBaTuuf4U10h6kQK9X0EGz7A53L4jxFHTNVLhXk2Eg/Q050jRnM2"
    "uMJ7n3vGxrLL2QNzZu4QuE5si98jewV8MDm4w1aHI5N0J69e0Q9Hh++fKylNuPXvCTNcMW"
    "Dwig7I6tsfcNniJvvOpP9zfG/cWcw2I8PPMrEDdd1wZ2N17Yy7n1VDHAA9oy/syYgHjcfw"
    "boLPW1t6SA4YZw51GXbvOhMcknwCbNJj1x+l+k2DJvoVQzQmu6MTGwc2UusXCK7VDOOy3T"
    "FuWh3DqCUGvU8RGrPepb7gOGHgVaX6+gG+wouj128/vP345v3bj9BEveb8yod/9KMDxmhC"
    "xZ7LTu0fdZ+6VLdQPA6YqsevAWM6ydyTIXXSuRulinEZXj/OZZ+nITZ7TNwol2vzYauWIw"
    "kj3Z7F14oMvo/od8NmfOAOkdnv3i3g8i/N65OfmtcH0Oo59i5gvdPL4KV360jfQ1EErJfA"
    "XmYakvUd5ia532HfM8Z2gnAtAvCbBBII1us1i+ATLGd9ZzaGd9Or3Y36lGPxvU7GE2csJC"
    "PPNMFh5GOf5RPeAll1Wv/qYCcjKf9th0V0cNH8l5LeaObdOW9ffvGbh0R6ct4+jkmyRyUz"
    "Jo5dZAqFaZaSX2KdSgpwqwvV5ieMacmxTWdFOR0j29Bk2TNejx1hTvquZlMBZsfpNjW0k2"
    "tT7S/Q+Gpb4fiboxwMf3OUyW+8FWW3Uv6MNA1n0SYc0OzdoH7/NgeL37/NZDHeirI4rAwX"
    "5HQKaXl1HrQckoZIHTT7Huyk5Pb27LQ0KpCyEoyQbVNQMFn0JVaISjMfNO/o2DKWUV/Sqf"
    "eP7xsc9nImXTYCU/ie8SLqfzp1iVlfy6/tJ7+tpCq/flH1hgb7PrYcJg2aYsWdAvNda8QW"
    "iTKtl5g4Ta+bQ/+P8ggX9xvpCjDSiJYb0XKTBL6oQSgnwjaZo68ShRgRh4FG3mcSNiXOpn"
    "BBcLa6nM8uWjed5sVVRNinzU4L7xxFBO1fPXgfm7fzTsivZ52fCP4kv7cvW0omQroDRz0x"
    "aNf5vYbvRCeuMLiYGtQMc9a/7F9K00hYypZ3LITNKF+ojrC0ra4HhJvSsH3tZAOL7gKxHr"
    "fb5xGJHp/F5+ftxXHr+uC1EiU0slyNDXrgV8BwWGN6xdkdoqqYnZ/ZEz4fp0usjEnqnVkR"
    "1yGHnVvLYEdHvi8h6SjlGqS81HTbpEIJH2i2EXnWI3BHxO5NloVSn4zNJaUepaykXhapp0"
    "x29fbolbu7D7mQ8EKP9u+n1DGNyJ2QgiMl+vrgHe+ZI1O2XY/+89drpmGKlMHgeZ3PsK+O"
    "7qo0S31NMpdMh6DXohbc164OdLYC++Cqa/XhDeXc04yNAke08lCjC73IZhFcDcZVCCFntg"
    "X6tcVWZDa+2qnua7aDcy+TVzhoxZHIGsbJW6OjUfwK5XSgPgmfjU/yeNZ2BpRbf1PvZRNh"
    "E5H79UXBEyLe8rEQimzGVO72crnbpT0ZFIHZ/PbrcaM8LWs3jGeqfwuw1m+/PQ/VboOWpi"
    "W9DQ7UtrEjHiwzdVP/+aZ9memIzeghrv9ZfZf8H7EtmVhA1uYt/O+7Cdd7dW9i2S5sy4f4"
    "vP8p6EHUOs4LT8ch868CrQBxTZtKN6wXTKkkDsPAKpMcwIpsOcS1bFARJJ0RKZ6vDIIh9x"
    "eDnXFcM6YfYgdxsLMy7rIn3m6q+VnG3VJqPnqB7tlsRZ2zOba+sr3SNiOWslzZArqVuSyf"
    "nWTPE1qKO8kv2Gf+gi1lRU5d6V72lUl9+Ep49NgWM4wNWJFZJ/DP6byzfeLZJq1ib1VPsY"
    "eD9T7bEvZ2llxGcK1JQNswEXWhNhF3Kqw9bEofEtynCSU3PzVfHL17j20QkYEHYFi/9mE2"
    "8KckGCkDTV70LJc4lJtiVI+rZpt+XpdLAcR3qEEOqRwiDUVF8Y7hv5RIW0zVQzFuX8Xjh2"
    "En1DbFnX7iydUtJhg4Ft6xyZh6KRMVOlAudOAePivdhG3xyUjx9gzhQ95nCR77tGU2Z2vt"
    "6y/G19ZvDZwnOLG7vHly0rq5MTrtr63LBqH9PpMyCGopavi+fp/D7n0d16kDsxdvxYL0+y"
    "IrAPZxmcyJtxgFS227qAnbPD8H1tt2l1+3vpzddFrXxmnr6rwNcnLYAIxi5njbaDlkAgPH"
    "wBWxCNoTpqnAtEfBNPhqVigecE6wxaFecJyXCUyrEJVs7u8XohKWusMeYGdbRupRyioUpj"
    "ze8aSUEfM1JnIpOcdpd0bSNeUFB+tFId5h9zfmFDsMni3dOmYHo0EyFBNnZah75wZG2DhM"
    "TXTINKBSKB+3pnZhrV+DQZWArNMZnuT2Z7C/rQH/ymYJLT4dAYp78HeM2Vn4D1x26HRu46"
    "cNNvgDOMB0qOdJ8+akedqq/ZPtG9gkoqRg8BQ8yYfHs9Gkid8iB5Q0Zo5Ef91QEAmDBCs4"
    "+IvXjc1geSNT1iO3Z1j2YcRGPYxhT4GAUkCjNfZc4Tflwm/YiFqFrKY5QXlN0pqX22GLKX"
    "P6VOpA+FIYUeWP+NhlE3VMpZwKWK2LQi0JwlJDktQZCH5klWdUO8JeGnD0abc4wvUWVRRy"
    "bP962bpuEDGFN+ry5unFGaK/5sjiXX7RwgyTBgn1/OSQY4XXZLN+f/EaZY2jkmZYfFljPk"
    "q+M/b8D4ncSCYlGj0PoKKnmoyZGnIK5fYM9FcFF18QntQV7HBwYu02MXEbRNVyI4w6tgU2"
    "h/dFhHFT5lyD16JdV3BJBZeUgtl7ApdEouFSYJN4tFw2fBKJ0cuJo/AIaPHChjXGDsdDuw"
    "ILBKieidcz4h5eeBsZW/17SVQpSukiBpICqGzkERWyUi5kxY+rX9YwCtOX2hz9+ey62SBY"
    "yqzL8W/j9ET/NMx+lx+fdY5vT762Og3Ss9zeBAazWw4DqQoY2CwqULA8U/kLS9a4cEbUtv"
    "7GGEjZH7IRa7x8OYRF+FtjLBz3j28vMU7xj9LgMkGwZ0ogcXa1phjZbpRpwiSgUHGmyM5/"
    "GPqikhZn6k+kK0bGkFFY8g28WihPLYN8d5PU1mHMbyaxLMzpYtMqQbkPMyvyUSWdXFPh3M"
    "sx7RdyvUSIyrvjq2Jmx75mReZvjR5YGqhcIfOiNNsTlu1XxqqXnLJUvHKsjy0Kasy4iRws"
    "KK8v183LTuu0QQYO5fBKXX7Vujw9u/zSIF6PGNT8+fYG2zjsbrKk//JjDoF9zBTXx4QuoX"
    "lsSDFxik2kJGWJZ5Ny6Bh4MERdO3d0LPmYOSNLo4vC0TcMOkYTjdrLCGf95ZhhBbbdYcqR"
    "CAsLxYWoqkJx+QvFKTcJcxyRYt1nKwBRqhJv/mvxpGxESx6y/nLRyFHKnfFp1eaVmtQZN1"
    "iLQUerSjy45kDSB3gCMy23TjoMrw9ANquXZNg5N1jl7M7eePbX2V252zbt0NQ1rovxNkKz"
    "FFf3rhJe5QXdZS9ockKsgcnBkYQ/2mTIK5/IOhKRDHwDubw9P1/koH66wiPl1NG3W0PD51"
    "aK9z7EyGzH/TjUaK2lJL8lFktVr/CPylX+w5aYfGqVrSoyuS3mbqbIpH7n8JFORdidQb5N"
    "HFuff+d7BnZwiFfWfzbr99f6jzgii5moaaQltlSfzPyvAJbKki+h6VJfhyWfiA1ekdelPO"
    "1h7axOWzlXsM1DWs+K9nkrqj/tyUiPueCr4qBPDWyEh1kKuBEbhdkAR0zdXzfIEcJPKnyj"
    "wjfKY4JX+Mau4Rsqk0NxKZXJj4foRTrYIq4x4SNYf5k/AnJ7Qq6u26e3J52z9mWDBNhIl4"
    "O5+kWF6cF3DlSYXgdMWHXFZdJVV05bv7TO21cXrctOg5iY1yXGuMZ3+e3lRfPqCmP6Iu/1"
    "5FkwQwurpcwMTwTFcojTiUubRvxkdnQFUGWzen8BKk8JKwacRIkqzORxzCSk665owu/f4R"
    "L1mPkeHV1Fk77DTg80HFe0QE/nBbr3hNsbtTxj9nqK8Zm06LPtzxiWkMsGxeMjhpQPGNGh"
    "/DrFxBtSDVUzFVZQCzWCZ5J4Q6SOAfMHWOqf/AnfNqH2n89V+IhHBy315bg6tNmndbnuXB"
    "6SM1cStLjwtAo9wlR9w2G0eiHpsT6dSBavLw893l6fE5VyRwSengGUXR4hxdMusL+A36pS"
    "onoR7+ueBe/AhQt3H6htmepaHZrARfUY2Cz7Q3iQ5Wbl/FcBDhUAUK7VsgIAdhsACNZZo2"
    "BKf5KyvJlfS3L89atXr/KY5NAs2yhXN2MHhuzUuTpKnSiKs5y0T1sNgpRdftG8vG2eNzJU"
    "gTyCWHe6Y2Wx/4AWexXvsGkkrMJEqjiS0tjr9XXEkVTwUwU/lYPbxeCnWFxJVl0Hn6Ntzj"
    "oC/pcvsORm3tt+hEH9swRY5/EgA6gLOPQISBcI5nGA7tchcxihSqkOoU14kqoYjSxXn9qK"
    "+pvO9aJeozB8ha3kkDbU+R2BBUcQx0pgdJt+YJernrHGGjnAyht8RgZ44CwbCZc9r5Op5e"
    "pstNDBtq7QT4R2B/MyRnXCsVowPElMOcE58bwqm1lCqOyHKZv5BYyZ2+MGDufhpNfl+rfR"
    "uuy0rq+uz25a/i0DhjVzxo4lmWp13tRU8MLp5TW7vPn77XXLOG390r66aRD698RBsP9BjG"
    "WXn9zedNoXBnQExreu3gWdLWNyH+WB8o6yobyjBJQXzP7lYKZyQ0w1dXbES/zYericL3WH"
    "ym8B6udL7+JL/KalZLL/lTzXIIhg3ONOZePGc3t9vgy/N4X/4THyBdkeIikx63Gvbl6daW"
    "+eZPbdC9zcmUm+WO5Pkx7OA/jrnPbKJI2eA3tNoROFAoqSy0LrY3i2gnrjT4SNxu6s4fkr"
    "VUeomJVmLZoftB6VRHbVrTlBiQtuBdU28/F523W3cIsyLN63J2axurQJwqoi7WLhLFGRVv"
    "GYfV9SOGHCSjhrF07lR8reLPbXjzQZm0tKPUpZSb0sUvd5FBL7Y/l5xXxc6cTr8XXtPGCU"
    "8HRlOwmSGHimgJLS8UHunA6b1VMon1Qyeb026UMzh/dmpXhXzz2TAp8Hjpts6NwM2jyKmo"
    "PA/VDTA4pQ9HP/+OoYrK3DL9Xpc3AzlML5SVWF9iM6/b4sN3EM3Saf5Ye0huJlo4GwdTId"
    "Wv0hGVIJHfyJXP1TxabCjxBL/GvzsYyvmR1umjKpYsmtQJ6IP/0Wb4Rbmm5VYe1bC0sd0i"
    "KYhte8zKj6klF8b/OgRm+zMaO3CcRIDeeCup9Psx2t7wl2mh1U8pK6PRbEFI7BRtQqBs/G"
    "6MqLC5Yp+NjjWtEY7xhZxes8vN5PlLtMHHbpoBBC57evgLm1A3N4xEshWcwJyiEMfOzeCK"
    "P8KTzFDxKKWmjPJPFfuhQrUfhtE4zPdqbFyHaK/7F3L5+XzRrhKaIsxdJdeIZTmGyLhzjN"
    "rxQQyp0jRkS/rwcZyAbxiojgEYNyyEwM39MF5aUK07uz7JwJQQvktcazn7zARkO61J2k7C"
    "CLDkKLU25x/gysB1a0wK8PuIXiUA9P9EfczL/h6UvY+HwtfCBXgrDMIQLT4cw7m8GcQ3wD"
    "+sAwNdz7kHIuaz6XuUiDRB6Xjk9XZuGww8EhliRQ+Gt/4uIihsLibIrHcpVbPpWLes+clX"
    "lc1KV1Vj61yNec8BhycxTjcZKw4u/jiY+PungLZ+XtbZ3c+gpu3owRvgZ272cd5zivk5N7"
    "+WTIkHKxajKkVu73iO9R+xprl6+FT6rW+76yCb4TbEXHWpVVaMSf6r7yZNnuUiboEkm2pi"
    "X7wmfF6im2OE9Pw13uEXcLBwl5y1ZmqFCwrD0WMGT0g6ZrLcmeCH/xApSqiJetRrw47MGS"
    "qZj3ovTCgKaKfckR+zJiUsJ0LYL1hEjK61NYS7jLJhCcKkhi6wEpVfjPdtyUTxtGV06tqe"
    "zwY64wun3LKV921uTLWD5alLF8lJKx7KmzhZTICE0FNj4ONgZJBiuCXntXiqoew7siQ6so"
    "1FXI4l7KgNR4Tqb9OId7HjUfrXnLHMXUVZSDoiD3DJ271J0XSApVUEKQEGgOybkQ98wkkz"
    "HpzRSF4ARrGs3ImHJmE1tQsw7dOGIyGBKaiHLZwiO7XA1E3fFQgARChc+JK4QuLKCJ0bkm"
    "VfknLxZEVXMSE5X7YmLqC7TFiutiKgm+qG2TA3USz/+eWy6wdEjtO11I4ujdqxfeQ1TfWE"
    "7dhWmkMmmm+D+vKJTX66hBeoz3hy9hR4MJIV9Oh7PDkZlZEupbaK7rIxCBGSlJLcG9enjQ"
    "V1b+Vq38iBTyahgRoj208zcURlipGZWaUakZj6kZEV9Iip4R95VkKxrqND0z3PRRTaODR5"
    "lM3J743iBT3JhHE+nC/mjZts4yVSmmLuNUVW4MnN0SKzUdkl8dy4W7/qko8DQuqQ5Hx30+"
    "oWZs+HldjvGiLKJZYG1IrAn54F2GkcKZInleJ32bgrlvogqDuo5mHZkK55455E5l09qMIu"
    "cw8VWViezyIcjVq0/JQR8aqQhVdRCLq7JyLQnKD3wW7TtCSng4TD4H611iF14bGDpg/trM"
    "hDGBBFIpIlOrz3KWnvxWC2JFw7GwnH13DQpMGo3x30q/2K5+sWOHMwT7R5GQxtPW1Xn7t4"
    "Y3w7r8unXR/qVlnLQvL1ve6Zh6xhnBZJu3+unsptO+/m3exIvxji8VufSWtVeZDN63aNRb"
    "jK7Myosq7qYtPe+0dliLBVhTmMdE1FFWWCH3E1h1Y1jF7lxogKaYEljuIzjWHCwXGiZ51f"
    "YQSYkDhJfU2dd/WJKuL2RIBl8Ly5MB61UvrdjusTXInAfZfezNya//dXT05s2Ho1dv3n98"
    "9/bDh3cfX82HdvLWojF+fPYFh3lEPslxH97bC2T+hMlKnvnjJyn52T6NuVamlx4NKqFqhn"
    "BPvtVnO/k+i/J8Ht/unyTXZ8w4Al1Fd/yr1uWpOs7ao8fjrM/Pfmld46nVnt7MzC7/3Dw7"
    "x0t31LLzVqzcdA6QpwynyClzGQuT7M3CtbatOG5iJPi62AmbQr6H+SH75JD11mNjwt20yI"
    "ZHMoHixDvjfK9RDwl4JjUK8Imw72MLFjr9U59gMd+sBiD7lXennRsbNpVu8fTKKNU+aOfb"
    "DuzS3qkkz7OrVAQUK5Wp2NLcQ9gT5t3RqyNCuZwyBwEDPP8AplqQiSLrZMIRSeOB63L1XM"
    "qq3O+WLdv9zaWsyv3um9RTdsWUPJmn8H2WbEdct9mhvULFmBqhKTMmWxaHsmZYksOFHcqd"
    "eUc7xuC8DuXI0Ho8FXb7nvqSLQc776iPZ9al+OpTku8WHeGIjY1I9l+e2ED8moEjJtwkf4"
    "leQx9omBKppysquTJcFqa4x37Dz0vx2AdeeXWCo+eBB/PknqlWOn6gDu8BL+m3wpcUd3d1"
    "oooZYVSiBo/hPemscqmXfUeqL3Cp/9AoO+inDWIKzipsvcLWaxW2vnf46Q+Krf+Qsq6w8q"
    "fByvc/hoJyMg+j8BXzBXEUoMevDJKvs25qBY3vGUhaQeM/otTLC43vn8WcwHCLgGKPw5IF"
    "j7tbPn1oJ465K4pJroQz3lgDfsab2oirpaCM0Qb1RRijhKaGxX2TMB/EiAfRIeELixOPsE"
    "76AowMzPcFQYEuoVJ17hTchy53dcocURVM6uoiLAiwZsg66Ql3+Fyl0iB253gFOBIH323w"
    "eV1uWyMLuvQgSASaeogoSqGTkVk46WfsiD50pJ+vYUkJ7PdfTObGEr10UY9O71bQ6FvsSo"
    "UlbjU9p1ji7/6m/L45ylNbBFplgoHqXioauJROF6fdQ61ud7U4rbyvpHKsb3+8lUxrJLbd"
    "EfeMp22RiTYLd0lMeIJdUjWHRd1vn8MXh9sWJktpWjx+FQab90N1RKiNuvyM0H6f4fCu66"
    "wqhdjBzuVFlIKx3nRtKqVF+TPpkfZgnCaPid3GQ7sc970RbG7CVGmrY4o+tomL+atqT+wJ"
    "Uye9zjdITa7yeVWeLOlTx8G0WslgHpiKIufmWe2J29wTleCMIZWFzveLUq1nh9wEm/Fo2q"
    "N371F5VP5nf3Y/fb6dNwmX2CujlNWZsNVGmbpRNplj9Ydp26N3Z+GmSIM2myx3XK3121zr"
    "YV8uWuM4RLKHdtBmCsHCpCrAYa/5HnL3da4Klq8XFLB8naxfCU90Uw8UyU59CZFs/4jWp9"
    "ko15bD8qSb2T//Dxf5CsI="
)
