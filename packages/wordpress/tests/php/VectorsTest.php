<?php
/**
 * Every case of packages/core/test/vectors.json, signed in PHP, byte for byte.
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

	public function test_the_vector_file_holds_every_kind_of_case() {
		$this->assertGreaterThanOrEqual( 60, count( self::hash_vectors() ) );
		$this->assertGreaterThanOrEqual( 20, count( self::jwt_vectors() ) );
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
}
