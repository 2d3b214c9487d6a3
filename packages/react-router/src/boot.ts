import type { IntercomSettings } from '@intercom-identity/core';

/**
 * The Messenger's boot for one request, as the root `loader` returns it
 * (`intercomSettings(context)`) and `<IntercomScript boot>` renders it: the
 * boot script's content, made and escaped on the server, and the settings it
 * sets, which the browser sync applies after a revalidation. It holds no
 * secret: only what the page itself sends to the Messenger.
 */
export interface IntercomBoot {
  /** The content of the inline boot script (no tag), safe to insert byte for byte. */
  script: string;
  /** The settings the script sets (`window.intercomSettings`), with the proof when a user is signed in. */
  settings: IntercomSettings;
}
