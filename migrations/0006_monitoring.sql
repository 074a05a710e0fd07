-- Monitoring after the gateway: signposting follow-ups, police-led reviews (next_review_on on referrals) and
-- notifications. Indexes serve each list and count: a force's overdue follow-ups and the escalation job scan
-- only open follow-ups (signpost_follow_ups_open_idx, partial); a receiving organisation's open requests use
-- signpost_follow_ups_receiver_idx (partial); a force's overdue reviews use referrals_next_review_idx (partial); a user's
-- unread notifications use notifications_unread_idx (partial). Triage counts use referrals_queue_idx.
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"referral_id" uuid,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "police_led_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"reviewed_on" date NOT NULL,
	"changes" text NOT NULL,
	"actions" text NOT NULL,
	"decision" text NOT NULL,
	"rationale" text NOT NULL,
	"local_authority_id" uuid,
	"reasonable_grounds" text,
	"reviewed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signpost_follow_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"receiving_organisation_id" uuid,
	"service_name" text NOT NULL,
	"service_contact" text NOT NULL,
	"due_on" date NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledgement_recorded_by_officer" boolean DEFAULT false NOT NULL,
	"outcome" text,
	"outcome_recorded_at" timestamp with time zone,
	"outcome_recorded_by" uuid,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "next_review_on" date;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_led_reviews" ADD CONSTRAINT "police_led_reviews_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_led_reviews" ADD CONSTRAINT "police_led_reviews_local_authority_id_organisations_id_fk" FOREIGN KEY ("local_authority_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "police_led_reviews" ADD CONSTRAINT "police_led_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_decision_id_gateway_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."gateway_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_receiving_organisation_id_organisations_id_fk" FOREIGN KEY ("receiving_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_outcome_recorded_by_users_id_fk" FOREIGN KEY ("outcome_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "police_led_reviews_referral_idx" ON "police_led_reviews" USING btree ("referral_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "signpost_follow_ups_decision_key" ON "signpost_follow_ups" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "signpost_follow_ups_referral_idx" ON "signpost_follow_ups" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "signpost_follow_ups_open_idx" ON "signpost_follow_ups" USING btree ("due_on") WHERE "signpost_follow_ups"."outcome_recorded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "signpost_follow_ups_receiver_idx" ON "signpost_follow_ups" USING btree ("receiving_organisation_id","due_on") WHERE "signpost_follow_ups"."receiving_organisation_id" IS NOT NULL AND "signpost_follow_ups"."outcome_recorded_at" IS NULL;--> statement-breakpoint
CREATE INDEX "referrals_next_review_idx" ON "referrals" USING btree ("owning_org_id","next_review_on") WHERE "referrals"."next_review_on" IS NOT NULL;