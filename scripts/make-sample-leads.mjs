#!/usr/bin/env node
// Writes samples/leads.csv: 240 synthetic leads (deterministic), about 1 in 12 invalid.
// Every name, email and phone is made up; emails use reserved example domains.
import { writeFileSync } from 'node:fs';

const first = [
  'Ada',
  'Ben',
  'Cleo',
  'Dev',
  'Eli',
  'Fay',
  'Gus',
  'Hana',
  'Ivo',
  'June',
  'Kai',
  'Lena',
];
const last = ['Moss', 'Nash', 'Ortiz', 'Park', 'Quinn', 'Reyes', 'Shaw', 'Tran', 'Ueda', 'Vance'];
const states = [
  'AZ',
  'CA',
  'CO',
  'FL',
  'Georgia',
  'NV',
  'NY',
  'TX',
  'ut',
  'WA',
  'New Mexico',
  'OR',
];
// mulberry32: small, deterministic, and well spread in every bit.
let seed = 7;
const next = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
};
const pick = (list) => list[next() % list.length];
const rows = [['first_name', 'last_name', 'email', 'phone', 'state', 'postal_code']];
for (let i = 0; i < 240; i++) {
  const f = pick(first);
  const l = pick(last);
  let email = `${f}.${l}${i}@example.com`;
  let phone = `(${200 + (next() % 700)}) 555-${String(1000 + (next() % 9000))}`;
  let state = pick(states);
  let zip = String(10000 + (next() % 89999));
  if (i % 40 === 17) email = `${f.toLowerCase()}${i}@outage.example`;
  if (i % 12 === 5) {
    const flaw = i % 3;
    if (flaw === 0) email = `${f}.${l}.at.example.com`;
    if (flaw === 1) phone = '555-01';
    if (flaw === 2) state = 'Atlantis';
  }
  rows.push([f, `${l}, Jr.`.slice(0, i % 5 === 0 ? 9 : l.length), email, phone, state, zip]);
}
const csv = rows
  .map((row) => row.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
  .join('\n');
writeFileSync(new URL('../samples/leads.csv', import.meta.url), `${csv}\n`);
console.log(`wrote ${rows.length - 1} leads`);
