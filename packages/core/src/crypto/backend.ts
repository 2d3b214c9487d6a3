// The Node build signs with node:crypto. The web build (dist/web.js) swaps this
// module for ./backend.web.ts at bundle time, so no Node built-in is imported there.
export { backend } from './node.js';
