CREATE TABLE "concern_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deconflictions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"done_on" date NOT NULL,
	"sealed_notes" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "force_settings" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"approval_for_no_further_action" boolean DEFAULT true NOT NULL,
	"approval_for_handover" boolean DEFAULT true NOT NULL,
	"police_led_review_days" integer DEFAULT 30 NOT NULL,
	"signpost_follow_up_days" integer DEFAULT 20 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"requested_on" date NOT NULL,
	"received_on" date,
	"notes" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sealed_notes" text,
	"rationale" text NOT NULL,
	"referrer_outcome" text NOT NULL,
	"status" text NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comments" text
);
--> statement-breakpoint
CREATE TABLE "threshold_judgements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"concern_present" text NOT NULL,
	"concern_types" text[] NOT NULL,
	"vulnerability_factors" text,
	"immediate_risk" text NOT NULL,
	"immediate_risk_details" text,
	"rationale" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "assigned_officer_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "person_key" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "primary_referral_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referrer_outcome" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "retention_rule" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "retention_review_on" date;--> statement-breakpoint
ALTER TABLE "deconflictions" ADD CONSTRAINT "deconflictions_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deconflictions" ADD CONSTRAINT "deconflictions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "force_settings" ADD CONSTRAINT "force_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_checks" ADD CONSTRAINT "gateway_checks_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_checks" ADD CONSTRAINT "gateway_checks_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_decisions" ADD CONSTRAINT "gateway_decisions_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_decisions" ADD CONSTRAINT "gateway_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_decisions" ADD CONSTRAINT "gateway_decisions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_judgements" ADD CONSTRAINT "threshold_judgements_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "threshold_judgements" ADD CONSTRAINT "threshold_judgements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deconflictions_referral_idx" ON "deconflictions" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "gateway_checks_referral_idx" ON "gateway_checks" USING btree ("referral_id","requested_on");--> statement-breakpoint
CREATE INDEX "gateway_decisions_referral_idx" ON "gateway_decisions" USING btree ("referral_id","decided_at");--> statement-breakpoint
CREATE INDEX "gateway_decisions_pending_idx" ON "gateway_decisions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "threshold_judgements_referral_idx" ON "threshold_judgements" USING btree ("referral_id","recorded_at");--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_assigned_officer_id_users_id_fk" FOREIGN KEY ("assigned_officer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_person_key_idx" ON "referrals" USING btree ("person_key","submitted_at");--> statement-breakpoint
CREATE INDEX "referrals_assigned_idx" ON "referrals" USING btree ("assigned_officer_id","state");