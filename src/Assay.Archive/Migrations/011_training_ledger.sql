-- The compute ledger of training runs (assay train, assay economics): one row per round, written when the round is
-- done, so a run stopped mid-round resumes from its last row. FLOPs are DOUBLE PRECISION (they pass 2^53 on real models);
-- cost is NUMERIC as in rollouts.
CREATE TABLE training_ledger (
    run_id            TEXT NOT NULL,
    round_number      INTEGER NOT NULL,
    route             TEXT NOT NULL,
    checkpoint        TEXT NOT NULL,
    campaign_id       TEXT,
    parameters        BIGINT NOT NULL,
    sampling_tokens   BIGINT NOT NULL,
    sampling_flops    DOUBLE PRECISION NOT NULL,
    training_tokens   BIGINT NOT NULL,
    training_flops    DOUBLE PRECISION NOT NULL,
    teacher_flops     DOUBLE PRECISION NOT NULL,
    verifier_seconds  DOUBLE PRECISION NOT NULL,
    wall_seconds      DOUBLE PRECISION NOT NULL,
    rollouts          INTEGER NOT NULL,
    verified          INTEGER NOT NULL,
    cost_usd          NUMERIC NOT NULL,
    heldout_problems  INTEGER NOT NULL,
    heldout_samples   INTEGER NOT NULL,
    heldout_pass_at_1 DOUBLE PRECISION NOT NULL,
    heldout_low       DOUBLE PRECISION NOT NULL,
    heldout_high      DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, round_number)
);
