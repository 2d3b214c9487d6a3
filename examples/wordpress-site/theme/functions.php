<?php
/**
 * Demo theme setup: the header shows who is signed in, so the front-end admin bar is off.
 *
 * @package IntercomDemo
 */

add_filter( 'show_admin_bar', '__return_false' );

// As a site behind a CDN might: every page may be kept at the CDN for a minute.
// The plugin removes this header from pages that carry a signed-in user's proof.
add_action(
	'send_headers',
	static function () {
		header( 'CDN-Cache-Control: public, max-age=60' );
	}
);

// With INTERCOM_CONSENT=required: a small banner in place of the site's consent tool.
require __DIR__ . '/consent-banner.php';
