// Puts the signed boot script into the head of every server-rendered page.
import { defineNitroPlugin, getRouteRules } from '#imports';
import type { CachingRouteRule } from '../cache-rules.js';
import { type EventLike, skipSigning } from './logic.js';
import { intercom } from './setup.js';

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', async (html, { event }) => {
    // Decided by the build: Nitro's prerenderer is a build of its own, where
    // import.meta.prerender is true. Never by a request header, which anybody can send.
    const skip = skipSigning(Boolean(import.meta.prerender), getRouteRules(event) as CachingRouteRule);
    const script = await intercom.render(event as unknown as EventLike, skip);
    if (script !== null) html.head.push(script);
  });
});
