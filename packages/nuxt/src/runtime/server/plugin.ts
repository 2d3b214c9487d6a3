// Puts the signed boot script into the head of every server-rendered page.
import { defineNitroPlugin, getRouteRules } from '#imports';
import type { CachingRouteRule } from '../cache-rules.js';
import { bootScriptFor, type EventLike, skipSigning } from './logic.js';
import { currentSetup, sources } from './setup.js';

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', async (html, { event }) => {
    const prerendering = Boolean(import.meta.prerender) || event.node.req.headers['x-nitro-prerender'] !== undefined;
    const boot = await bootScriptFor(event as unknown as EventLike, {
      setup: currentSetup(),
      sources,
      skip: skipSigning(prerendering, getRouteRules(event) as CachingRouteRule),
      logger: console,
    });
    if (boot !== null) html.head.push(boot.script);
  });
});
