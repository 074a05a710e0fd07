-- Rules of the Channel tables that the schema file cannot say: each status column takes only its listed values,
-- and records that happen whole (a withdrawal, a stop, an end, a completed review) are written whole or not at all.
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_state_check"
  CHECK (state IN ('awaiting_panel', 'adopted', 'not_adopted', 'returned_to_police', 'exited', 'transferred'));
--> statement-breakpoint
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_referred_via_check"
  CHECK (referred_via IN ('gateway', 'police_led_review', 'transfer'));
--> statement-breakpoint
ALTER TABLE "channel_cases" ADD CONSTRAINT "channel_cases_exit_check"
  CHECK (exit_reason IS NULL OR exit_reason IN ('vulnerability_reduced', 'consent_withdrawn', 'other_route', 'moved_out_of_area'));
--> statement-breakpoint
ALTER TABLE "panel_members" ADD CONSTRAINT "panel_members_agency_check"
  CHECK (agency IN ('local_authority', 'police', 'childrens_social_care', 'adults_social_care', 'education', 'health', 'mental_health', 'housing', 'youth_justice', 'probation', 'other'));
--> statement-breakpoint
ALTER TABLE "panel_meetings" ADD CONSTRAINT "panel_meetings_status_check"
  CHECK (status IN ('scheduled', 'pack_published', 'closed') AND ((status = 'scheduled') = (pack_published_at IS NULL)));
--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_kind_check"
  CHECK (kind IN ('new_referral', 'review', 'deferred', 'reopened'));
--> statement-breakpoint
ALTER TABLE "panel_decisions" ADD CONSTRAINT "panel_decisions_decision_check"
  CHECK (decision IN ('adopt', 'not_adopt', 'defer', 'continue', 'exit', 'transfer') AND method IN ('unanimous', 'majority', 'chair'));
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_values_check"
  CHECK (status IN ('given', 'refused') AND given_by IN ('person', 'parent_guardian'));
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_withdrawal_whole"
  CHECK ((withdrawn_on IS NULL) = (withdrawal_route IS NULL) AND (withdrawn_on IS NULL) = (withdrawal_recorded_by IS NULL) AND (withdrawn_on IS NULL OR status = 'given'));
--> statement-breakpoint
ALTER TABLE "intervention_providers" ADD CONSTRAINT "intervention_providers_values_check"
  CHECK (kind IN ('organisation', 'individual') AND approval_status IN ('approved', 'pending', 'suspended', 'withdrawn'));
--> statement-breakpoint
ALTER TABLE "interventions" ADD CONSTRAINT "interventions_status_check"
  CHECK (status IN ('active', 'stopped', 'completed') AND expected_sessions > 0
     AND (status = 'stopped') = (stopped_on IS NOT NULL) AND (status = 'completed') = (ended_on IS NOT NULL AND end_report IS NOT NULL));
--> statement-breakpoint
ALTER TABLE "intervention_sessions" ADD CONSTRAINT "intervention_sessions_engagement_check"
  CHECK (engagement IS NULL OR engagement IN ('engaged', 'partly_engaged', 'not_engaged'));
--> statement-breakpoint
ALTER TABLE "post_exit_reviews" ADD CONSTRAINT "post_exit_reviews_values_check"
  CHECK (months_after_exit IN (6, 12, 24) AND (outcome IS NULL OR outcome IN ('no_concerns', 'extend', 'reopen'))
     AND (completed_on IS NULL) = (outcome IS NULL) AND (completed_on IS NULL) = (recorded_by IS NULL));
--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check"
  CHECK (kind IN ('follow_up_overdue', 'channel.consent_withdrawn', 'channel.new_concern', 'channel.reopened'));
