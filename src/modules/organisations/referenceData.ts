// Identifiers of rows created by migrations/0002_reference_data.sql.

/** The national referral queue: referrals that no force organisation in this deployment covers. */
export const NATIONAL_HUB_ORG_ID = '00000000-0000-4000-8000-000000000001';
