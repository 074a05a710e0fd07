-- People: a person record per referral subject, joined into one person only when someone confirms it
-- (merged_into_id points at the surviving record). Candidate people are found by blocking keys that are
-- each a bounded index lookup at national scale: exact date of birth (also tried with day and month
-- swapped), the double metaphone of both names with the birth year (catches spelling variants and a
-- mistyped day or month), and postcode with the family name's sound (a household, or a person at the
-- same address). dmetaphone comes from fuzzystrmatch (migration 0001) and is immutable, so it can be indexed.
CREATE TABLE "person_match_candidates" (
	"referral_id" uuid NOT NULL,
	"candidate_record_id" uuid NOT NULL,
	"match_weight" double precision NOT NULL,
	"match_probability" double precision NOT NULL,
	"explanation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_match_candidates_referral_id_candidate_record_id_pk" PRIMARY KEY("referral_id","candidate_record_id")
);
--> statement-breakpoint
CREATE TABLE "person_match_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"candidate_record_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"merge_id" uuid
);
--> statement-breakpoint
CREATE TABLE "person_merges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"survivor_id" uuid NOT NULL,
	"merged_id" uuid NOT NULL,
	"repointed_ids" uuid[] NOT NULL,
	"reason" text NOT NULL,
	"merged_by" uuid NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"undone_by" uuid,
	"undone_at" timestamp with time zone,
	"undo_reason" text
);
--> statement-breakpoint
CREATE TABLE "person_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"given_folded" text NOT NULL,
	"family_folded" text NOT NULL,
	"date_of_birth" date,
	"birth_year" integer,
	"gender" text,
	"postcode" text,
	"address" text,
	"school" text,
	"merged_into_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "person_record_id" uuid;--> statement-breakpoint
ALTER TABLE "person_match_candidates" ADD CONSTRAINT "person_match_candidates_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_candidates" ADD CONSTRAINT "person_match_candidates_candidate_record_id_person_records_id_fk" FOREIGN KEY ("candidate_record_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_record_id_person_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_candidate_record_id_person_records_id_fk" FOREIGN KEY ("candidate_record_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_merge_id_person_merges_id_fk" FOREIGN KEY ("merge_id") REFERENCES "public"."person_merges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_survivor_id_person_records_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_id_person_records_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_merged_by_users_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_records" ADD CONSTRAINT "person_records_merged_into_id_person_records_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_match_decisions_referral_idx" ON "person_match_decisions" USING btree ("referral_id","decided_at");--> statement-breakpoint
CREATE INDEX "person_match_decisions_not_same_idx" ON "person_match_decisions" USING btree ("record_id","candidate_record_id") WHERE "person_match_decisions"."decision" = 'not_same';--> statement-breakpoint
CREATE INDEX "person_match_decisions_not_same_rev_idx" ON "person_match_decisions" USING btree ("candidate_record_id","record_id") WHERE "person_match_decisions"."decision" = 'not_same';--> statement-breakpoint
CREATE INDEX "person_merges_survivor_idx" ON "person_merges" USING btree ("survivor_id","merged_at");--> statement-breakpoint
CREATE INDEX "person_merges_merged_idx" ON "person_merges" USING btree ("merged_id","merged_at");--> statement-breakpoint
CREATE INDEX "person_records_dob_idx" ON "person_records" USING btree ("date_of_birth");--> statement-breakpoint
CREATE INDEX "person_records_sound_idx" ON "person_records" USING btree (dmetaphone("family_folded"),dmetaphone("given_folded"),"birth_year");--> statement-breakpoint
CREATE INDEX "person_records_postcode_idx" ON "person_records" USING btree ("postcode",dmetaphone("family_folded"));--> statement-breakpoint
CREATE INDEX "person_records_given_idx" ON "person_records" USING btree ("given_folded");--> statement-breakpoint
CREATE INDEX "person_records_family_idx" ON "person_records" USING btree ("family_folded");--> statement-breakpoint
CREATE INDEX "person_records_merged_idx" ON "person_records" USING btree ("merged_into_id") WHERE "person_records"."merged_into_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_person_record_id_person_records_id_fk" FOREIGN KEY ("person_record_id") REFERENCES "public"."person_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_person_record_idx" ON "referrals" USING btree ("person_record_id");
--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_decision_check" CHECK ("decision" IN ('same', 'not_same', 'unsure'));--> statement-breakpoint
ALTER TABLE "person_match_decisions" ADD CONSTRAINT "person_match_decisions_merge_check" CHECK (("decision" = 'same') = ("merge_id" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_kind_check" CHECK ("kind" IN ('link', 'merge'));--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_distinct_check" CHECK ("survivor_id" <> "merged_id");--> statement-breakpoint
ALTER TABLE "person_merges" ADD CONSTRAINT "person_merges_undo_check" CHECK (("undone_at" IS NULL) = ("undone_by" IS NULL) AND ("undone_at" IS NULL) = ("undo_reason" IS NULL));--> statement-breakpoint
ALTER TABLE "person_records" ADD CONSTRAINT "person_records_not_self_check" CHECK ("merged_into_id" IS NULL OR "merged_into_id" <> "id");--> statement-breakpoint
-- Referrals made before person records existed each get one, with the referral's id; nothing is joined.
-- Folding here is the ASCII part of matching/normalise.ts: these are the few referrals of an unreleased service.
INSERT INTO "person_records" ("id", "given_name", "family_name", "given_folded", "family_folded", "date_of_birth", "birth_year", "gender", "postcode", "address", "school", "created_at")
SELECT r."id", r."subject_given_name", r."subject_family_name",
  trim(regexp_replace(lower(r."subject_given_name"), '[^a-z]+', ' ', 'g')),
  trim(regexp_replace(lower(r."subject_family_name"), '[^a-z]+', ' ', 'g')),
  r."subject_date_of_birth",
  coalesce(extract(year FROM r."subject_date_of_birth")::integer, extract(year FROM r."submitted_at")::integer - r."subject_approx_age"),
  r."submission" #>> '{subject,gender}',
  nullif(upper(regexp_replace(coalesce(r."subject_postcode", ''), '[^A-Za-z0-9]', '', 'g')), ''),
  r."submission" #>> '{subject,address}',
  r."submission" #>> '{subject,schoolOrWorkplace}',
  r."submitted_at"
FROM "referrals" r;--> statement-breakpoint
UPDATE "referrals" SET "person_record_id" = "id";--> statement-breakpoint
ALTER TABLE "referrals" ALTER COLUMN "person_record_id" SET NOT NULL;