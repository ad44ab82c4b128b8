// Peer (b): json-rules-engine, one Engine holding the 20 rules, run once per payment (facts = the
// payment; ocountry / bcountry computed facts; substring via a custom operator). Best of RUNS.
'use strict';
const { loadPayments, checkCounts, report, args, now } = require('./common');
const { RULES, toJre } = require('./rules');
const { Engine } = require('json-rules-engine');

async function main() {
  const { dir, limit, runs } = args();
  const payments = loadPayments(dir, limit);
  const engine = new Engine([], { allowUndefinedFacts: false });
  engine.addOperator('hasText', (factValue, jsonValue) => typeof factValue === 'string' && factValue.includes(jsonValue));
  engine.addFact('ocountry', async (params, almanac) => (await almanac.factValue('obic')).substring(4, 6));
  engine.addFact('bcountry', async (params, almanac) => (await almanac.factValue('bbic')).substring(4, 6));
  for (const [name, e] of RULES) {
    engine.addRule({ name, conditions: toJre(['and', e]), event: { type: name } });
  }
  let best = Infinity, counts;
  for (let r = 0; r < runs; ++r) {
    const c = {};
    const t0 = now();
    for (let i = 0; i < payments.length; ++i) {
      const { events } = await engine.run(payments[i]);
      for (const ev of events) c[ev.type] = (c[ev.type] || 0) + 1;
    }
    best = Math.min(best, now() - t0);
    counts = c;
  }
  checkCounts(dir, counts, limit);
  report('json-rules-engine', 1, payments.length, best, Object.values(counts).reduce((a, b) => a + b, 0),
         limit ? `prefix-${payments.length}` : '');
}
main().catch((e) => { console.error(e); process.exit(1); });
