CREATE TABLE "agency_contributions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agenda_item_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"contribution" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agenda_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_case_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_user_id" uuid,
	"actor_org_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"referral_id" uuid NOT NULL,
	"local_authority_id" uuid NOT NULL,
	"police_org_id" uuid NOT NULL,
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"referred_at" timestamp with time zone NOT NULL,
	"referred_via" text NOT NULL,
	"previous_case_id" uuid,
	"adopted_at" timestamp with time zone,
	"next_review_on" date,
	"exited_at" timestamp with time zone,
	"exit_reason" text,
	"closing_report" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_panel_authorities" (
	"local_authority_id" uuid PRIMARY KEY NOT NULL,
	"panel_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_panels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"chair_org_id" uuid NOT NULL,
	"review_interval_days" integer DEFAULT 30 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"status" text NOT NULL,
	"given_by" text NOT NULL,
	"giver_name" text NOT NULL,
	"relationship" text,
	"sought_how" text NOT NULL,
	"sought_by" text NOT NULL,
	"sought_on" date NOT NULL,
	"capacity_notes" text,
	"decided_on" date NOT NULL,
	"purposes" text NOT NULL,
	"withdrawn_on" date,
	"withdrawal_route" text,
	"withdrawal_notes" text,
	"withdrawal_recorded_by" uuid,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intervention_providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"organisation_id" uuid,
	"contact" text NOT NULL,
	"approval_status" text NOT NULL,
	"approved_on" date,
	"approval_expires_on" date,
	"specialisms" text[] NOT NULL,
	"languages" text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intervention_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"intervention_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"attended" boolean NOT NULL,
	"engagement" text,
	"notes" text,
	"new_concern" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "intervention_types" (
	"code" text PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"needs_approved_provider" boolean DEFAULT false NOT NULL,
	"sort_order" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interventions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"type_code" text NOT NULL,
	"provider_id" uuid NOT NULL,
	"goal" text NOT NULL,
	"contact_route" text NOT NULL,
	"starts_on" date NOT NULL,
	"expected_sessions" integer NOT NULL,
	"status" text NOT NULL,
	"stopped_on" date,
	"stop_reason" text,
	"end_report" text,
	"ended_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"can_decide" boolean NOT NULL,
	"conflicts" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"agenda_item_id" uuid,
	"decision" text NOT NULL,
	"method" text NOT NULL,
	"dissent" text,
	"rationale" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_meetings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"panel_id" uuid NOT NULL,
	"meets_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"status" text NOT NULL,
	"pack_published_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "panel_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"panel_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"organisation_id" uuid,
	"organisation_name" text NOT NULL,
	"agency" text NOT NULL,
	"role" text NOT NULL,
	"can_decide" boolean DEFAULT true NOT NULL,
	"channel_case_id" uuid,
	"started_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_exit_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"months_after_exit" integer NOT NULL,
	"due_on" date NOT NULL,
	"completed_on" date,
	"outcome" text,
	"notes" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_plans" (
	"channel_case_id" uuid PRIMARY KEY NOT NULL,
	"consent_approach" text NOT NULL,
	"adjustments" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaf_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_case_id" uuid NOT NULL,
	"framework" text NOT NULL,
	"factors" jsonb NOT NULL,
	"summary" text NOT NULL,
	"management_plan" text NOT NULL,
	"significant_changes" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vaf_factors" (
	"code" text PRIMARY KEY NOT NULL,
	"framework" text NOT NULL,
	"dimension" text NOT NULL,
	"label" text NOT NULL,
	"sort_order" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "link" text;--> statement-breakpoint
ALTER TABLE "agency_contributions" ADD CONSTRAINT "agency_contributions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_contributions" ADD CONSTRAINT "agency_contributions_member_id_panel_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."panel_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_contributions" ADD CONSTRAINT "agency_contributions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_case_events" ADD CONSTRAINT "channel_case_events_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_case_events" ADD CONSTRAINT "channel_case_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_case_events" ADD CONSTRAINT "channel_case_events_actor_org_id_organisations_id_fk" FOREIGN KEY ("actor_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_local_authority_id_organisations_id_fk" FOREIGN KEY ("local_authority_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_police_org_id_organisations_id_fk" FOREIGN KEY ("police_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_panel_authorities" ADD CONSTRAINT "channel_panel_authorities_local_authority_id_organisations_id_fk" FOREIGN KEY ("local_authority_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_panel_authorities" ADD CONSTRAINT "channel_panel_authorities_panel_id_channel_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."channel_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_panels" ADD CONSTRAINT "channel_panels_chair_org_id_organisations_id_fk" FOREIGN KEY ("chair_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_panels" ADD CONSTRAINT "channel_panels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_withdrawal_recorded_by_users_id_fk" FOREIGN KEY ("withdrawal_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_providers" ADD CONSTRAINT "intervention_providers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_sessions" ADD CONSTRAINT "intervention_sessions_intervention_id_interventions_id_fk" FOREIGN KEY ("intervention_id") REFERENCES "public"."interventions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intervention_sessions" ADD CONSTRAINT "intervention_sessions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_type_code_intervention_types_code_fk" FOREIGN KEY ("type_code") REFERENCES "public"."intervention_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_provider_id_intervention_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."intervention_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_meeting_id_panel_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."panel_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_member_id_panel_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."panel_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_agenda_item_id_agenda_items_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."agenda_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_panel_id_channel_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."channel_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_panel_id_channel_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."channel_panels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_exit_reviews" ADD CONSTRAINT "post_exit_reviews_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_exit_reviews" ADD CONSTRAINT "post_exit_reviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_plans" ADD CONSTRAINT "support_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaf_assessments" ADD CONSTRAINT "vaf_assessments_channel_case_id_channel_cases_id_fk" FOREIGN KEY ("channel_case_id") REFERENCES "public"."channel_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaf_assessments" ADD CONSTRAINT "vaf_assessments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_contributions_item_idx" ON "agency_contributions" USING btree ("agenda_item_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_meeting_case_key" ON "agenda_items" USING btree ("meeting_id","channel_case_id");--> statement-breakpoint
CREATE INDEX "agenda_items_case_idx" ON "agenda_items" USING btree ("channel_case_id");--> statement-breakpoint
CREATE INDEX "channel_case_events_case_idx" ON "channel_case_events" USING btree ("channel_case_id","occurred_at");--> statement-breakpoint
CREATE INDEX "channel_cases_la_state_idx" ON "channel_cases" USING btree ("local_authority_id","state","referred_at");--> statement-breakpoint
CREATE INDEX "channel_cases_review_idx" ON "channel_cases" USING btree ("local_authority_id","next_review_on") WHERE "channel_cases"."next_review_on" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "channel_cases_referral_idx" ON "channel_cases" USING btree ("referral_id","referred_at");--> statement-breakpoint
CREATE INDEX "channel_cases_police_idx" ON "channel_cases" USING btree ("police_org_id","state");--> statement-breakpoint
CREATE INDEX "channel_panel_authorities_panel_idx" ON "channel_panel_authorities" USING btree ("panel_id");--> statement-breakpoint
CREATE INDEX "consents_case_idx" ON "consents" USING btree ("channel_case_id","recorded_at");--> statement-breakpoint
CREATE INDEX "intervention_providers_org_idx" ON "intervention_providers" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "intervention_providers_name_idx" ON "intervention_providers" USING btree ("name");--> statement-breakpoint
CREATE INDEX "intervention_sessions_intervention_idx" ON "intervention_sessions" USING btree ("intervention_id","held_on");--> statement-breakpoint
CREATE INDEX "interventions_case_idx" ON "interventions" USING btree ("channel_case_id","created_at");--> statement-breakpoint
CREATE INDEX "interventions_provider_idx" ON "interventions" USING btree ("provider_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_member_key" ON "meeting_attendance" USING btree ("meeting_id","member_id");--> statement-breakpoint
CREATE INDEX "panel_decisions_case_idx" ON "panel_decisions" USING btree ("channel_case_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "panel_decisions_item_key" ON "panel_decisions" USING btree ("agenda_item_id");--> statement-breakpoint
CREATE INDEX "panel_meetings_panel_idx" ON "panel_meetings" USING btree ("panel_id","meets_at");--> statement-breakpoint
CREATE INDEX "panel_members_panel_idx" ON "panel_members" USING btree ("panel_id","agency");--> statement-breakpoint
CREATE INDEX "panel_members_user_idx" ON "panel_members" USING btree ("user_id") WHERE "panel_members"."user_id" IS NOT NULL AND "panel_members"."ended_on" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "post_exit_reviews_case_key" ON "post_exit_reviews" USING btree ("channel_case_id","months_after_exit");--> statement-breakpoint
CREATE INDEX "post_exit_reviews_due_idx" ON "post_exit_reviews" USING btree ("due_on") WHERE "post_exit_reviews"."completed_on" IS NULL;--> statement-breakpoint
CREATE INDEX "vaf_assessments_case_idx" ON "vaf_assessments" USING btree ("channel_case_id","recorded_at");