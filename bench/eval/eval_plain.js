// Peer (a): the 20 rules as one hand-written JavaScript function. Best of RUNS.
'use strict';
const { loadPayments, checkCounts, report, args, now } = require('./common');
const { SANCTIONED, HUBS, WATCH_NETWORKS, SANCTIONED_CCY } = require('./rules');

const S = new Set(SANCTIONED), H = new Set(HUBS), W = new Set(WATCH_NETWORKS), SC = new Set(SANCTIONED_CCY);
const IRRU = new Set(['IR', 'RU']), CAUC = new Set(['AM', 'KG', 'GE']);
const NAMES = ['spfs_cross_border', 'sepam_spfs_bridge', 'mir_shetab_card_link', 'cips_sanctioned_corridor',
  'large_to_sanctioned_bank', 'large_from_sanctioned_bank', 'rub_between_hubs', 'dual_use_to_hub',
  'sanctioned_currency_outside', 'iran_leg_large', 'belarus_potash', 'crude_above_cap', 'hk_very_large',
  'kz_ru_corridor_large', 'uae_gold', 'turkey_eur_to_russian_bank', 'sanctioned_parent_foreign_bic',
  'caucasus_electronics_reexport', 'card_to_sanctioned', 'crypto_via_hub'];

function evaluate(p, c) {
  const from = p.obic.substring(4, 6), to = p.bbic.substring(4, 6);
  const net = p.network, ccy = p.currency, amt = p.amount, pur = p.purpose, ob = p.obank_country, bb = p.bbank_country;
  if (net === 'SPFS' && (from !== 'RU' || to !== 'RU')) c[0]++;
  if ((net === 'SEPAM' || net === 'SPFS') && ((from === 'IR' && to === 'RU') || (from === 'RU' && to === 'IR'))) c[1]++;
  if ((net === 'MIR' || net === 'SHETAB') && IRRU.has(from) && IRRU.has(to) && from !== to) c[2]++;
  if (net === 'CIPS' && (S.has(from) || S.has(to))) c[3]++;
  if (S.has(bb) && amt > 250000) c[4]++;
  if (S.has(ob) && amt > 1000000) c[5]++;
  if (ccy === 'RUB' && H.has(from) && H.has(to)) c[6]++;
  if (H.has(to) && (pur.includes('drone') || pur.includes('microchip') || pur.includes('bearing'))) c[7]++;
  if (net === 'SWIFT' && SC.has(ccy) && !S.has(from) && !S.has(to) && amt > 10000) c[8]++;
  if ((from === 'IR' || to === 'IR') && amt > 50000) c[9]++;
  if ((from === 'BY' || to === 'BY') && pur.includes('potash')) c[10]++;
  if (pur.includes('crude') && ccy === 'USD' && amt > 500000) c[11]++;
  if (to === 'HK' && amt >= 1000000) c[12]++;
  if (from === 'KZ' && to === 'RU' && amt > 50000) c[13]++;
  if ((from === 'AE' || to === 'AE') && pur.includes('gold')) c[14]++;
  if (from === 'TR' && bb === 'RU' && ccy === 'EUR') c[15]++;
  if (S.has(ob) && !S.has(from) && amt > 10000) c[16]++;
  if (CAUC.has(from) && pur.includes('electronics') && amt > 20000) c[17]++;
  if (net === 'CARD' && S.has(to)) c[18]++;
  if (pur.includes('crypto') && (H.has(from) || H.has(to)) && W.has(net)) c[19]++;
}

const { dir, limit, runs } = args();
const payments = loadPayments(dir, limit);
let best = Infinity, counts;
for (let r = 0; r < runs; ++r) {
  const c = new Array(20).fill(0);
  const t0 = now();
  for (let i = 0; i < payments.length; ++i) evaluate(payments[i], c);
  best = Math.min(best, now() - t0);
  counts = c;
}
const byName = Object.fromEntries(NAMES.map((n, i) => [n, counts[i]]));
checkCounts(dir, byName, limit);
report('plain-js', 1, payments.length, best, counts.reduce((a, b) => a + b, 0));
