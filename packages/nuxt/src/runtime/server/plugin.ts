// Puts the signed boot script into the head of every server-rendered page.
import { defineNitroPlugin, getRouteRules } from '#imports';
import type { CachingRouteRule } from '../cache-rules.js';
import { type EventLike, skipSigning } from './logic.js';
import { intercom } from './setup.js';

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', async (html, { event }) => {
    const prerendering = Boolean(import.meta.prerender) || event.node.req.headers['x-nitro-prerender'] !== undefined;
    const skip = skipSigning(prerendering, getRouteRules(event) as CachingRouteRule);
    const script = await intercom.render(event as unknown as EventLike, skip);
    if (script !== null) html.head.push(script);
  });
});
