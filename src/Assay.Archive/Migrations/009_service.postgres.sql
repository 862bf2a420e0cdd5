-- The results service (issue 11): its API keys, its audit log, and the per-problem tallies its leaderboards read.

-- A key is shown once when made; only its SHA-256 is kept. The id is the key's public part (it is also in the key's
-- text), so a request's key is found by id and then compared in constant time with the stored hash.
CREATE TABLE api_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    tier          TEXT NOT NULL,
    key_sha256    TEXT NOT NULL,
    created_at_us BIGINT NOT NULL,
    revoked_at_us BIGINT
);

-- Who read what: one row per request to the service (key id NULL: no key, the public tier).
CREATE TABLE audit_log (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at_us       BIGINT NOT NULL,
    key_id      TEXT,
    tier        TEXT NOT NULL,
    method      TEXT NOT NULL,
    path        TEXT NOT NULL,
    status      INTEGER NOT NULL,
    elapsed_us  BIGINT NOT NULL,
    remote      TEXT NOT NULL
);

-- Counts per (campaign, problem, UTC day of the rollout's own time), kept current by the trigger below in the same
-- transaction as the rollouts themselves, whichever process writes them. Leaderboards read these instead of a
-- million rows; the public tier's embargo cut-off falls inside one day, whose rows are read from rollouts directly.
-- samples: scored rollouts (neither infrastructure failures nor refused requests), the n of pass@k; passed: its c.
CREATE TABLE rollout_tallies (
    campaign_id TEXT NOT NULL,
    problem_id  TEXT NOT NULL,
    day         BIGINT NOT NULL,
    attempts    BIGINT NOT NULL,
    samples     BIGINT NOT NULL,
    passed      BIGINT NOT NULL,
    tokens      BIGINT NOT NULL,
    cost_usd    NUMERIC NOT NULL,
    PRIMARY KEY (campaign_id, problem_id, day)
);

-- Bumped by every statement that stores rollouts: the service's caches compare it to know the archive has not changed.
CREATE TABLE archive_version (
    id      INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);

INSERT INTO archive_version (id, version) VALUES (1, 0);

INSERT INTO rollout_tallies (campaign_id, problem_id, day, attempts, samples, passed, tokens, cost_usd)
SELECT campaign_id, problem_id, created_at_us / 86400000000, COUNT(*),
       COUNT(*) FILTER (WHERE verdict_status NOT IN ('infrastructure', 'refused')),
       COUNT(*) FILTER (WHERE verdict_status = 'passed'),
       SUM(prompt_tokens + completion_tokens), SUM(cost_usd)
FROM rollouts GROUP BY 1, 2, 3;

-- One statement-level trigger per INSERT (the archive writes a batch as one INSERT ... SELECT FROM unnest). Rows are
-- upserted in key order, so two writers touching the same tallies lock them in the same order and cannot deadlock.
CREATE FUNCTION rollouts_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollout_tallies (campaign_id, problem_id, day, attempts, samples, passed, tokens, cost_usd)
    SELECT campaign_id, problem_id, created_at_us / 86400000000, COUNT(*),
           COUNT(*) FILTER (WHERE verdict_status NOT IN ('infrastructure', 'refused')),
           COUNT(*) FILTER (WHERE verdict_status = 'passed'),
           SUM(prompt_tokens + completion_tokens), SUM(cost_usd)
    FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, problem_id, day) DO UPDATE SET
        attempts = rollout_tallies.attempts + EXCLUDED.attempts,
        samples = rollout_tallies.samples + EXCLUDED.samples,
        passed = rollout_tallies.passed + EXCLUDED.passed,
        tokens = rollout_tallies.tokens + EXCLUDED.tokens,
        cost_usd = rollout_tallies.cost_usd + EXCLUDED.cost_usd;
    UPDATE archive_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER rollouts_tally AFTER INSERT ON rollouts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rollouts_tally();

-- The rollout list's filters, each newest first (keyset paging on created_at_us, id).
CREATE INDEX rollouts_model_created ON rollouts (model, created_at_us);
CREATE INDEX rollouts_problem_created ON rollouts (problem_id, created_at_us);
