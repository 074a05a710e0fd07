DROP INDEX "person_match_decisions_not_same_idx";--> statement-breakpoint
DROP INDEX "person_match_decisions_not_same_rev_idx";--> statement-breakpoint
CREATE INDEX "person_match_decisions_pair_idx" ON "person_match_decisions" USING btree ("record_id","candidate_record_id","decided_at");--> statement-breakpoint
CREATE INDEX "person_match_decisions_pair_rev_idx" ON "person_match_decisions" USING btree ("candidate_record_id","record_id","decided_at");