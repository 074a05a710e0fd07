-- The chair's dashboard lists cases without live consent, without a recent session and with a post-exit review
-- due. Each was a test run on every adopted or exited case of the panel, and exited cases accumulate: 70 ms a
-- view for one council at 1,000,000 referrals. These columns hold what the tests read, kept by the triggers
-- below in the same transaction as each consent, intervention, session and review written, and each list has a
-- partial index of the cases it can hold. The definitions are those of the dashboard (cases.repository.ts).
ALTER TABLE "channel_cases" ADD COLUMN "live_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_cases" ADD COLUMN "last_contact_on" date;--> statement-breakpoint
ALTER TABLE "channel_cases" ADD COLUMN "post_exit_due_on" date;--> statement-breakpoint
CREATE INDEX "channel_cases_no_consent_idx" ON "channel_cases" USING btree ("local_authority_id","adopted_at") WHERE "channel_cases"."state" = 'adopted' AND NOT "channel_cases"."live_consent";--> statement-breakpoint
CREATE INDEX "channel_cases_last_contact_idx" ON "channel_cases" USING btree ("local_authority_id","last_contact_on") WHERE "channel_cases"."state" = 'adopted' AND "channel_cases"."last_contact_on" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "channel_cases_post_exit_due_idx" ON "channel_cases" USING btree ("local_authority_id","post_exit_due_on") WHERE "channel_cases"."state" = 'exited' AND "channel_cases"."post_exit_due_on" IS NOT NULL;--> statement-breakpoint
-- Only what differs is written: the statistics trigger on channel_cases follows every update.
CREATE FUNCTION "channel_case_dashboard_dates"("p_ids" uuid[]) RETURNS void LANGUAGE sql SET jit = off AS $$
  UPDATE channel_cases c SET live_consent = d.live_consent, last_contact_on = d.last_contact_on, post_exit_due_on = d.post_exit_due_on
  FROM unnest(p_ids) AS ids(id)
  CROSS JOIN LATERAL (
    SELECT
      COALESCE((SELECT k.status = 'given' AND k.withdrawn_on IS NULL FROM consents k WHERE k.channel_case_id = ids.id
        ORDER BY k.recorded_at DESC LIMIT 1), false) AS live_consent,
      (SELECT min(COALESCE((SELECT max(s.held_on) FROM intervention_sessions s WHERE s.intervention_id = i.id), i.starts_on))
        FROM interventions i WHERE i.channel_case_id = ids.id AND i.status = 'active') AS last_contact_on,
      (SELECT min(r.due_on) FROM post_exit_reviews r WHERE r.channel_case_id = ids.id AND r.completed_on IS NULL) AS post_exit_due_on
  ) d
  WHERE c.id = ids.id
    AND (c.live_consent, c.last_contact_on, c.post_exit_due_on) IS DISTINCT FROM (d.live_consent, d.last_contact_on, d.post_exit_due_on)
$$;
--> statement-breakpoint
CREATE FUNCTION "channel_case_dashboard_on_case_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM channel_case_dashboard_dates(ARRAY(SELECT DISTINCT channel_case_id FROM changed));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "channel_case_dashboard_on_sessions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM channel_case_dashboard_dates(ARRAY(SELECT DISTINCT (SELECT i.channel_case_id FROM interventions i WHERE i.id = x.intervention_id) FROM changed x));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_consents_insert" AFTER INSERT ON "consents"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_consents_update" AFTER UPDATE ON "consents"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_interventions_insert" AFTER INSERT ON "interventions"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_interventions_update" AFTER UPDATE ON "interventions"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_reviews_insert" AFTER INSERT ON "post_exit_reviews"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_reviews_update" AFTER UPDATE ON "post_exit_reviews"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_sessions_insert" AFTER INSERT ON "intervention_sessions"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_sessions();
--> statement-breakpoint
CREATE TRIGGER "channel_case_dashboard_sessions_update" AFTER UPDATE ON "intervention_sessions"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION channel_case_dashboard_on_sessions();
--> statement-breakpoint
-- The cases already held (only those with something to record).
SELECT channel_case_dashboard_dates(ARRAY(
  SELECT channel_case_id FROM consents UNION SELECT channel_case_id FROM interventions UNION SELECT channel_case_id FROM post_exit_reviews));
