-- The bulk load (synthetic/deferredChecks.ts) fills referral_statistics for every referral at once. Through
-- referral_statistics_describe and referral_statistics_outcomes (0016) that was an insert and then an update of
-- every row, the outcomes looked up referral by referral and case by case: 33 s of the 88 s after the last row at
-- 1,000,000 referrals. This works out the same rows in one pass, each table read once, the latest judgement and
-- consent taken by one sort and the cases grouped by referral, then joined by hash: 10 s. Its definitions are those of
-- the two functions; test/integration/synthetic.test.ts holds the two ways equal, row for row, on a seeded set
-- (loaded in bulk, and in batches through the triggers). Only for an empty table: it inserts every referral's row.
CREATE FUNCTION "referral_statistics_rebuild"() RETURNS void LANGUAGE sql SET jit = off AS $$
  INSERT INTO referral_statistics (referral_id, submitted_at, referrer_org_id, owning_org_id, age, gender, ethnicity, mental_health, neurodivergence, concern_types, discussed, adopted, consent)
  SELECT r.id, r.submitted_at, r.referrer_org_id, r.owning_org_id,
    COALESCE(extract(year FROM age((r.submitted_at AT TIME ZONE 'Europe/London')::date, r.subject_date_of_birth))::int, r.subject_approx_age),
    r.submission -> 'subject' ->> 'gender',
    r.submission -> 'subject' ->> 'ethnicity',
    COALESCE(r.submission -> 'concern' -> 'supportNeeds' @> '["mental_health"]'::jsonb, false),
    COALESCE(r.submission -> 'concern' -> 'supportNeeds' @> '["autism_or_neurodivergence"]'::jsonb, false),
    j.concern_types, COALESCE(o.discussed, false), COALESCE(o.adopted, false), o.consent
  FROM referrals r
  LEFT JOIN (SELECT DISTINCT ON (referral_id) referral_id, concern_types FROM threshold_judgements ORDER BY referral_id, recorded_at DESC, id DESC) j
    ON j.referral_id = r.id
  LEFT JOIN (
    SELECT c.referral_id,
      bool_or(c.adopted_at IS NOT NULL OR COALESCE(d.decided, false)) AS discussed,
      bool_or(c.adopted_at IS NOT NULL OR COALESCE(d.adopt, false)) AS adopted,
      (array_agg(k.status ORDER BY k.recorded_at DESC, k.id DESC) FILTER (WHERE k.status IS NOT NULL))[1] AS consent
    FROM channel_cases c
    LEFT JOIN (SELECT channel_case_id, true AS decided, bool_or(decision = 'adopt') AS adopt FROM panel_decisions GROUP BY channel_case_id) d
      ON d.channel_case_id = c.id
    LEFT JOIN (SELECT DISTINCT ON (channel_case_id) channel_case_id, status, recorded_at, id FROM consents ORDER BY channel_case_id, recorded_at DESC, id DESC) k
      ON k.channel_case_id = c.id
    GROUP BY c.referral_id
  ) o ON o.referral_id = r.id
$$;
