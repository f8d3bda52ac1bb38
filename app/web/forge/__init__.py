"""The routes of the Forge protocol: the guard of every Forge call (`auth`) and Forge's events."""
