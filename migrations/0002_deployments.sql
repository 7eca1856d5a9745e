-- Deployments outlive the 30-minute session that started them (a VM keeps running), so they are keyed
-- by project, not by session: a later session for the same project finds them, to resume or destroy.
-- project_key is an HMAC of (guild, provider, project ID) under the server secret, so lookups need no
-- plaintext project ID here; everything descriptive is in the sealed `details` blob.
CREATE TABLE deployments (
  id          TEXT PRIMARY KEY,   -- derived from project, kind and name; also the workspace directory name
  guild_id    TEXT NOT NULL,
  project_key TEXT NOT NULL,
  session_id  TEXT NOT NULL,      -- the session that last acted on it
  user_id     TEXT NOT NULL,      -- who last acted on it
  status      TEXT NOT NULL CHECK (status IN ('PLANNED', 'ACTIVE', 'COMPLETED', 'FAILED', 'INTERRUPTED', 'CANCELLED', 'DESTROYED')),
  details     BLOB NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX deployments_by_project ON deployments (project_key);
CREATE INDEX deployments_by_status ON deployments (status);
