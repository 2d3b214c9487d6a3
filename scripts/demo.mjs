#!/usr/bin/env node
// `npm run demo`: the Next.js example with the local fake Messenger arrives with
// its issue. Until then the demo signs a sample user with the core and prints the
// boot script a page would carry.
import { ensurePnpm, installDependencies, root, run } from './lib.mjs';

const pnpm = ensurePnpm();
const [cmd, ...pre] = pnpm;
if (installDependencies(pnpm).status !== 0) process.exit(1);
if (run(cmd, [...pre, 'build']).status !== 0) process.exit(1);
const demo = `
const { createIdentity } = await import('@intercom-identity/core');
const identity = createIdentity({ appId: 'demo1234', secret: 'demo-secret-for-local-use-only-0001' });
const alice = { user_id: 'u_1001', email: 'alice@example.com', name: 'Alice Example', created_at: 1700000000 };
const settings = await identity.bootSettings(alice);
console.log('\\nSigned boot settings for Alice:\\n', settings);
console.log('\\nInline script for her page:\\n' + identity.renderScript(settings));
`;
process.exit(run(process.execPath, ['--input-type=module', '-e', demo], { cwd: `${root}/packages/core` }).status);
