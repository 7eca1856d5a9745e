-- One approval policy per server, set with /cloud-policy. Sealed (AES-256-GCM under a key from the
-- server secret, guild bound as associated data) because project budgets name project IDs.
-- A server without a row has the default policy (src/policy/policy.ts).
CREATE TABLE guild_policies (
  guild_id   TEXT PRIMARY KEY,
  policy     BLOB NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
