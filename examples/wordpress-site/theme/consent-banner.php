<?php
/**
 * The demo's consent banner, in place of a site's consent tool: with INTERCOM_CONSENT=required
 * the plugin's boot script waits for window.grantIntercomConsent(), and this banner asks.
 *
 * It appears only on a page with a consent gate (the boot script sets window.intercomConsent
 * and tells each change with the intercom-identity:consent event). The choice is the demo's
 * own, in localStorage under demo-consent ("granted" or "withdrawn"): on every page where it
 * says granted, the banner grants again, since the plugin stores no consent itself.
 *
 * Printed through wp_print_inline_script_tag(), so CSP nonce filters apply. A site with the
 * WP Consent API has a consent tool that feeds that API, and the plugin follows it: no banner.
 *
 * @package IntercomDemo
 */

add_action(
	'wp_footer',
	static function () {
		if ( function_exists( 'wp_has_consent' ) ) {
			return;
		}
		wp_print_inline_script_tag( intercom_demo_consent_banner_script(), array( 'id' => 'intercom-demo-consent-banner' ) );
	}
);

/**
 * The banner's script: builds the banner once the page has a consent gate.
 *
 * @return string
 */
function intercom_demo_consent_banner_script() {
	return <<<'JS'
(function (w, d) {
	var KEY = 'demo-consent';
	var banner = null;
	function remembered() {
		try { return w.localStorage.getItem(KEY); } catch (e) { return null; }
	}
	function remember(choice) {
		try { w.localStorage.setItem(KEY, choice); } catch (e) {}
	}
	function control(action, label, choice, act) {
		var button = d.createElement('button');
		button.type = 'button';
		button.setAttribute('data-intercom-consent', action);
		button.textContent = label;
		button.addEventListener('click', function () {
			remember(choice);
			act();
		});
		return button;
	}
	function show() {
		if (banner) return;
		banner = d.createElement('aside');
		banner.setAttribute('data-consent-banner', '');
		banner.setAttribute('data-state', String(w.intercomConsent));
		banner.setAttribute('aria-label', 'Cookie consent');
		var text = d.createElement('p');
		text.textContent = 'The Intercom Messenger sets cookies, so this site loads it only once you allow it.';
		banner.appendChild(text);
		banner.appendChild(control('grant', 'Allow the Messenger', 'granted', function () { w.grantIntercomConsent(); }));
		banner.appendChild(control('withdraw', 'Withdraw consent', 'withdrawn', function () { w.withdrawIntercomConsent(); }));
		d.body.appendChild(banner);
		if (remembered() === 'granted') w.grantIntercomConsent();
	}
	w.addEventListener('intercom-identity:consent', function (event) {
		show();
		banner.setAttribute('data-state', String(event.detail));
	});
	if (typeof w.intercomConsent === 'string') show();
})(window, document);
JS;
}
