-- Infrastructure failures get their own status word. Until now the campaign engine archived them as 'error' with a
-- detail starting "infrastructure: "; this relabels those rows 'infrastructure' so every reader decides by status
-- alone. It is the one UPDATE the archive ever runs: the same fact under its new name (the detail is kept as it was),
-- not a changed verdict. Doing it here rather than in every reader keeps the rule in one place. The append-only
-- triggers are dropped for it and put back, identical, in the same transaction.
DROP TRIGGER rollouts_reject_update;

UPDATE rollouts SET verdict_status = 'infrastructure'
WHERE verdict_status = 'error' AND substr(verdict_detail, 1, 16) = 'infrastructure: ';

CREATE TRIGGER rollouts_reject_update BEFORE UPDATE ON rollouts
BEGIN
    SELECT RAISE(ABORT, 'rollouts are append-only: UPDATE is not allowed');
END;
