// Peer (c): json-logic-js, the 20 rules as json-logic objects applied to each payment. Best of RUNS.
'use strict';
const { loadPayments, checkCounts, report, args, now } = require('./common');
const { RULES, toJsonLogic } = require('./rules');
const jsonLogic = require('json-logic-js');

const { dir, limit, runs } = args();
const payments = loadPayments(dir, limit);
const logic = RULES.map(([name, e]) => [name, toJsonLogic(e)]);
let best = Infinity, counts;
for (let r = 0; r < runs; ++r) {
  const c = new Array(logic.length).fill(0);
  const t0 = now();
  for (let i = 0; i < payments.length; ++i) {
    const p = payments[i];
    for (let k = 0; k < logic.length; ++k) if (jsonLogic.apply(logic[k][1], p) === true) c[k]++;
  }
  best = Math.min(best, now() - t0);
  counts = c;
}
checkCounts(dir, Object.fromEntries(logic.map(([n], i) => [n, counts[i]])), limit);
report('json-logic-js', 1, payments.length, best, counts.reduce((a, b) => a + b, 0));
