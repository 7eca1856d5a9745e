-- Terraform runs that may outlive the process that started them (applies run detached, writing to a
-- log file). A row is written before Terraform starts and removed once the run's outcome is recorded
-- in its deployment; a row found at startup is a run to re-attach to or to settle.
-- pid/start_time identify the run's wrapper process (its process group leader), so a PID reused after
-- a reboot is not mistaken for it. Paths and IDs are opaque; everything descriptive (who started it,
-- where its progress message is) is in the sealed `context` blob.
CREATE TABLE terraform_runs (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,      -- the deployment's ID (its workspace directory name)
  step         TEXT NOT NULL,
  pid          INTEGER NOT NULL,
  start_time   TEXT,               -- clock ticks since boot, from /proc/<pid>/stat; NULL where there is no /proc
  log_path     TEXT NOT NULL,      -- Terraform's stdout and stderr, in order
  status_path  TEXT NOT NULL,      -- written by the wrapper when Terraform exits: {"exitCode":n} or {"signal":n}
  context      BLOB NOT NULL,
  started_at   INTEGER NOT NULL,
  deadline_at  INTEGER NOT NULL    -- when the run is stopped for taking too long
) STRICT;

CREATE INDEX terraform_runs_by_workspace ON terraform_runs (workspace_id);
