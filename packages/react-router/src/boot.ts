/**
 * The Messenger's boot for one request, as the root `loader` returns it
 * (`intercomSettings(context)`) and `<IntercomScript boot>` renders it: the
 * boot script's content, made and escaped on the server. The browser sync
 * reads the settings it sets (`window.intercomSettings`) from it after a
 * revalidation, so the settings and their proof are not sent a second time
 * beside it. It holds no secret: only what the page itself sends to the
 * Messenger.
 */
export interface IntercomBoot {
  /** The content of the inline boot script (no tag), safe to insert byte for byte. */
  script: string;
}
