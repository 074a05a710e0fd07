-- Type-of-concern categories used by the Home Office's annual Prevent statistics. The set changed over
-- the years (see domain reference §9), so each category records the statistics years it applies to
-- (from_year/to_year are the first calendar year of the April–March statistics year). Forces pick from
-- the categories current on the decision date; older ones stay for historic records.
INSERT INTO concern_categories (code, label, from_year, to_year, sort_order) VALUES
  ('islamist', 'Islamist', 2015, NULL, 10),
  ('extreme_right_wing', 'Extreme right-wing', 2015, NULL, 20),
  ('left_wing_anarchist_single_issue', 'Left-wing, anarchist or single issue', 2021, NULL, 30),
  ('incel', 'Incel', 2021, NULL, 40),
  ('school_massacre', 'School massacre', 2021, NULL, 50),
  ('high_ct_risk_no_ideology', 'High counter-terrorism risk but no ideology', 2021, NULL, 60),
  ('no_ideology_identified', 'No ideology identified', 2024, NULL, 70),
  ('no_ideology_other_susceptibility', 'No ideology – other susceptibility', 2024, NULL, 80),
  ('multiple_none_dominant', 'Multiple ideologies, none dominant', 2024, NULL, 90),
  ('conflicted', 'Conflicted', 2021, 2023, 100),
  ('vulnerability_no_ideology', 'Vulnerability present but no ideology or CT risk', 2021, 2023, 110),
  ('mixed_unclear_unstable', 'Mixed, unclear or unstable', 2019, 2020, 120),
  ('other', 'Other', 2015, NULL, 130),
  ('unspecified', 'Unspecified', 2015, 2018, 140);
--> statement-breakpoint
ALTER TABLE gateway_decisions ADD CONSTRAINT gateway_decisions_outcome_check
  CHECK (outcome IN ('no_further_action','signposted','police_led_management','channel','investigation_handover'));
--> statement-breakpoint
ALTER TABLE gateway_decisions ADD CONSTRAINT gateway_decisions_status_check
  CHECK (status IN ('awaiting_approval','returned','effective'));
--> statement-breakpoint
-- Existing referrals get their exact-match key (personKey() in src/modules/referrals/personKey.ts). The
-- application also folds accents (é to e); this backfill keeps ASCII letters and digits only.
UPDATE referrals SET person_key =
  lower(regexp_replace(subject_given_name, '[^a-zA-Z0-9]', '', 'g')) || '|' ||
  lower(regexp_replace(subject_family_name, '[^a-zA-Z0-9]', '', 'g')) || '|' || subject_date_of_birth
WHERE subject_date_of_birth IS NOT NULL;
