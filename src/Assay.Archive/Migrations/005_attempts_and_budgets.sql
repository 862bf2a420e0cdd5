-- Attempts: a slot (campaign, problem, sample index) lost to an infrastructure failure is asked again by a resumed
-- campaign as a new row with the next attempt number; nothing is updated or deleted. Rows archived before this
-- migration are attempt 0, whose id is derived exactly as before, so they keep their ids and their campaigns resume.
ALTER TABLE rollouts ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;

DROP INDEX rollouts_campaign_problem_sample;

CREATE UNIQUE INDEX rollouts_campaign_problem_sample_attempt ON rollouts (campaign_id, problem_id, sample_index, attempt);

-- A budget belongs to its campaign: the limit (US dollars for the whole campaign) and the price it was planned at
-- (US dollars per million tokens), so a resumed run enforces both. NULL: no limit / no known price.
ALTER TABLE campaigns ADD COLUMN max_cost_usd NUMERIC;

ALTER TABLE campaigns ADD COLUMN prompt_price_usd NUMERIC;

ALTER TABLE campaigns ADD COLUMN completion_price_usd NUMERIC;
