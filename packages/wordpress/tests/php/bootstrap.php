<?php
/**
 * Loads the plugin's PHP units without WordPress. The few WordPress functions and classes
 * the request handlers call are stand-ins with WordPress's behaviour (support/wordpress-stubs.php),
 * so the same code runs.
 *
 * @package IntercomIdentity
 */

define( 'INTERCOM_IDENTITY_TESTING', true );

$includes = dirname( __DIR__, 2 ) . '/includes';
require_once $includes . '/class-intercom-identity-error.php';
require_once $includes . '/class-intercom-identity-signer.php';
require_once $includes . '/class-intercom-identity-config.php';
require_once $includes . '/class-intercom-identity-settings-builder.php';
require_once $includes . '/class-intercom-identity-script.php';
// The request handlers run on stand-ins of the WordPress functions they call.
require_once __DIR__ . '/support/wordpress-stubs.php';
require_once __DIR__ . '/support/log-capture.php';
require_once $includes . '/class-intercom-identity-plugin.php';
require_once $includes . '/class-intercom-identity-rest.php';

/** The shared cross-language vectors of @intercom-identity/core. */
function intercom_identity_vectors() {
	static $vectors = null;
	if ( null === $vectors ) {
		$file = dirname( __DIR__, 4 ) . '/packages/core/test/vectors.json';
		$vectors = json_decode( (string) file_get_contents( $file ), true, 512, JSON_THROW_ON_ERROR );
	}
	return $vectors;
}

/**
 * One case of a section of the shared vectors, by name; fails loudly when the file lost it.
 *
 * @param string $section hash, jwt, loader or personMarkers.
 * @param string $name    Case name.
 * @return array
 */
function intercom_identity_vector( $section, $name ) {
	foreach ( intercom_identity_vectors()[ $section ] as $vector ) {
		if ( $vector['name'] === $name ) {
			return $vector;
		}
	}
	throw new RuntimeException( "vectors.json has no $section case named $name" );
}
