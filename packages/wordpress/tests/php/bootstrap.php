<?php
/**
 * Loads the plugin's pure PHP units without WordPress. A few WordPress functions the
 * units call are defined here with WordPress's own behaviour, so the same code runs.
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
