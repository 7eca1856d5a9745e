-- The audit trail: append-only, one global hash chain. Each row's `hash` is an HMAC (keyed from the
-- server secret) over its own columns and the previous row's hash, so a row changed or deleted with a
-- database editor breaks the chain at that row, and cannot be re-chained without the secret.
-- In clear: who (Discord user ID), where (guild), what (action), when, and opaque IDs (deployment ID,
-- project tag = HMAC of guild + project ID). Project names, IDs and the facts of each action are in the
-- sealed `details` blob, as for deployments. Credential content is never recorded, sealed or not.
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,  -- 1, 2, 3, ... with no gaps: a gap is a deleted row
  at            INTEGER NOT NULL,     -- Unix milliseconds
  guild_id      TEXT NOT NULL,
  actor_id      TEXT NOT NULL,
  action        TEXT NOT NULL,
  project_tag   TEXT,
  deployment_id TEXT,
  details       BLOB NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
) STRICT;

CREATE INDEX audit_log_by_guild ON audit_log (guild_id, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The newest row's seq, moved in the same transaction as each append, with an HMAC over it and that
-- row's hash: rows removed from the end of the chain show as missing, and the head cannot be moved back
-- without the secret.
CREATE TABLE audit_head (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  mac TEXT NOT NULL
) STRICT;
