<?php
/**
 * Configuration: constants and environment win over the settings page, field by field.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class ConfigTest extends TestCase {

	const SECRET = 'wp-config-secret-0123456789abcdefWXYZ';

	private function code_of( callable $call ) {
		try {
			$call();
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertStringNotContainsString( self::SECRET, $error->getMessage() );
			return $error->get_error_code();
		}
		$this->fail( 'expected an Intercom_Identity_Error' );
	}

	public function test_two_constants_are_a_whole_configuration() {
		$config = Intercom_Identity_Config::resolve(
			array(
				'INTERCOM_APP_ID'          => array( 'abc123', 'constant' ),
				'INTERCOM_IDENTITY_SECRET' => array( self::SECRET, 'constant' ),
			),
			array()
		);
		$this->assertSame( 'abc123', $config->app_id );
		$this->assertSame( 'user_hash', $config->mode );
		$this->assertSame( 'https://api-iam.intercom.io', $config->api_base );
		$this->assertSame( 'id', $config->identifier );
		$this->assertSame( 'https://widget.intercom.io/widget/abc123', $config->widget_url );
		$this->assertSame( self::SECRET, $config->secret( 'web' ) );
		$this->assertNull( $config->secret( 'ios' ) );
		$this->assertSame( 'WXYZ', $config->secret_hint( 'web' ) );
	}

	public function test_constants_win_over_saved_options_and_say_where_each_value_came_from() {
		$config = Intercom_Identity_Config::resolve(
			array( 'INTERCOM_APP_ID' => array( 'fromconst', 'constant' ) ),
			array(
				'app_id' => 'fromoption',
				'secret' => self::SECRET,
				'region' => 'eu',
			)
		);
		$this->assertSame( 'fromconst', $config->app_id );
		$this->assertSame( 'constant', $config->sources['app_id'] );
		$this->assertSame( 'option', $config->sources['secret'] );
		$this->assertSame( 'https://api-iam.eu.intercom.io', $config->api_base );
	}

	public function test_a_copied_newline_is_trimmed_with_a_warning() {
		$config = Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc', 'secret' => self::SECRET . "\n" ) );
		$this->assertSame( self::SECRET, $config->secret() );
		$this->assertSame( 'SECRET_TRIMMED', $config->warnings[0]['code'] );
	}

	public function test_bad_values_get_stable_codes() {
		$this->assertSame( 'APP_ID_MISSING', $this->code_of( fn() => Intercom_Identity_Config::resolve( array(), array() ) ) );
		$this->assertSame( 'APP_ID_INVALID', $this->code_of( fn() => Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'a b' ) ) ) );
		$this->assertSame( 'MODE_UNKNOWN', $this->code_of( fn() => Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'a', 'mode' => 'hash' ) ) ) );
		$this->assertSame( 'REGION_UNKNOWN', $this->code_of( fn() => Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'a', 'region' => 'mars' ) ) ) );
		$this->assertSame( 'SECRET_MALFORMED', $this->code_of( fn() => Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'a', 'secret' => 'wp-config secret-0123456789abcdefWXYZ' ) ) ) );
		$this->assertSame( 'WIDGET_URL_INVALID', $this->code_of( fn() => Intercom_Identity_Config::resolve( array( 'INTERCOM_WIDGET_URL' => array( 'javascript:alert(1)', 'env' ) ), array( 'app_id' => 'a' ) ) ) );
	}

	public function test_a_secret_never_shows_in_debug_output() {
		$config = Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc', 'secret' => self::SECRET ) );
		$this->assertStringNotContainsString( self::SECRET, print_r( $config, true ) );
		$this->assertStringNotContainsString( self::SECRET, var_export( (array) $config->__debugInfo(), true ) );
	}
}
