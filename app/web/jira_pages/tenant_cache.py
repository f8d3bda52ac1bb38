"""The tenants one worker has seen, with their decrypted secrets, for the deploy panel's fast path.

An entry saves a panel load one round trip (the tenant row) and one decryption, and it is only ever a
claim to be checked, never an answer: the statement that serves the load carries
`tenants.unchanged_condition` (the row is still installed and enabled, with the same stored secret and
URLs), and a load whose statement finds no deploy rows asks the row directly (`tenants.is_unchanged`).
So with several workers, each holding its own entries, an uninstall, a disable, a secret rotation or a
new base URL recorded by any of them takes effect on the very next load in all of them: the stale
entry fails its check, is dropped, and the load goes to the uncached route, which reads the row.

Only installed tenants whose secret decrypts are kept, at most `max_entries` (the oldest go first).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crypto import SecretBox, SecretDecryptionError
from app.jira_sites.tenants import find_tenant, shared_secret
from models.tenant import Tenant


@dataclass(frozen=True, slots=True)
class KnownTenant:
    tenant: Tenant
    secret: str = field(repr=False)


class TenantCache:
    def __init__(self, secret_box: SecretBox, max_entries: int = 10_000) -> None:
        self._secret_box = secret_box
        self._max_entries = max_entries
        self._entries: dict[str, KnownTenant] = {}

    async def get(self, client_key: str) -> tuple[KnownTenant | None, bool]:
        """The tenant of a clientKey and whether it was read from the database just now (a copy read
        just now needs no check). None for unknown, uninstalled or undecryptable tenants."""
        known = self._entries.get(client_key)
        if known is not None:
            return known, False
        tenant = await find_tenant(client_key)
        if tenant is None or not tenant.installed:
            return None, True
        try:
            known = KnownTenant(tenant, shared_secret(tenant, self._secret_box))
        except SecretDecryptionError:
            return None, True  # the route logs it when it meets the same row
        if len(self._entries) >= self._max_entries:
            del self._entries[next(iter(self._entries))]
        self._entries[client_key] = known
        return known, True

    def forget(self, client_key: str) -> None:
        self._entries.pop(client_key, None)
