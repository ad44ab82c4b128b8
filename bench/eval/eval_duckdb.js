// Peer (d): DuckDB (@duckdb/node-api), the payments loaded into an in-memory table first (not timed),
// then the 20 rules as one SQL query of 20 filtered counts over the table, on THREADS threads. Best of RUNS.
'use strict';
const path = require('path');
const { checkCounts, report, args, now } = require('./common');
const { RULES, toSql } = require('./rules');
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
  const { dir, limit, runs } = args();
  const threads = Number(process.env.THREADS || 2);
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await instance.connect();
  const csv = path.resolve(dir, 'payments.csv').replace(/'/g, "''");
  await con.run(`CREATE TABLE payments AS SELECT * FROM read_csv('${csv}', header = true, columns = {
    'id': 'VARCHAR', 'network': 'VARCHAR', 'currency': 'VARCHAR', 'amount': 'DECIMAL(18,2)', 'obic': 'VARCHAR',
    'bbic': 'VARCHAR', 'obank_country': 'VARCHAR', 'bbank_country': 'VARCHAR', 'purpose': 'VARCHAR'})
    ${limit ? 'LIMIT ' + limit : ''}`);
  const n = Number((await (await con.run('SELECT count(*) FROM payments')).getRows())[0][0]);
  const sql = 'SELECT ' + RULES.map(([name, e]) => `count(*) FILTER (WHERE ${toSql(e)}) AS ${name}`).join(',\n  ') +
              '\nFROM payments';
  let best = Infinity, row;
  for (let r = 0; r < runs; ++r) {
    const t0 = now();
    const reader = await con.runAndReadAll(sql);
    best = Math.min(best, now() - t0);
    row = reader.getRows()[0];
  }
  const counts = Object.fromEntries(RULES.map(([name], i) => [name, Number(row[i])]));
  checkCounts(dir, counts, limit);
  report('duckdb', threads, n, best, Object.values(counts).reduce((a, b) => a + b, 0));
}
main().catch((e) => { console.error(e); process.exit(1); });
