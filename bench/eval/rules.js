// The 20 rules of bench/eval_bench.cpp in a small neutral form, translated to json-logic, json-rules-engine
// conditions and SQL. Fields: network, currency, amount, purpose, ocountry / bcountry (bic_country of the
// originator / beneficiary BIC: characters 5-6), obank / bbank (country of the resolved bank).
// Ops: and, or, eq, ne, in, nin, gt, ge, contains (substring). Keep in step with the sanx pack.
'use strict';

const SANCTIONED = ['RU', 'IR', 'BY', 'KP', 'SY', 'CU'];
const HUBS = ['AE', 'TR', 'KZ', 'KG', 'AM', 'GE', 'HK', 'CN'];
const WATCH_NETWORKS = ['SPFS', 'SEPAM', 'CIPS', 'MIR', 'SHETAB'];
const SANCTIONED_CCY = ['RUB', 'IRR', 'BYN'];

const RULES = [
  ['spfs_cross_border', ['and', ['eq', 'network', 'SPFS'], ['or', ['ne', 'ocountry', 'RU'], ['ne', 'bcountry', 'RU']]]],
  ['sepam_spfs_bridge', ['and', ['in', 'network', ['SEPAM', 'SPFS']],
    ['or', ['and', ['eq', 'ocountry', 'IR'], ['eq', 'bcountry', 'RU']], ['and', ['eq', 'ocountry', 'RU'], ['eq', 'bcountry', 'IR']]]]],
  ['mir_shetab_card_link', ['and', ['in', 'network', ['MIR', 'SHETAB']], ['in', 'ocountry', ['IR', 'RU']], ['in', 'bcountry', ['IR', 'RU']],
    ['or', ['and', ['eq', 'ocountry', 'IR'], ['eq', 'bcountry', 'RU']], ['and', ['eq', 'ocountry', 'RU'], ['eq', 'bcountry', 'IR']]]]],
  ['cips_sanctioned_corridor', ['and', ['eq', 'network', 'CIPS'], ['or', ['in', 'ocountry', SANCTIONED], ['in', 'bcountry', SANCTIONED]]]],
  ['large_to_sanctioned_bank', ['and', ['in', 'bbank', SANCTIONED], ['gt', 'amount', 250000]]],
  ['large_from_sanctioned_bank', ['and', ['in', 'obank', SANCTIONED], ['gt', 'amount', 1000000]]],
  ['rub_between_hubs', ['and', ['eq', 'currency', 'RUB'], ['in', 'ocountry', HUBS], ['in', 'bcountry', HUBS]]],
  ['dual_use_to_hub', ['and', ['in', 'bcountry', HUBS],
    ['or', ['contains', 'purpose', 'drone'], ['contains', 'purpose', 'microchip'], ['contains', 'purpose', 'bearing']]]],
  ['sanctioned_currency_outside', ['and', ['eq', 'network', 'SWIFT'], ['in', 'currency', SANCTIONED_CCY],
    ['nin', 'ocountry', SANCTIONED], ['nin', 'bcountry', SANCTIONED], ['gt', 'amount', 10000]]],
  ['iran_leg_large', ['and', ['or', ['eq', 'ocountry', 'IR'], ['eq', 'bcountry', 'IR']], ['gt', 'amount', 50000]]],
  ['belarus_potash', ['and', ['or', ['eq', 'ocountry', 'BY'], ['eq', 'bcountry', 'BY']], ['contains', 'purpose', 'potash']]],
  ['crude_above_cap', ['and', ['contains', 'purpose', 'crude'], ['eq', 'currency', 'USD'], ['gt', 'amount', 500000]]],
  ['hk_very_large', ['and', ['eq', 'bcountry', 'HK'], ['ge', 'amount', 1000000]]],
  ['kz_ru_corridor_large', ['and', ['eq', 'ocountry', 'KZ'], ['eq', 'bcountry', 'RU'], ['gt', 'amount', 50000]]],
  ['uae_gold', ['and', ['or', ['eq', 'ocountry', 'AE'], ['eq', 'bcountry', 'AE']], ['contains', 'purpose', 'gold']]],
  ['turkey_eur_to_russian_bank', ['and', ['eq', 'ocountry', 'TR'], ['eq', 'bbank', 'RU'], ['eq', 'currency', 'EUR']]],
  ['sanctioned_parent_foreign_bic', ['and', ['in', 'obank', SANCTIONED], ['nin', 'ocountry', SANCTIONED], ['gt', 'amount', 10000]]],
  ['caucasus_electronics_reexport', ['and', ['in', 'ocountry', ['AM', 'KG', 'GE']], ['contains', 'purpose', 'electronics'], ['gt', 'amount', 20000]]],
  ['card_to_sanctioned', ['and', ['eq', 'network', 'CARD'], ['in', 'bcountry', SANCTIONED]]],
  ['crypto_via_hub', ['and', ['contains', 'purpose', 'crypto'], ['or', ['in', 'ocountry', HUBS], ['in', 'bcountry', HUBS]],
    ['in', 'network', WATCH_NETWORKS]]],
];

// ---- json-logic: bic_country is computed in the rule with substr, like sanx does.
function jlField(f) {
  if (f === 'ocountry') return { substr: [{ var: 'obic' }, 4, 2] };
  if (f === 'bcountry') return { substr: [{ var: 'bbic' }, 4, 2] };
  if (f === 'obank') return { var: 'obank_country' };
  if (f === 'bbank') return { var: 'bbank_country' };
  return { var: f };
}
function toJsonLogic(e) {
  const [op, a, b] = e;
  switch (op) {
    case 'and': return { and: e.slice(1).map(toJsonLogic) };
    case 'or': return { or: e.slice(1).map(toJsonLogic) };
    case 'eq': return { '===': [jlField(a), b] };
    case 'ne': return { '!==': [jlField(a), b] };
    case 'in': return { in: [jlField(a), b] };
    case 'nin': return { '!': { in: [jlField(a), b] } };
    case 'gt': return { '>': [jlField(a), b] };
    case 'ge': return { '>=': [jlField(a), b] };
    case 'contains': return { in: [b, jlField(a)] };  // substring test on strings
    default: throw new Error('op ' + op);
  }
}

// ---- json-rules-engine: ocountry / bcountry are computed facts (see eval_json_rules_engine.js),
// substring test is a custom operator `hasText`.
const JRE_FACT = { obank: 'obank_country', bbank: 'bbank_country' };
const JRE_OP = { eq: 'equal', ne: 'notEqual', in: 'in', nin: 'notIn', gt: 'greaterThan', ge: 'greaterThanInclusive', contains: 'hasText' };
function toJre(e) {
  const [op, a, b] = e;
  if (op === 'and') return { all: e.slice(1).map(toJre) };
  if (op === 'or') return { any: e.slice(1).map(toJre) };
  return { fact: JRE_FACT[a] || a, operator: JRE_OP[op], value: b };
}

// ---- SQL (DuckDB)
function sqlField(f) {
  if (f === 'ocountry') return 'substr(obic, 5, 2)';
  if (f === 'bcountry') return 'substr(bbic, 5, 2)';
  if (f === 'obank') return 'obank_country';
  if (f === 'bbank') return 'bbank_country';
  return f;
}
const q = (v) => (typeof v === 'number' ? String(v) : `'${v}'`);
function toSql(e) {
  const [op, a, b] = e;
  switch (op) {
    case 'and': return '(' + e.slice(1).map(toSql).join(' AND ') + ')';
    case 'or': return '(' + e.slice(1).map(toSql).join(' OR ') + ')';
    case 'eq': return `${sqlField(a)} = ${q(b)}`;
    case 'ne': return `${sqlField(a)} <> ${q(b)}`;
    case 'in': return `${sqlField(a)} IN (${b.map(q).join(', ')})`;
    case 'nin': return `${sqlField(a)} NOT IN (${b.map(q).join(', ')})`;
    case 'gt': return `${sqlField(a)} > ${q(b)}`;
    case 'ge': return `${sqlField(a)} >= ${q(b)}`;
    case 'contains': return `contains(${sqlField(a)}, ${q(b)})`;
    default: throw new Error('op ' + op);
  }
}

module.exports = { RULES, SANCTIONED, HUBS, WATCH_NETWORKS, SANCTIONED_CCY, toJsonLogic, toJre, toSql };
