-- The triage queue lists a force's open referrals oldest first. With most referrals closed (national scale),
-- the planner walked referrals_submitted_idx (every referral by date) filtering for the force's open ones:
-- 1 s a page at 1,000,000 referrals. This partial index holds only open referrals, by force and date, so a page
-- reads 25 entries; its state list is workflow/referral.ts OPEN_STATES (test/integration/queue.test.ts checks).
-- referrals_submitted_idx served the official statistics, which now read referral_statistics (0016).
DROP INDEX "referrals_submitted_idx";--> statement-breakpoint
CREATE INDEX "referrals_open_queue_idx" ON "referrals" USING btree ("owning_org_id","submitted_at","id","state","assigned_officer_id") WHERE "referrals"."state" IN ('awaiting_triage', 'in_assessment', 'awaiting_approval', 'signposted', 'police_led_management');