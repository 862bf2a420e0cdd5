-- Which verifier produced each verdict (Verdict.Verifier): its name, version and a hash of its configuration, so that
-- a reward can be audited later (assay reverify). Rows archived before verifiers identified themselves keep '',
-- which reads as "unknown".
ALTER TABLE rollouts ADD COLUMN verdict_verifier TEXT NOT NULL DEFAULT '';
