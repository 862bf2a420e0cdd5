-- One schema for SQLite and PostgreSQL: only types both understand.
-- Times are integer microseconds since the Unix epoch (UTC), durations integer microseconds:
-- PostgreSQL's own resolution, and exact in both engines.
-- Enumerations are stored as lower-case words (see ArchiveColumns), never as ordinals.

CREATE TABLE campaigns (
    id                  TEXT PRIMARY KEY,
    model               TEXT NOT NULL,
    suite               TEXT NOT NULL,
    samples_per_problem INTEGER NOT NULL,
    temperature         DOUBLE PRECISION NOT NULL,
    top_p               DOUBLE PRECISION NOT NULL,
    max_tokens          INTEGER NOT NULL,
    seed                INTEGER,
    top_logprobs        INTEGER,
    created_at_us       BIGINT NOT NULL
);

CREATE TABLE rollouts (
    id                 TEXT PRIMARY KEY,
    campaign_id        TEXT NOT NULL,
    problem_id         TEXT NOT NULL,
    sample_index       INTEGER NOT NULL,
    model              TEXT NOT NULL,
    request            TEXT NOT NULL,
    completion         TEXT NOT NULL,
    finish_reason      TEXT,
    logprobs           TEXT,
    prompt_tokens      INTEGER NOT NULL,
    completion_tokens  INTEGER NOT NULL,
    latency_us         BIGINT NOT NULL,
    cost_usd           NUMERIC NOT NULL,
    verdict_status     TEXT NOT NULL,
    verdict_reward     DOUBLE PRECISION NOT NULL,
    verdict_detail     TEXT NOT NULL,
    verdict_isolation  TEXT NOT NULL,
    verdict_elapsed_us BIGINT NOT NULL,
    created_at_us      BIGINT NOT NULL
);

-- A rollout's id is derived from (campaign, problem, sample index); this index serves the
-- campaign read in that order and refuses a second rollout for the same slot under another id.
CREATE UNIQUE INDEX rollouts_campaign_problem_sample ON rollouts (campaign_id, problem_id, sample_index);

CREATE INDEX rollouts_created_at ON rollouts (created_at_us);
