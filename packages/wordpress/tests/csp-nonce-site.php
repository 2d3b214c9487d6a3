<?php
/**
 * Plugin Name: CSP nonce site (for the tests)
 * Description: Makes the site's front end a strict Content Security Policy site, as a CSP plugin does: a new nonce per page, sent in the Content-Security-Policy header and put on every script WordPress prints. Only for the plugin's tests.
 *
 * The policy allows a script only when it carries this page's nonce: no 'unsafe-inline',
 * no 'strict-dynamic', no host. So a script that another script adds (the Messenger's loader
 * adds the widget's) runs only when it is given the nonce too.
 *
 * - The header goes out on send_headers, so on the front end only: wp-login.php and wp-admin
 *   keep WordPress's own inline scripts without a nonce, as a CSP plugin leaves them.
 * - The nonce reaches scripts through WordPress's filters: wp_inline_script_attributes for
 *   wp_print_inline_script_tag() (the Intercom Identity boot script, its logout and consent
 *   scripts, the demo theme's banner) and wp_script_attributes for wp_print_script_tag().
 * - WordPress's emoji loader adds its own script without a nonce when the browser draws
 *   emoji badly, so this site turns emoji off, as CSP sites do.
 *
 * Used as a must-use plugin by e2e/wordpress-suite.ts.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || exit;

/**
 * This page's nonce: 128 random bits, base64.
 *
 * @return string
 */
function intercom_identity_test_csp_nonce() {
	static $nonce = null;
	if ( null === $nonce ) {
		$nonce = base64_encode( random_bytes( 16 ) );
	}
	return $nonce;
}

add_action(
	'send_headers',
	static function () {
		header( "Content-Security-Policy: script-src 'nonce-" . intercom_identity_test_csp_nonce() . "'; object-src 'none'; base-uri 'none'" );
	}
);

$intercom_identity_test_csp_attributes = static function ( $attributes ) {
	$attributes['nonce'] = intercom_identity_test_csp_nonce();
	return $attributes;
};
add_filter( 'wp_inline_script_attributes', $intercom_identity_test_csp_attributes );
add_filter( 'wp_script_attributes', $intercom_identity_test_csp_attributes );

remove_action( 'wp_head', 'print_emoji_detection_script', 7 );
