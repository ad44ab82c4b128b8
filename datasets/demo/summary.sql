-- A readable summary of the latest audit run in a sanx database (scripts/demo.sh prints it after auditing
-- the demo world): counts by severity, counts by pack and catalog pattern, and the top finding of each
-- pattern with its reason. Usage: sqlite3 build/demo/sanx.db < datasets/demo/summary.sql
.mode list
.headers off
CREATE TEMP TABLE catalog(name TEXT PRIMARY KEY, id TEXT);
INSERT INTO catalog VALUES
  ('spfs_cross_border_message', 'A1'), ('sepam_spfs_bridge_iran_russia', 'A2'), ('mir_shetab_card_link', 'A3'),
  ('ffi_military_industrial_base_exposure', 'A4'), ('cips_rmb_russia_corridor', 'A5'),
  ('iran_shadow_banking_exchange_house', 'A6'), ('third_party_payer_mismatch', 'A7'),
  ('nested_correspondent_for_sanctioned_jurisdiction', 'A8'), ('ofac_50pct_aggregate_blocked', 'B1'),
  ('eu_owned_or_controlled', 'B2'), ('uk_owned_or_controlled', 'B3'), ('control_without_ownership', 'B4'),
  ('near_threshold_ownership', 'B5'), ('designation_time_validity', 'B6'),
  ('chp_item_via_transshipment_hub_to_russia', 'C1'), ('eaeu_internal_border_diversion', 'C2'),
  ('consignee_incorporated_after_invasion', 'C3'), ('trade_flow_anomaly_third_country', 'C4'),
  ('eu_no_russia_clause_missing', 'C5'), ('eu_best_efforts_subsidiary', 'C6'),
  ('iran_uav_component_procurement', 'E1'), ('caspian_instc_sensitive_cargo', 'E2'),
  ('eaeu_iran_fta_origin_misdeclaration', 'E3'), ('foreign_branch_or_subsidiary_of_sanctioned_bank', 'E4'),
  ('proliferation_financing_profile', 'E5'), ('china_iran_intermediary_trade', 'E6'),
  ('front_company_shared_identity', 'front');
CREATE TEMP TABLE f AS
  SELECT fi.*,
         CASE fi.severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END AS rank,
         substr(fi.rule, 1, instr(fi.rule, '.') - 1) AS pack,
         coalesce(c.id || ' ' || fi.pattern, fi.pattern, '(' || fi.rule || ')') AS label,
         -- planted rows have named ids (PAY-A1-01, SHP-C2-03, ...); background rows are numbered
         (fi.subject_id GLOB 'PAY-[0-9]*' OR fi.subject_id GLOB 'SHP-[0-9]*') AS background
  FROM findings fi LEFT JOIN catalog c ON c.name = fi.pattern
  WHERE fi.run_id = (SELECT max(id) FROM runs WHERE command LIKE '%audit%');

SELECT printf('%s findings in run %d (%s undetermined), on %s subjects', count(*), max(run_id),
              sum(outcome = 'undetermined'), count(DISTINCT subject_id)) FROM f;
SELECT '';
SELECT 'By severity:';
SELECT printf('  %-9s %7d', severity, count(*)) FROM f GROUP BY severity ORDER BY max(rank) DESC;
SELECT '';
SELECT 'By pack and pattern (planted rows / background rows):';
SELECT printf('  %-14s %-56s %6d  (%d / %d)  %s', pack, label, count(*), sum(NOT background), sum(background),
              group_concat(DISTINCT severity))
FROM f GROUP BY pack, label ORDER BY pack, label;
SELECT '';
SELECT 'Top finding of each pattern (most severe first; planted rows before background):';
SELECT printf('  %-8s %-6s %-36s %s  %s', severity, coalesce((SELECT id FROM catalog WHERE name = pattern), '-'),
              subject_id, coalesce(subject_date, '          '),
              CASE WHEN length(reason) > 170 THEN substr(reason, 1, 167) || '...' ELSE reason END)
FROM (SELECT *, row_number() OVER (PARTITION BY label ORDER BY rank DESC, background, subject_date IS NULL, subject_date, subject_id) AS n
      FROM f WHERE outcome = 'fired' AND pattern IS NOT NULL)
WHERE n = 1 ORDER BY rank DESC, label;
