"""The database: its setup and migrations (`setup`), the hand-written statements of the hot paths, one
module per aggregate (`statements` holds what they share), and the SQLite client that reads on the
event loop's thread (`sqlite_client`). Models live in the top-level `models/` package."""
