<?php
/**
 * Every case of packages/core/test/vectors.json in PHP, byte for byte: the signing, the
 * boot script (the core's loader) and the person markers.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class VectorsTest extends TestCase {

	public static function hash_vectors() {
		$cases = array();
		foreach ( intercom_identity_vectors()['hash'] as $vector ) {
			$cases[ $vector['name'] ] = array( $vector['secret'], $vector['identifier'], $vector['user_hash'] );
		}
		return $cases;
	}

	public static function jwt_vectors() {
		$cases = array();
		foreach ( intercom_identity_vectors()['jwt'] as $vector ) {
			$cases[ $vector['name'] ] = array( $vector['secret'], $vector['claims'], $vector['token'] );
		}
		return $cases;
	}

	public static function loader_vectors() {
		$cases = array();
		foreach ( intercom_identity_vectors()['loader'] as $vector ) {
			$cases[ $vector['name'] ] = array( $vector['app_id'], $vector['widget_url'], $vector['consent'], $vector['load'], $vector['settings'], $vector['nonce'], $vector['secret'], $vector['script'] );
		}
		return $cases;
	}

	public static function person_marker_vectors() {
		$cases = array();
		foreach ( intercom_identity_vectors()['personMarkers'] as $vector ) {
			$cases[ $vector['name'] ] = array( $vector['settings'], $vector['secret'], $vector['marker'], $vector['storage_key'] );
		}
		return $cases;
	}

	/**
	 * The boot script tag the way the core writes it, from the plugin's content and its marker
	 * attribute. On a page, WordPress writes the tag (wp_print_inline_script_tag): the same
	 * content and attributes, plus the plugin's id, line breaks around the content, and the
	 * nonce of its CSP filters, written as this writes it (esc_attr of a base64 value is itself).
	 *
	 * @param string      $content Script content.
	 * @param string|null $nonce   CSP nonce.
	 * @return string
	 */
	private static function tag_as_the_core_writes_it( $content, $nonce ) {
		$attributes = array_diff_key( Intercom_Identity_Script::ATTRIBUTES, array( 'id' => true ) );
		if ( null !== $nonce && '' !== $nonce ) {
			$attributes['nonce'] = $nonce;
		}
		$html = '';
		foreach ( $attributes as $name => $value ) {
			$html .= sprintf( ' %s="%s"', $name, htmlspecialchars( $value, ENT_QUOTES, 'UTF-8' ) );
		}
		return '<script' . $html . '>' . $content . '</script>';
	}

	public function test_the_vector_file_holds_every_kind_of_case() {
		$this->assertGreaterThanOrEqual( 60, count( self::hash_vectors() ) );
		$this->assertGreaterThanOrEqual( 20, count( self::jwt_vectors() ) );
		$this->assertGreaterThanOrEqual( 8, count( self::loader_vectors() ) );
		// Every way the boot script can wait: not at all, for consent, for a click, for both.
		$modes = array_unique( array_map( static fn( $case ) => $case[2] . '+' . $case[3], self::loader_vectors() ) );
		sort( $modes );
		$this->assertSame( array( 'none+interaction', 'none+page', 'required+interaction', 'required+page' ), $modes );
		$this->assertGreaterThanOrEqual( 20, count( self::person_marker_vectors() ) );
	}

	/**
	 * @dataProvider hash_vectors
	 */
	public function test_user_hash_matches_the_core( $secret, $identifier, $expected ) {
		$this->assertSame( $expected, Intercom_Identity_Signer::user_hash( $secret, $identifier ) );
		$this->assertTrue( Intercom_Identity_Signer::verify_user_hash( $secret, $identifier, strtoupper( $expected ) ) );
	}

	/**
	 * @dataProvider jwt_vectors
	 */
	public function test_jwt_matches_the_core( $secret, array $claims, $expected ) {
		// The vectors carry iat (and exp when there is one), so no lifetime is added.
		$this->assertSame( $expected, Intercom_Identity_Signer::sign_jwt( $secret, $claims, null ) );
	}

	/**
	 * @dataProvider jwt_vectors
	 */
	public function test_jwt_payload_decodes_to_the_claims_in_their_order( $secret, array $claims, $token ) {
		$parts   = explode( '.', $token );
		$decoded = json_decode( base64_decode( strtr( $parts[1], '-_', '+/' ) ), true );
		$this->assertSame( array_keys( $claims ), array_keys( $decoded ) );
		$this->assertSame( $claims, $decoded );
	}

	/**
	 * The plugin resolves the widget URL, the web secret, the consent and the load mode from its
	 * constants, as the core from widgetUrl, secret, consent and load, then renders the core's boot
	 * script with the secret's marker key, gated as the plugin gates a page (no WP Consent API here).
	 *
	 * @dataProvider loader_vectors
	 */
	public function test_boot_script_matches_the_core( $app_id, $widget_url, $consent, $load, array $settings, $nonce, $secret, $expected ) {
		$fixed = array(
			'INTERCOM_APP_ID'  => array( $app_id, 'constant' ),
			'INTERCOM_CONSENT' => array( $consent, 'constant' ),
			'INTERCOM_LOAD'    => array( $load, 'constant' ),
		);
		if ( null !== $widget_url ) {
			$fixed['INTERCOM_WIDGET_URL'] = array( $widget_url, 'constant' );
		}
		if ( null !== $secret ) {
			$fixed['INTERCOM_IDENTITY_SECRET'] = array( $secret, 'constant' );
		}
		$config  = Intercom_Identity_Config::resolve( $fixed, array() );
		$this->assertFalse( Intercom_Identity_Plugin::consent_api_active() );
		$content = Intercom_Identity_Script::content( $settings, $config->widget_url, $config->marker_key(), Intercom_Identity_Plugin::gate( $config ) );
		$this->assertSame( $expected, self::tag_as_the_core_writes_it( $content, $nonce ) );
	}

	/**
	 * @dataProvider person_marker_vectors
	 */
	public function test_person_marker_matches_the_core( array $settings, $secret, $marker, $storage_key ) {
		$this->assertSame( $marker, Intercom_Identity_Script::person_marker( $settings, Intercom_Identity_Script::marker_key( $secret ) ) );
		$this->assertSame( $storage_key, Intercom_Identity_Script::storage_key( $settings['app_id'] ) );
	}
}
