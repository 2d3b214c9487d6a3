<?php
/**
 * The signer's checks: errors with stable codes, never the secret in a message.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class SignerTest extends TestCase {

	const SECRET = 'wp-test-secret-0123456789abcdefXYZ';

	private function code_of( callable $call ) {
		try {
			$call();
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertStringNotContainsString( self::SECRET, $error->getMessage() );
			return $error->get_error_code();
		}
		$this->fail( 'expected an Intercom_Identity_Error' );
	}

	public function test_a_whole_number_id_is_hashed_as_its_decimal_string() {
		$this->assertSame( Intercom_Identity_Signer::user_hash( self::SECRET, '1001' ), Intercom_Identity_Signer::user_hash( self::SECRET, 1001 ) );
	}

	public function test_identifiers_are_hashed_exactly_as_given() {
		$this->assertNotSame( Intercom_Identity_Signer::user_hash( self::SECRET, 'Alice@Example.com' ), Intercom_Identity_Signer::user_hash( self::SECRET, 'alice@example.com' ) );
		$this->assertNotSame( Intercom_Identity_Signer::user_hash( self::SECRET, ' u_1' ), Intercom_Identity_Signer::user_hash( self::SECRET, 'u_1' ) );
	}

	public function test_bad_identifiers_get_stable_codes() {
		$this->assertSame( 'IDENTIFIER_EMPTY', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, '' ) ) );
		$this->assertSame( 'IDENTIFIER_EMPTY', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, " \u{00A0}\t" ) ) );
		$this->assertSame( 'IDENTIFIER_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, "u\n1" ) ) );
		$this->assertSame( 'IDENTIFIER_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, "u\xC3" ) ) );
		$this->assertSame( 'IDENTIFIER_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, -1 ) ) );
		$this->assertSame( 'IDENTIFIER_MISSING', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, null ) ) );
		$this->assertSame( 'IDENTIFIER_TOO_LONG', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( self::SECRET, str_repeat( 'a', 65537 ) ) ) );
	}

	public function test_bad_secrets_get_stable_codes_without_the_secret() {
		$this->assertSame( 'SECRET_MISSING', $this->code_of( fn() => Intercom_Identity_Signer::user_hash( '  ', 'u_1' ) ) );
		$this->assertSame( 'SECRET_MALFORMED', $this->code_of( fn() => Intercom_Identity_Signer::check_configured_secret( 'wp-test-secret 0123456789abcdefXYZ', 'web secret' ) ) );
		$this->assertSame( 'SECRET_IS_ACCESS_TOKEN', $this->code_of( fn() => Intercom_Identity_Signer::check_configured_secret( 'dG9rOjEyMzQ1Njc4OWFiY2RlZg==', 'web secret' ) ) );
	}

	public function test_a_tampered_hash_does_not_verify() {
		$hash = Intercom_Identity_Signer::user_hash( self::SECRET, 'u_1001' );
		$this->assertTrue( Intercom_Identity_Signer::verify_user_hash( self::SECRET, 'u_1001', $hash ) );
		$this->assertFalse( Intercom_Identity_Signer::verify_user_hash( self::SECRET, 'u_1002', $hash ) );
		$this->assertFalse( Intercom_Identity_Signer::verify_user_hash( self::SECRET, 'u_1001', substr( $hash, 0, 63 ) . ( '0' === $hash[63] ? '1' : '0' ) ) );
		$this->assertFalse( Intercom_Identity_Signer::verify_user_hash( self::SECRET, 'u_1001', 'not-hex' ) );
	}

	public function test_jwt_adds_iat_and_exp_after_the_given_claims() {
		$token   = Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u_1', 'email' => 'a@example.com' ), 900, 1767225600 );
		$payload = json_decode( base64_decode( strtr( explode( '.', $token )[1], '-_', '+/' ) ), true );
		$this->assertSame( array( 'user_id' => 'u_1', 'email' => 'a@example.com', 'iat' => 1767225600, 'exp' => 1767226500 ), $payload );
		$no_exp = Intercom_Identity_Signer::jwt_payload( array( 'user_id' => 7 ), null, 10 );
		$this->assertSame( array( 'user_id' => '7', 'iat' => 10 ), $no_exp );
	}

	public function test_jwt_signature_is_hs256_over_header_and_payload() {
		$token = Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u_1' ), 60, 100 );
		list( $header, $payload, $signature ) = explode( '.', $token );
		$this->assertSame( '{"alg":"HS256","typ":"JWT"}', base64_decode( strtr( $header, '-_', '+/' ) ) );
		$expected = rtrim( strtr( base64_encode( hash_hmac( 'sha256', "$header.$payload", self::SECRET, true ) ), '+/', '-_' ), '=' );
		$this->assertSame( $expected, $signature );
	}

	public function test_integral_floats_are_written_as_javascript_writes_them() {
		$this->assertSame( '{"user_id":"u","seats":42,"ratio":0.5,"iat":1}', Intercom_Identity_Signer::claims_json( Intercom_Identity_Signer::jwt_payload( array( 'user_id' => 'u', 'seats' => 42.0, 'ratio' => 0.5 ), null, 1 ) ) );
	}

	public function test_bad_claims_get_stable_codes() {
		$this->assertSame( 'JWT_USER_ID_REQUIRED', $this->code_of( fn() => Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'email' => 'a@example.com' ) ) ) );
		$this->assertSame( 'JWT_CLAIM_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u', 'plan' => array( 'x' ) ) ) ) );
		$this->assertSame( 'JWT_CLAIM_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u', 'exp' => 'soon' ) ) ) );
		$this->assertSame( 'JWT_CLAIM_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u', 'score' => INF ) ) ) );
		$this->assertSame( 'JWT_EXPIRES_IN_INVALID', $this->code_of( fn() => Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => 'u' ), 0 ) ) );
	}
}
