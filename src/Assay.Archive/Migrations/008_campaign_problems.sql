-- The problems a campaign runs, stored with it when it is created (and again, as a no-op, when it resumes), so reports,
-- reverify and the results service read them from the archive instead of from a suite file that may have moved or
-- changed. One row per problem, in the order the campaign runs them (ordinal from 0).
-- check_kind is 'exact_answer' (answer holds the expected text) or 'python_tests' (test, entry_point, entry_points as a
-- JSON array of every entry point, calls_check 1 for HumanEval's check(entry_point) and 0 for MBPP's statements that call
-- the entry points by name, timeout_seconds). release_date is yyyy-MM-dd, NULL when not known.
CREATE TABLE campaign_problems (
    campaign_id     TEXT NOT NULL,
    problem_id      TEXT NOT NULL,
    ordinal         INTEGER NOT NULL,
    suite           TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    check_kind      TEXT NOT NULL,
    answer          TEXT,
    test            TEXT,
    entry_point     TEXT,
    entry_points    TEXT,
    calls_check     INTEGER,
    timeout_seconds DOUBLE PRECISION,
    reference       TEXT,
    difficulty      INTEGER NOT NULL,
    release_date    TEXT,
    PRIMARY KEY (campaign_id, problem_id)
);
