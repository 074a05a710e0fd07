-- The official statistics used to describe every referral of a year from its submission (JSON, often stored
-- out of line) and its judgements, Channel cases, panel decisions and consents: 10 s for one year at 1,000,000
-- referrals. referral_statistics holds that description, one narrow row per referral, kept by the triggers
-- below in the same transaction as each change, so it is never behind the records. The definitions are those
-- the statistics notes state (statistics.service.ts); what they map to (sector, age band) stays in code.
CREATE TABLE "referral_statistics" (
	"referral_id" uuid PRIMARY KEY NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"referrer_org_id" uuid,
	"owning_org_id" uuid NOT NULL,
	"age" integer,
	"gender" text,
	"ethnicity" text,
	"mental_health" boolean NOT NULL,
	"neurodivergence" boolean NOT NULL,
	"concern_types" text[],
	"discussed" boolean DEFAULT false NOT NULL,
	"adopted" boolean DEFAULT false NOT NULL,
	"consent" text
);
--> statement-breakpoint
ALTER TABLE "referral_statistics" ADD CONSTRAINT "referral_statistics_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referral_statistics_submitted_idx" ON "referral_statistics" USING btree ("submitted_at","discussed","adopted");--> statement-breakpoint
-- A referral's own facts: when, who referred, who holds it, age at referral, gender, ethnic group, support needs.
CREATE FUNCTION "referral_statistics_describe"("p_ids" uuid[]) RETURNS void LANGUAGE sql SET jit = off AS $$
  INSERT INTO referral_statistics AS s (referral_id, submitted_at, referrer_org_id, owning_org_id, age, gender, ethnicity, mental_health, neurodivergence)
  SELECT r.id, r.submitted_at, r.referrer_org_id, r.owning_org_id,
    COALESCE(extract(year FROM age((r.submitted_at AT TIME ZONE 'Europe/London')::date, r.subject_date_of_birth))::int, r.subject_approx_age),
    r.submission -> 'subject' ->> 'gender',
    r.submission -> 'subject' ->> 'ethnicity',
    COALESCE(r.submission -> 'concern' -> 'supportNeeds' @> '["mental_health"]'::jsonb, false),
    COALESCE(r.submission -> 'concern' -> 'supportNeeds' @> '["autism_or_neurodivergence"]'::jsonb, false)
  FROM unnest(p_ids) AS ids(id) JOIN referrals r ON r.id = ids.id
  ON CONFLICT (referral_id) DO UPDATE SET submitted_at = excluded.submitted_at, referrer_org_id = excluded.referrer_org_id,
    owning_org_id = excluded.owning_org_id, age = excluded.age, gender = excluded.gender, ethnicity = excluded.ethnicity,
    mental_health = excluded.mental_health, neurodivergence = excluded.neurodivergence
$$;
--> statement-breakpoint
-- What became of it: the latest judgement's types of concern; discussed (a Channel case of it has a panel decision
-- or was adopted); adopted (a panel decision 'adopt' or the case's adoption, over all its cases, transfers
-- included); the latest consent on its Channel cases. Written as per-referral and per-case lateral lookups so
-- that each is an index probe even while a bulk load has left the planner's statistics behind (a hashed
-- subplan over every panel decision, or a scan of every consent per referral, was chosen then). JIT off: those
-- same stale estimates made it compile every call (600 ms for 200 referrals).
CREATE FUNCTION "referral_statistics_outcomes"("p_ids" uuid[]) RETURNS void LANGUAGE sql SET jit = off AS $$
  UPDATE referral_statistics s SET concern_types = o.concern_types, discussed = o.discussed, adopted = o.adopted, consent = o.consent
  FROM unnest(p_ids) AS ids(id)
  CROSS JOIN LATERAL (
    SELECT
      (SELECT j.concern_types FROM threshold_judgements j WHERE j.referral_id = ids.id ORDER BY j.recorded_at DESC, j.id DESC LIMIT 1) AS concern_types,
      COALESCE(bool_or(c.adopted_at IS NOT NULL OR d.decided), false) AS discussed,
      COALESCE(bool_or(c.adopted_at IS NOT NULL OR d.adopt), false) AS adopted,
      (array_agg(k.status ORDER BY k.recorded_at DESC, k.id DESC) FILTER (WHERE k.status IS NOT NULL))[1] AS consent
    FROM (SELECT 1) one
    LEFT JOIN channel_cases c ON c.referral_id = ids.id
    LEFT JOIN LATERAL (SELECT count(*) > 0 AS decided, COALESCE(bool_or(pd.decision = 'adopt'), false) AS adopt
      FROM panel_decisions pd WHERE pd.channel_case_id = c.id) d ON true
    LEFT JOIN LATERAL (SELECT k.status, k.recorded_at, k.id FROM consents k WHERE k.channel_case_id = c.id
      ORDER BY k.recorded_at DESC, k.id DESC LIMIT 1) k ON true
  ) o
  WHERE s.referral_id = ids.id
$$;
--> statement-breakpoint
-- Statement triggers with transition tables: a bulk insert (the synthetic seeder's batches) refreshes its
-- referrals in one set-based call, not one call per row. The ids are joined from unnest() and case ids are
-- looked up one by one: "= ANY (array)" in a function is planned without the array and scanned every row of
-- the table, and a join with the transition table hashed all of channel_cases, per batch.
-- A new referral has no judgement, Channel case or consent yet (they refer to it): its outcome columns start
-- at their defaults, and the triggers on those tables fill them in.
CREATE FUNCTION "referral_statistics_on_referrals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM referral_statistics_describe(ARRAY(SELECT id FROM changed));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "referral_statistics_on_referral_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM referral_statistics_outcomes(ARRAY(SELECT DISTINCT referral_id FROM changed));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "referral_statistics_on_case_rows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM referral_statistics_outcomes(ARRAY(SELECT DISTINCT (SELECT c.referral_id FROM channel_cases c WHERE c.id = x.channel_case_id) FROM changed x));
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Row trigger for the few columns that can change after submission (a transfer; fixtures that backdate).
CREATE FUNCTION "referral_statistics_on_referral_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM referral_statistics_describe(ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_referrals_insert" AFTER INSERT ON "referrals"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_referrals();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_referrals_update" AFTER UPDATE OF submitted_at, referrer_org_id, owning_org_id, subject_date_of_birth, subject_approx_age, submission ON "referrals"
  FOR EACH ROW WHEN (OLD.submitted_at IS DISTINCT FROM NEW.submitted_at OR OLD.referrer_org_id IS DISTINCT FROM NEW.referrer_org_id
    OR OLD.owning_org_id IS DISTINCT FROM NEW.owning_org_id OR OLD.subject_date_of_birth IS DISTINCT FROM NEW.subject_date_of_birth
    OR OLD.subject_approx_age IS DISTINCT FROM NEW.subject_approx_age OR OLD.submission IS DISTINCT FROM NEW.submission)
  EXECUTE FUNCTION referral_statistics_on_referral_update();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_judgements_insert" AFTER INSERT ON "threshold_judgements"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_referral_rows();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_cases_insert" AFTER INSERT ON "channel_cases"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_referral_rows();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_cases_update" AFTER UPDATE ON "channel_cases"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_referral_rows();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_decisions_insert" AFTER INSERT ON "panel_decisions"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_consents_insert" AFTER INSERT ON "consents"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_case_rows();
--> statement-breakpoint
CREATE TRIGGER "referral_statistics_consents_update" AFTER UPDATE ON "consents"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION referral_statistics_on_case_rows();
--> statement-breakpoint
-- The referrals already held.
SELECT referral_statistics_describe(ARRAY(SELECT id FROM referrals));
--> statement-breakpoint
SELECT referral_statistics_outcomes(ARRAY(SELECT id FROM referrals));
