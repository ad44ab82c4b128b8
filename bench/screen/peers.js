// Screening peers for bench/screen_bench.sh: the same names and queries as sanx_screen_bench, each query
// answered by a brute-force scan over every name, as the tools are used in practice.
//   node peers.js fuzzball|jaro-winkler NAMES.tsv QUERIES.tsv [MAX_QUERIES]
// NAMES.tsv: entity<TAB>name per line. QUERIES.tsv: query<TAB>expected entity (empty for a negative).
// Prints one JSON line: peer, queries, ms per query, and top-1 accuracy on the positive queries (the best
// name's entity is the expected one).
'use strict';
const fs = require('fs');

const [peer, namesPath, queriesPath, maxArg] = process.argv.slice(2);
const rows = (p) => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
const names = rows(namesPath);
const choices = names.map((r) => r[1]);
let queries = rows(queriesPath);
if (maxArg) queries = queries.slice(0, Number(maxArg));

let best;
if (peer === 'fuzzball') {
  const fuzz = require('fuzzball');
  // extract with token_set_ratio, the usual choice for names in any order; choices processed once, as
  // the library recommends for repeated extraction.
  const options = { scorer: fuzz.token_set_ratio, limit: 1 };
  best = (q) => {
    const r = fuzz.extract(q, choices, options);
    return r.length ? r[0][2] : -1;
  };
} else if (peer === 'jaro-winkler') {
  const jw = require('jaro-winkler');
  const lowered = choices.map((c) => c.toLowerCase());
  best = (q) => {
    const lq = q.toLowerCase();
    let top = -1;
    let topScore = -1;
    for (let i = 0; i < lowered.length; i++) {
      const s = jw(lq, lowered[i]);
      if (s > topScore) {
        topScore = s;
        top = i;
      }
    }
    return top;
  };
} else {
  console.error(`unknown peer ${peer}`);
  process.exit(2);
}

let positives = 0;
let correct = 0;
const started = process.hrtime.bigint();
for (const [query, expected] of queries) {
  const i = best(query);
  if (expected) {
    positives++;
    if (i >= 0 && names[i][0] === expected) correct++;
  }
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(JSON.stringify({
  peer,
  names: names.length,
  queries: queries.length,
  ms_per_query: ms / queries.length,
  top1_accuracy: positives ? correct / positives : null,
}));
