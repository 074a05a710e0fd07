-- Extensions used by person matching (trigram and phonetic blocking keys).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- The audit log is append-only (DPA 2018 s.62). Rows are written without a hash inside the business
-- transaction; the chainer later sets chain_seq, prev_hash and hash exactly once. Anything else is refused,
-- so altering history needs a superuser who disables this trigger, and `audit verify` then finds it.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD.hash IS NULL AND OLD.chain_seq IS NULL
     AND NEW.hash IS NOT NULL AND NEW.chain_seq IS NOT NULL
     AND (to_jsonb(NEW) - ARRAY['chain_seq','prev_hash','hash']) = (to_jsonb(OLD) - ARRAY['chain_seq','prev_hash','hash'])
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
--> statement-breakpoint
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('collection','alteration','consultation','disclosure','combination','erasure'));
--> statement-breakpoint
ALTER TABLE referrals ADD CONSTRAINT referrals_legal_regime_check
  CHECK (legal_regime IN ('DPA_PART3','UK_GDPR'));
--> statement-breakpoint
ALTER TABLE referrals ADD CONSTRAINT referrals_channel_check
  CHECK (channel IN ('public','professional','api'));
