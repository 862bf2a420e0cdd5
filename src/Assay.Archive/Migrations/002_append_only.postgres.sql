-- Rollouts are append-only: the archive has no UPDATE or DELETE path, and the database refuses one too.
CREATE FUNCTION rollouts_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rollouts are append-only: % is not allowed', TG_OP;
END
$$;

CREATE TRIGGER rollouts_reject_update_delete BEFORE UPDATE OR DELETE ON rollouts
    FOR EACH ROW EXECUTE FUNCTION rollouts_reject_change();

CREATE TRIGGER rollouts_reject_truncate BEFORE TRUNCATE ON rollouts
    FOR EACH STATEMENT EXECUTE FUNCTION rollouts_reject_change();
