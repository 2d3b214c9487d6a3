#!/usr/bin/env node
// Prints the folder of the `node` binary of a pinned Node version, fetching it
// from the npm registry into .tools/ when missing (its last line of output):
//   node scripts/pinned-node.mjs 20.19.0
import { pinnedNodeBin } from './lib.mjs';

const version = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node scripts/pinned-node.mjs <major.minor.patch>');
  process.exit(2);
}
console.log(pinnedNodeBin(version));
