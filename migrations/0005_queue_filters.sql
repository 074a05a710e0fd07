-- Referrals joined to a case (primary_referral_id set) are found by that case: they move with it when it is
-- transferred to another force. Partial, because most referrals join nothing. The queue's filters need no new
-- index: they narrow one force's open cases (referrals_queue_idx), and the repeat-referral count and filter
-- probe referrals_person_key_idx (person_key, submitted_at) per row.
CREATE INDEX "referrals_primary_idx" ON "referrals" USING btree ("primary_referral_id") WHERE "referrals"."primary_referral_id" IS NOT NULL;
