<?php
/**
 * Boot settings: the values that are signed are the values that are sent.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class SettingsBuilderTest extends TestCase {

	const SECRET = 'wp-builder-secret-0123456789abcdefQRST';

	private function builder( array $options = array() ) {
		return new Intercom_Identity_Settings_Builder( Intercom_Identity_Config::resolve( array(), $options + array( 'app_id' => 'abc123', 'secret' => self::SECRET ) ) );
	}

	public function test_a_visitor_gets_no_proof() {
		$this->assertSame( array( 'app_id' => 'abc123', 'api_base' => 'https://api-iam.intercom.io' ), $this->builder()->boot_settings( null ) );
	}

	public function test_a_user_with_an_id_is_signed_by_the_id_and_sends_profile_raw_in_user_hash_mode() {
		$name     = "O'Brien \"JJ\" </script> & Co \u{2028}";
		$settings = $this->builder( array( 'mode' => 'user_hash' ) )->boot_settings( array( 'user_id' => '7', 'email' => 'a@example.com', 'name' => $name, 'company' => array( 'id' => 'c1', 'name' => 'Acme' ) ) );
		$this->assertSame( '7', $settings['user_id'] );
		$this->assertSame( 'a@example.com', $settings['email'] );
		$this->assertSame( hash_hmac( 'sha256', '7', self::SECRET ), $settings['user_hash'] );
		$this->assertSame( $name, $settings['name'] );
		$this->assertSame( array( 'id' => 'c1', 'name' => 'Acme' ), $settings['company'] );
	}

	public function test_an_email_only_user_is_signed_by_the_email_in_user_hash_mode() {
		$settings = $this->builder( array( 'mode' => 'user_hash' ) )->boot_settings( array( 'email' => 'Bob@Example.com' ) );
		$this->assertArrayNotHasKey( 'user_id', $settings );
		$this->assertSame( hash_hmac( 'sha256', 'Bob@Example.com', self::SECRET ), $settings['user_hash'] );
	}

	public function test_jwt_the_default_mode_signs_the_email_and_leaves_it_out_of_the_plain_settings() {
		$settings = $this->builder()->boot_settings( array( 'user_id' => '7', 'email' => 'a@example.com', 'name' => 'A' ), 1767225600 );
		$this->assertArrayNotHasKey( 'email', $settings );
		$this->assertArrayNotHasKey( 'user_id', $settings );
		$this->assertArrayNotHasKey( 'user_hash', $settings );
		$this->assertSame( 'A', $settings['name'] );
		$expected = Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => '7', 'email' => 'a@example.com' ), 3600, 1767225600 );
		$this->assertSame( $expected, $settings['intercom_user_jwt'] );
	}

	public function test_jwt_mode_refuses_a_user_without_id_unless_fallback_is_on() {
		try {
			$this->builder( array( 'mode' => 'jwt' ) )->boot_settings( array( 'email' => 'b@example.com' ) );
			$this->fail( 'expected JWT_USER_ID_REQUIRED' );
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertSame( 'JWT_USER_ID_REQUIRED', $error->get_error_code() );
		}
		$settings = $this->builder( array( 'mode' => 'jwt', 'jwt_fallback' => 'user_hash' ) )->boot_settings( array( 'email' => 'b@example.com' ) );
		$this->assertSame( hash_hmac( 'sha256', 'b@example.com', self::SECRET ), $settings['user_hash'] );
	}

	public function test_no_secret_never_gives_an_unsigned_identified_user() {
		$builder = new Intercom_Identity_Settings_Builder( Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123' ) ) );
		try {
			$builder->boot_settings( array( 'user_id' => '7' ) );
			$this->fail( 'expected SECRET_MISSING' );
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertSame( 'SECRET_MISSING', $error->get_error_code() );
		}
	}

	public function test_attributes_cannot_override_the_proof() {
		try {
			$this->builder()->boot_settings( array( 'user_id' => '7', 'user_hash' => 'forged' ) );
			$this->fail( 'expected ATTRIBUTE_RESERVED' );
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertSame( 'ATTRIBUTE_RESERVED', $error->get_error_code() );
		}
	}

	public function test_mobile_proofs_use_the_platform_secret_in_user_hash_mode() {
		$builder = $this->builder(
			array(
				'secret_ios' => 'wp-ios-secret-0123456789abcdefIOS1',
				'mode'       => 'user_hash',
			)
		);
		$proof   = $builder->proof( array( 'user_id' => '7', 'email' => 'a@example.com' ), 'ios' );
		$this->assertSame(
			array(
				'type'      => 'user_hash',
				'platform'  => 'ios',
				'user_id'   => '7',
				'email'     => 'a@example.com',
				'user_hash' => hash_hmac( 'sha256', '7', 'wp-ios-secret-0123456789abcdefIOS1' ),
			),
			$proof
		);
		try {
			$builder->proof( array( 'user_id' => '7' ), 'android' );
			$this->fail( 'expected SECRET_MISSING' );
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertSame( 'SECRET_MISSING', $error->get_error_code() );
		}
	}
}
