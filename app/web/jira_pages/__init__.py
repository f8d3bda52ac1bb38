"""Pages and calls from inside Jira, on Connect and on Forge alike: the deploy panel with its whole hot
path (`panel`, `panel_fast_path`, `panel_pages`, `tenant_cache`), Forge's panel (`forge_panel`) and the
admin page of both platforms (`connect_admin`, `forge_admin`, sharing `site_admin`)."""
