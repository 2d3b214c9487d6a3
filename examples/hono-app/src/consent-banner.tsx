/**
 * The demo's consent banner: it stands in for your site's consent tool (CMP).
 * It is a template: src/consent.ts shows it only on a page whose Messenger
 * waits for consent (INTERCOM_CONSENT=required), and without that gate nothing
 * of it is on the page.
 */
export function ConsentBanner() {
  return (
    <template data-consent-banner-template="">
      <aside data-consent-banner="" aria-label="Cookie consent">
        <p>
          The Intercom Messenger sets cookies in your browser, so it loads only once you allow it. <span data-consent-status="" />
        </p>
        <button type="button" data-intercom-consent="grant">
          Allow the Messenger
        </button>{' '}
        <button type="button" data-intercom-consent="withdraw">
          Withdraw consent
        </button>
      </aside>
    </template>
  );
}
