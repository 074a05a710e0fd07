-- Official statistics read one April-March year of referrals across every force: a range on submitted_at.
CREATE INDEX "referrals_submitted_idx" ON "referrals" USING btree ("submitted_at");
