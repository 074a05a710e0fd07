-- A Channel case list's page (the chair's dashboard shows five of each list) was chosen by counting every case of
-- the list over a window, which read them all from the heap and sorted them: a few hundred cases per list at
-- 1,000,000 referrals, 2 to 3 ms for the dashboard. The page and the total are now read apart. Each list's index
-- holds, after its own keys, the columns in the list's order (date listed, referred_at, id) and every column a page
-- reads (state, referral_id): the page is an index-only walk that stops at its last row, the total an index-only
-- count.
DROP INDEX "channel_cases_la_state_idx";--> statement-breakpoint
DROP INDEX "channel_cases_no_consent_idx";--> statement-breakpoint
DROP INDEX "channel_cases_last_contact_idx";--> statement-breakpoint
DROP INDEX "channel_cases_post_exit_due_idx";--> statement-breakpoint
DROP INDEX "channel_cases_review_idx";--> statement-breakpoint
CREATE INDEX "channel_cases_la_state_idx" ON "channel_cases" USING btree ("local_authority_id","state","referred_at","id","referral_id");--> statement-breakpoint
CREATE INDEX "channel_cases_no_consent_idx" ON "channel_cases" USING btree ("local_authority_id","adopted_at","referred_at","id","state","referral_id") WHERE "channel_cases"."state" = 'adopted' AND NOT "channel_cases"."live_consent";--> statement-breakpoint
CREATE INDEX "channel_cases_last_contact_idx" ON "channel_cases" USING btree ("local_authority_id","last_contact_on","referred_at","id","state","referral_id") WHERE "channel_cases"."state" = 'adopted' AND "channel_cases"."last_contact_on" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "channel_cases_post_exit_due_idx" ON "channel_cases" USING btree ("local_authority_id","post_exit_due_on","referred_at","id","state","referral_id") WHERE "channel_cases"."state" = 'exited' AND "channel_cases"."post_exit_due_on" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "channel_cases_review_idx" ON "channel_cases" USING btree ("local_authority_id","next_review_on","referred_at","id","state","referral_id") WHERE "channel_cases"."next_review_on" IS NOT NULL;