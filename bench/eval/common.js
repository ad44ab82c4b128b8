// Shared by the peers: loading the exported payments (not timed), timing, and the result line.
'use strict';
const fs = require('fs');
const path = require('path');

/// Payments of DIR/payments.csv as objects; `limit` keeps a prefix.
function loadPayments(dir, limit) {
  const text = fs.readFileSync(path.join(dir, 'payments.csv'), 'utf8');
  const lines = text.split('\n');
  const out = [];
  for (let i = 1; i < lines.length && (!limit || out.length < limit); ++i) {
    const line = lines[i];
    if (!line) continue;
    const c = line.split(',');
    out.push({ id: c[0], network: c[1], currency: c[2], amount: Number(c[3]), obic: c[4], bbic: c[5],
               obank_country: c[6], bbank_country: c[7], purpose: c[8] });
  }
  return out;
}

/// Compares per-rule counts with sanx's (sanx_counts.json, for the full export only).
function checkCounts(dir, counts, prefix) {
  if (prefix) return;
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'sanx_counts.json'), 'utf8'));
  for (const [rule, n] of Object.entries(expected)) {
    if ((counts[rule] || 0) !== n) console.error(`warning: rule ${rule}: ${counts[rule] || 0} findings, sanx ${n}`);
  }
}

function report(engine, threads, payments, seconds, findings, note) {
  console.log(`${engine} threads=${threads} payments=${payments} payments_per_s=${Math.round(payments / seconds)} ` +
              `findings=${findings} seconds=${seconds.toFixed(4)}${note ? ' note=' + note : ''}`);
}

function args() {
  const dir = process.argv[2];
  const limit = process.argv[3] ? Number(process.argv[3]) : 0;
  const runs = process.argv[4] ? Number(process.argv[4]) : 3;
  if (!dir) { console.error('usage: node PEER.js EXPORT_DIR [LIMIT] [RUNS]'); process.exit(2); }
  return { dir, limit, runs };
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

module.exports = { loadPayments, checkCounts, report, args, now };
