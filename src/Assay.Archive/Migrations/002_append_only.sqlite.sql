-- Rollouts are append-only: the archive has no UPDATE or DELETE path, and the database refuses one too.
CREATE TRIGGER rollouts_reject_update BEFORE UPDATE ON rollouts
BEGIN
    SELECT RAISE(ABORT, 'rollouts are append-only: UPDATE is not allowed');
END;

CREATE TRIGGER rollouts_reject_delete BEFORE DELETE ON rollouts
BEGIN
    SELECT RAISE(ABORT, 'rollouts are append-only: DELETE is not allowed');
END;
