-- The referrals the police made to one local authority's Channel panel (GET /channel/referrals and the
-- dashboard count), filtered in SQL by the panel user's organisation, newest first. They come from two places:
--
-- 1. gateway_decisions: the local authority of a 'channel' outcome is kept in the details JSON
--    (details->>'localAuthorityId'), not in a column. An expression index on that text value, followed by
--    decided_at for the order, lets `WHERE (details ->> 'localAuthorityId') = $1 AND outcome = 'channel' AND
--    status = 'effective' ORDER BY decided_at DESC` read only that panel's rows. It is partial: only effective
--    Channel decisions are indexed (signposting and other outcomes have no local authority), so it stays small.
--    The query must use the same expression, (details ->> 'localAuthorityId'), compared with text.
-- 2. police_led_reviews: a review that referred the case to Channel names the local authority in a column.
CREATE INDEX "gateway_decisions_channel_la_idx" ON "gateway_decisions" USING btree (("details" ->> 'localAuthorityId'),"decided_at") WHERE "gateway_decisions"."outcome" = 'channel' AND "gateway_decisions"."status" = 'effective';--> statement-breakpoint
CREATE INDEX "police_led_reviews_channel_la_idx" ON "police_led_reviews" USING btree ("local_authority_id","created_at") WHERE "police_led_reviews"."decision" = 'refer_to_channel';