-- Encrypted recovery blobs: one per /cloud-init session, so its owner can get it back after a restart.
-- Times are Unix milliseconds. The blob is AES-256-GCM; session_id, user_id, guild_id and expires_at
-- are bound to it as associated data, so none of them can be changed without the blob failing to open.
CREATE TABLE recovery_blobs (
  session_id        TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL,
  guild_id          TEXT NOT NULL,
  encrypted_blob    BLOB NOT NULL,
  -- NULL until the session's first deployment starts.
  deployment_status TEXT CHECK (deployment_status IN ('ACTIVE', 'COMPLETED', 'FAILED', 'INTERRUPTED')),
  created_at        INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL
) STRICT;

CREATE INDEX recovery_blobs_by_expiry ON recovery_blobs (expires_at);
CREATE INDEX recovery_blobs_by_owner ON recovery_blobs (guild_id, user_id);
