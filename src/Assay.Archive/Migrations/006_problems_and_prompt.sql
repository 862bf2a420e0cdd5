-- Which of the suite's problems a campaign runs (--problems: a glob on ids; --limit: the first N) and what it adds to
-- every request (--system; --stop as a JSON array of strings), so a resumed run asks exactly what the first did.
-- NULL: all problems / no limit / no system message / no stop sequence.
ALTER TABLE campaigns ADD COLUMN problem_pattern TEXT;

ALTER TABLE campaigns ADD COLUMN problem_limit INTEGER;

ALTER TABLE campaigns ADD COLUMN system_prompt TEXT;

ALTER TABLE campaigns ADD COLUMN stop_sequences TEXT;
