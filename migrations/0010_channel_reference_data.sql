-- Channel reference data. The vulnerability assessment framework (VAF, published 2012): 22 factors in three
-- dimensions, judged separately and never scored. The factor wording is indicative (domain reference §4), so it is
-- data, versioned by framework, and can be replaced by a later framework without touching earlier assessments.
INSERT INTO vaf_factors (code, framework, dimension, label, sort_order) VALUES
  ('e_grievance', 'vaf-2012', 'engagement', 'Feelings of grievance and injustice', 10),
  ('e_threat', 'vaf-2012', 'engagement', 'Feeling under threat', 20),
  ('e_identity', 'vaf-2012', 'engagement', 'A need for identity, meaning and belonging', 30),
  ('e_status', 'vaf-2012', 'engagement', 'A desire for status', 40),
  ('e_excitement', 'vaf-2012', 'engagement', 'A desire for excitement and adventure', 50),
  ('e_dominance', 'vaf-2012', 'engagement', 'A need to dominate and control others', 60),
  ('e_indoctrination', 'vaf-2012', 'engagement', 'Susceptibility to indoctrination', 70),
  ('e_change', 'vaf-2012', 'engagement', 'A desire for political or moral change', 80),
  ('e_opportunistic', 'vaf-2012', 'engagement', 'Opportunistic involvement', 90),
  ('e_family', 'vaf-2012', 'engagement', 'Family or friends involved in or supporting extremist offending', 100),
  ('e_transition', 'vaf-2012', 'engagement', 'Being at a transitional time of life', 110),
  ('e_group', 'vaf-2012', 'engagement', 'Being influenced or controlled by a group', 120),
  ('e_mental_health', 'vaf-2012', 'engagement', 'Relevant mental health issues', 130),
  ('i_over_identification', 'vaf-2012', 'intent', 'Over-identification with a group or ideology', 210),
  ('i_them_and_us', 'vaf-2012', 'intent', '"Them and us" thinking', 220),
  ('i_dehumanisation', 'vaf-2012', 'intent', 'Dehumanisation of the enemy', 230),
  ('i_attitudes', 'vaf-2012', 'intent', 'Attitudes that justify offending', 240),
  ('i_means', 'vaf-2012', 'intent', 'Harmful means to an end', 250),
  ('i_objectives', 'vaf-2012', 'intent', 'Harmful objectives', 260),
  ('c_knowledge', 'vaf-2012', 'capability', 'Individual knowledge, skills and competencies', 310),
  ('c_access', 'vaf-2012', 'capability', 'Access to networks, funding or equipment', 320),
  ('c_criminal_history', 'vaf-2012', 'capability', 'Criminal history', 330);
--> statement-breakpoint
-- The catalogue of support a plan can draw on (domain reference §6). Only ideological or theological mentoring
-- must be given by a Home Office-approved Intervention Provider; panels may add local types here.
INSERT INTO intervention_types (code, label, needs_approved_provider, sort_order) VALUES
  ('ideological_theological_mentoring', 'Ideological or theological mentoring', true, 10),
  ('practical_mentoring', 'Practical mentoring', false, 20),
  ('cyber_skills', 'Cyber skills', false, 30),
  ('family_support', 'Family support', false, 40),
  ('mental_health', 'Mental health', false, 50),
  ('education_training_employment', 'Education, training or employment', false, 60),
  ('housing', 'Housing', false, 70),
  ('diversionary', 'Diversionary activity (for example sport)', false, 80),
  ('substance_misuse', 'Substance misuse', false, 90),
  ('online_safety', 'Online safety', false, 100),
  ('life_skills', 'Life skills', false, 110),
  ('other', 'Other', false, 120);
--> statement-breakpoint
-- Cases the police referred to Channel before Channel cases existed: one case each, awaiting the panel, so no
-- referral made earlier is lost from the panel's view. The latest referral to Channel of each referral wins.
INSERT INTO channel_cases (id, referral_id, local_authority_id, police_org_id, state, referred_at, referred_via)
SELECT gen_random_uuid(), c.referral_id, c.la, r.owning_org_id, 'awaiting_panel', c.at, c.via
FROM (
  SELECT DISTINCT ON (referral_id) referral_id, la, at, via FROM (
    SELECT d.referral_id, (d.details ->> 'localAuthorityId')::uuid AS la, d.decided_at AS at, 'gateway' AS via
    FROM gateway_decisions d WHERE d.outcome = 'channel' AND d.status = 'effective'
    UNION ALL
    SELECT p.referral_id, p.local_authority_id, p.created_at, 'police_led_review'
    FROM police_led_reviews p WHERE p.decision = 'refer_to_channel'
  ) x
  ORDER BY referral_id, at DESC
) c
JOIN referrals r ON r.id = c.referral_id
WHERE r.state = 'referred_to_channel';
