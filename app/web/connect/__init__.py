"""The routes of the Connect protocol: the descriptor, the lifecycle callbacks, the token decorators
every Connect page and call goes through (`auth`), and `whoami` for our iframe scripts."""
