-- Who runs a campaign now: one row per campaign while a process holds it (CampaignLease). The holder renews
-- expires_us while it runs and deletes the row when it ends; another process may take the row over only once
-- expires_us has passed by the database's own clock (so the clocks of the machines do not matter), or when the holder
-- is known to be gone. since_us is when the holder took it; heartbeat_us its latest renewal.
CREATE TABLE campaign_leases (
    campaign_id  TEXT PRIMARY KEY,
    owner_host   TEXT NOT NULL,
    owner_pid    INTEGER NOT NULL,
    owner_token  TEXT NOT NULL,
    since_us     BIGINT NOT NULL,
    heartbeat_us BIGINT NOT NULL,
    expires_us   BIGINT NOT NULL
);

-- What the latest run said of its campaign: status 'running', 'completed' or 'stopped', the reason it stopped
-- (budget, cancelled, interrupted, terminated, infrastructure-threshold, refused, archive-failure, lease-lost), and the
-- rollouts it planned (problems x N), so reports tell a campaign in progress from a finished one without a suite file.
CREATE TABLE campaign_states (
    campaign_id   TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    reason        TEXT,
    planned       INTEGER NOT NULL,
    updated_at_us BIGINT NOT NULL
);
