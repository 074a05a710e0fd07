-- How common a folded name is among person records, from the column's statistics (its most common values),
-- or null when the name is not among them (it is then rare, and cheap to count). Candidate finding at intake
-- used to count a common name up to 10,000 index entries, the largest part of its time at national scale;
-- reading pg_stats in the query instead cost more to plan than the count. A PL/pgSQL function plans its
-- statement once per connection.
CREATE FUNCTION "person_name_share"("p_column" text, "p_name" text) RETURNS real
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT s.most_common_freqs[array_position(s.most_common_vals::text::text[], p_name)]
    FROM pg_stats s WHERE s.schemaname = current_schema() AND s.tablename = 'person_records' AND s.attname = p_column);
END
$$;
