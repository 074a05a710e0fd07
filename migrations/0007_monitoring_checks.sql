-- Rules of the monitoring tables that the schema file cannot say. A follow-up's acknowledgement and outcome are
-- each recorded whole (what, when, by whom) or not at all; the on-behalf flag needs an acknowledgement; a
-- review's decision is one of three, and only a referral to Channel carries the local authority and grounds.
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_acknowledgement_whole"
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL) AND (acknowledged_at IS NOT NULL OR NOT acknowledgement_recorded_by_officer));
--> statement-breakpoint
ALTER TABLE "signpost_follow_ups" ADD CONSTRAINT "signpost_follow_ups_outcome_whole"
  CHECK ((outcome IS NULL) = (outcome_recorded_at IS NULL) AND (outcome IS NULL) = (outcome_recorded_by IS NULL));
--> statement-breakpoint
ALTER TABLE "police_led_reviews" ADD CONSTRAINT "police_led_reviews_decision_check"
  CHECK (decision IN ('continue', 'refer_to_channel', 'close'));
--> statement-breakpoint
ALTER TABLE "police_led_reviews" ADD CONSTRAINT "police_led_reviews_channel_details"
  CHECK ((decision = 'refer_to_channel') = (local_authority_id IS NOT NULL AND reasonable_grounds IS NOT NULL)
     AND (decision = 'refer_to_channel' OR (local_authority_id IS NULL AND reasonable_grounds IS NULL)));
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('follow_up_overdue'));
--> statement-breakpoint
COMMENT ON TABLE "signpost_follow_ups" IS 'Monitoring of a signposted case: the receiving service acknowledges it and records the outcome by due_on; overdue ones are escalated once (escalated_at) to the holding force''s supervisors.';
--> statement-breakpoint
COMMENT ON COLUMN "signpost_follow_ups"."acknowledgement_recorded_by_officer" IS 'True when the holding force''s officer recorded the acknowledgement on the receiving service''s behalf.';
--> statement-breakpoint
COMMENT ON TABLE "police_led_reviews" IS 'Each review of a case under police-led management; the next date is referrals.next_review_on.';
--> statement-breakpoint
COMMENT ON COLUMN "referrals"."next_review_on" IS 'Police-led management: the date of the next review; null when the case is not under police-led management.';
--> statement-breakpoint
COMMENT ON TABLE "notifications" IS 'Messages to one user (overdue follow-up escalations), shown on their dashboard until read.';
