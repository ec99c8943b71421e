#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in ../dist (built by `npm ci` via the root `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('leadrelay is not built yet: run `npm run build` at the repository root.\n');
  process.exit(1);
}
await import(entry.href);
