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
		$this->assertSame( 'jwt', $config->mode );
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
	/**
	 * A configuration from wp-config.php constants, with an app id unless one is given.
	 *
	 * @param array $constants Constant name => value.
	 * @return Intercom_Identity_Config
	 */
	private static function with_constants( array $constants ) {
		$fixed = array();
		foreach ( $constants + array( 'INTERCOM_APP_ID' => 'abc123' ) as $name => $value ) {
			$fixed[ $name ] = array( $value, 'constant' );
		}
		return Intercom_Identity_Config::resolve( $fixed, array() );
	}

	public function test_every_value_is_trimmed() {
		$config = self::with_constants(
			array(
				'INTERCOM_APP_ID'                         => " abc123\n",
				'INTERCOM_IDENTITY_MODE'                  => "\tjwt ",
				'INTERCOM_REGION'                         => ' eu ',
				'INTERCOM_IDENTITY_IDENTIFIER'            => ' email ',
				'INTERCOM_WIDGET_URL'                     => " http://127.0.0.1:4010/widget/{app_id}\n",
				'INTERCOM_IDENTITY_JWT_EXPIRES_IN'        => ' 900 ',
				'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES' => ' email , name ',
				'INTERCOM_IDENTITY_JWT_FALLBACK'          => ' user_hash ',
			)
		);
		$this->assertSame( 'abc123', $config->app_id );
		// Not the default: with users identified by email, that would be user_hash.
		$this->assertSame( 'jwt', $config->mode );
		$this->assertSame( 'eu', $config->region );
		$this->assertSame( 'email', $config->identifier );
		$this->assertSame( 'http://127.0.0.1:4010/widget/abc123', $config->widget_url );
		$this->assertSame( 900, $config->jwt_expires_in );
		$this->assertSame( array( 'email', 'name' ), $config->jwt_signed_attributes );
		$this->assertTrue( $config->jwt_fallback );
	}

	public function test_a_blank_value_is_not_set_and_gives_the_default() {
		$blank  = " \t\n";
		$config = self::with_constants(
			array(
				'INTERCOM_IDENTITY_SECRET'                => $blank,
				'INTERCOM_IDENTITY_MODE'                  => $blank,
				'INTERCOM_REGION'                         => $blank,
				'INTERCOM_IDENTITY_IDENTIFIER'            => $blank,
				'INTERCOM_WIDGET_URL'                     => $blank,
				'INTERCOM_IDENTITY_JWT_EXPIRES_IN'        => $blank,
				'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES' => $blank,
				'INTERCOM_IDENTITY_JWT_FALLBACK'          => $blank,
			)
		);
		$this->assertNull( $config->secret() );
		$this->assertSame( 'jwt', $config->mode );
		$this->assertSame( 'us', $config->region );
		$this->assertSame( 'id', $config->identifier );
		$this->assertSame( 'https://widget.intercom.io/widget/abc123', $config->widget_url );
		$this->assertSame( Intercom_Identity_Signer::DEFAULT_JWT_EXPIRES, $config->jwt_expires_in );
		$this->assertSame( array( 'email' ), $config->jwt_signed_attributes );
		$this->assertFalse( $config->jwt_fallback );
		foreach ( array( 'secret', 'mode', 'region', 'identifier', 'widget_url', 'jwt_expires_in', 'jwt_signed', 'jwt_fallback' ) as $field ) {
			$this->assertSame( 'default', $config->sources[ $field ], $field );
		}
	}

	public function test_a_blank_constant_leaves_the_saved_option_in_place() {
		$config = Intercom_Identity_Config::resolve( array( 'INTERCOM_IDENTITY_MODE' => array( '   ', 'constant' ) ), array( 'app_id' => 'abc', 'mode' => 'user_hash' ) );
		$this->assertSame( 'user_hash', $config->mode );
		$this->assertSame( 'option', $config->sources['mode'] );
	}

	public function test_a_site_that_saved_user_hash_keeps_it_and_one_that_never_chose_signs_jwt_with_its_secret() {
		$chose = Intercom_Identity_Config::resolve(
			array(),
			array(
				'app_id' => 'abc',
				'secret' => self::SECRET,
				'mode'   => 'user_hash',
			)
		);
		$this->assertSame( 'user_hash', $chose->mode );
		$this->assertSame( 'option', $chose->sources['mode'] );
		// The settings page saves a blank mode when its select was never changed; older saves have none.
		foreach ( array(
			'blank' => array( 'mode' => '' ),
			'none'  => array(),
		) as $label => $saved ) {
			$config = Intercom_Identity_Config::resolve(
				array(),
				array(
					'app_id' => 'abc',
					'secret' => self::SECRET,
				) + $saved
			);
			$this->assertSame( 'jwt', $config->mode, $label );
			$this->assertSame( 'default', $config->sources['mode'], $label );
			// The same secret signs the token: nothing else to set up.
			$settings = ( new Intercom_Identity_Settings_Builder( $config ) )->boot_settings( array( 'user_id' => '7' ), 1767225600 );
			$this->assertSame( Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => '7' ), 3600, 1767225600 ), $settings['intercom_user_jwt'], $label );
			$this->assertArrayNotHasKey( 'user_hash', $settings, $label );
		}
	}

	public function test_a_site_that_identifies_users_by_email_keeps_user_hash_until_it_chooses_jwt() {
		// A JWT needs a user_id, and these sites send only the email.
		$this->assertSame( 'user_hash', self::with_constants( array( 'INTERCOM_IDENTITY_IDENTIFIER' => 'email' ) )->mode );
		$chose = self::with_constants(
			array(
				'INTERCOM_IDENTITY_IDENTIFIER' => 'email',
				'INTERCOM_IDENTITY_MODE'       => 'jwt',
			)
		);
		$this->assertSame( 'jwt', $chose->mode );
		$this->assertSame( 'jwt', self::with_constants( array( 'INTERCOM_IDENTITY_IDENTIFIER' => 'id' ) )->mode );
	}

	public static function modes() {
		return array(
			'user_hash' => array( 'user_hash', 'user_hash' ),
			'USER_HASH' => array( 'USER_HASH', 'user_hash' ),
			'jwt'       => array( 'jwt', 'jwt' ),
			'JWT'       => array( 'JWT', 'jwt' ),
			'Jwt'       => array( 'Jwt', 'jwt' ),
		);
	}

	/**
	 * @dataProvider modes
	 */
	public function test_the_mode_is_read_in_any_case( $value, $mode ) {
		$this->assertSame( $mode, self::with_constants( array( 'INTERCOM_IDENTITY_MODE' => $value ) )->mode );
	}

	public function test_another_mode_is_refused() {
		foreach ( array( 'hash', 'user-hash', 'jwt2', 'hmac', 'j w t' ) as $value ) {
			$this->assertSame( 'MODE_UNKNOWN', $this->code_of( fn() => self::with_constants( array( 'INTERCOM_IDENTITY_MODE' => $value ) ) ), $value );
		}
	}

	public static function regions() {
		return array(
			'us' => array( 'us', 'https://api-iam.intercom.io' ),
			'US' => array( 'US', 'https://api-iam.intercom.io' ),
			'eu' => array( 'eu', 'https://api-iam.eu.intercom.io' ),
			'Eu' => array( 'Eu', 'https://api-iam.eu.intercom.io' ),
			'au' => array( 'au', 'https://api-iam.au.intercom.io' ),
			'AU' => array( 'AU', 'https://api-iam.au.intercom.io' ),
		);
	}

	/**
	 * @dataProvider regions
	 */
	public function test_the_region_is_read_in_any_case( $value, $api_base ) {
		$this->assertSame( $api_base, self::with_constants( array( 'INTERCOM_REGION' => $value ) )->api_base );
	}

	public function test_another_region_is_refused() {
		foreach ( array( 'mars', 'europe', 'u s', 'uk' ) as $value ) {
			$this->assertSame( 'REGION_UNKNOWN', $this->code_of( fn() => self::with_constants( array( 'INTERCOM_REGION' => $value ) ) ), $value );
		}
	}

	public static function lifetimes() {
		return array(
			'3600'             => array( '3600', 3600 ),
			'1'                => array( '1', 1 ),
			'leading zeros'    => array( '0042', 42 ),
			'max safe integer' => array( '9007199254740991', 9007199254740991 ),
			'none'             => array( 'none', null ),
			'NONE'             => array( 'NONE', null ),
			'None'             => array( 'None', null ),
		);
	}

	/**
	 * @dataProvider lifetimes
	 */
	public function test_the_jwt_lifetime_is_whole_seconds_or_none( $value, $seconds ) {
		$this->assertSame( $seconds, self::with_constants( array( 'INTERCOM_IDENTITY_JWT_EXPIRES_IN' => $value ) )->jwt_expires_in );
	}

	public static function bad_lifetimes() {
		return array(
			'exponent'         => array( '1e3' ),
			'unit'             => array( '3600s' ),
			'fraction'         => array( '1.5' ),
			'negative'         => array( '-5' ),
			'zero'             => array( '0' ),
			'zeros'            => array( '000' ),
			'plus sign'        => array( '+5' ),
			'hex'              => array( '0x10' ),
			'inner space'      => array( '36 00' ),
			'above max safe'   => array( '9007199254740992' ),
			'far above'        => array( '99999999999999999999' ),
			'full-width digit' => array( "\u{FF11}" ),
			'a word'           => array( 'never' ),
		);
	}

	/**
	 * @dataProvider bad_lifetimes
	 */
	public function test_any_other_jwt_lifetime_is_refused( $value ) {
		$this->assertSame( 'JWT_OPTION_INVALID', $this->code_of( fn() => self::with_constants( array( 'INTERCOM_IDENTITY_JWT_EXPIRES_IN' => $value ) ) ) );
	}

	public static function signed_lists() {
		return array(
			'one'                 => array( 'email', array( 'email' ) ),
			'trailing comma'      => array( 'email,name,', array( 'email', 'name' ) ),
			'spaces and empties'  => array( ' name , , plan ,', array( 'name', 'plan' ) ),
			'only commas'         => array( ',,', array() ),
			'none'                => array( 'none', array() ),
			'NONE'                => array( 'NONE', array() ),
			'custom attributes'   => array( 'plan,seats', array( 'plan', 'seats' ) ),
		);
	}

	/**
	 * @dataProvider signed_lists
	 */
	public function test_signed_attributes_are_a_comma_list_or_none( $value, $names ) {
		$this->assertSame( $names, self::with_constants( array( 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES' => $value ) )->jwt_signed_attributes );
	}

	public function test_signed_attributes_default_to_email() {
		$this->assertSame( array( 'email' ), self::with_constants( array() )->jwt_signed_attributes );
	}

	public function test_a_reserved_name_cannot_be_signed() {
		foreach ( array( 'user_id', 'iat', 'exp', 'app_id', 'user_hash', 'intercom_user_jwt', 'company', 'companies' ) as $reserved ) {
			$this->assertSame( 'JWT_OPTION_INVALID', $this->code_of( fn() => self::with_constants( array( 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES' => "email, $reserved ," ) ) ), $reserved );
		}
	}

	public static function fallbacks() {
		$cases = array();
		foreach ( array( 'user_hash', 'USER_HASH', 'true', 'True', '1', 'yes', 'YES', 'on', 'On' ) as $word ) {
			$cases[ "on: $word" ] = array( $word, true );
		}
		foreach ( array( 'false', 'FALSE', '0', 'no', 'No', 'off', 'OFF', 'none', 'None' ) as $word ) {
			$cases[ "off: $word" ] = array( $word, false );
		}
		return $cases;
	}

	/**
	 * @dataProvider fallbacks
	 */
	public function test_the_jwt_fallback_reads_on_and_off_words( $value, $on ) {
		$this->assertSame( $on, self::with_constants( array( 'INTERCOM_IDENTITY_JWT_FALLBACK' => $value ) )->jwt_fallback );
	}

	public function test_the_jwt_fallback_is_off_when_not_set() {
		$this->assertFalse( self::with_constants( array() )->jwt_fallback );
	}

	public function test_any_other_jwt_fallback_is_refused() {
		foreach ( array( 'maybe', '2', 'y', 'enabled', 'user-hash', 'jwt' ) as $value ) {
			$this->assertSame( 'JWT_OPTION_INVALID', $this->code_of( fn() => self::with_constants( array( 'INTERCOM_IDENTITY_JWT_FALLBACK' => $value ) ) ), $value );
		}
	}

	public function test_a_refused_jwt_option_never_repeats_its_value() {
		$value = 'looks-like-a-secret-9f8e7d6c5b4a';
		foreach ( array( 'INTERCOM_IDENTITY_JWT_EXPIRES_IN', 'INTERCOM_IDENTITY_JWT_FALLBACK' ) as $name ) {
			try {
				self::with_constants( array( $name => $value ) );
				$this->fail( "expected JWT_OPTION_INVALID for $name" );
			} catch ( Intercom_Identity_Error $error ) {
				$this->assertSame( 'JWT_OPTION_INVALID', $error->get_error_code() );
				$this->assertStringNotContainsString( $value, $error->getMessage() );
				$this->assertStringContainsString( $name, $error->getMessage() );
			}
		}
	}

	/**
	 * The code and message of the error a configuration gives.
	 *
	 * @param array $constants Constant name => value.
	 * @return array Code and message.
	 */
	private function error_of( array $constants ) {
		try {
			self::with_constants( $constants );
		} catch ( Intercom_Identity_Error $error ) {
			return array( $error->get_error_code(), $error->getMessage() );
		}
		$this->fail( 'expected an Intercom_Identity_Error' );
	}

	public static function config_mistakes() {
		$secret   = 'wp-config-secret-0123456789abcdefWXYZ';
		$app      = 'INTERCOM_APP_ID';
		$web      = 'INTERCOM_IDENTITY_SECRET';
		$ios      = 'INTERCOM_IDENTITY_SECRET_IOS';
		$widget   = 'INTERCOM_WIDGET_URL';
		$cases    = array(
			'app id in double quotes'       => array( $app, '"abc12345"', 'APP_ID_INVALID', 'remove the quotes around the value of INTERCOM_APP_ID', 'abc12345' ),
			'app id in single quotes'       => array( $app, "'abc12345'", 'APP_ID_INVALID', 'remove the quotes', 'abc12345' ),
			'secret in double quotes'       => array( $web, "\"$secret\"", 'SECRET_MALFORMED', 'remove the quotes around the value of INTERCOM_IDENTITY_SECRET', $secret ),
			'secret in quotes and a newline' => array( $web, "'$secret'\n", 'SECRET_MALFORMED', 'remove the quotes', $secret ),
			'widget URL in quotes'          => array( $widget, '"http://127.0.0.1:4010/widget/{app_id}"', 'WIDGET_URL_INVALID', 'remove the quotes', '127.0.0.1:4010' ),
			'NAME= in the app id'           => array( $app, 'INTERCOM_APP_ID=abc12345', 'APP_ID_INVALID', 'holds "INTERCOM_APP_ID=": paste only the part after =', 'abc12345' ),
			'NAME= in the secret'           => array( $web, "INTERCOM_IDENTITY_SECRET=$secret", 'SECRET_MALFORMED', 'holds "INTERCOM_IDENTITY_SECRET=": paste only the part after =', $secret ),
			'another NAME= in the secret'   => array( $ios, "MY_IOS_KEY=$secret", 'SECRET_MALFORMED', 'holds a variable name and "=": paste only the part after =', $secret ),
			'a zero-width space in the app id' => array( $app, "abc\u{200B}12345", 'APP_ID_INVALID', 'invisible or control character', '12345' ),
			'a zero-width joiner in the secret' => array( $web, "wp-config-secret\u{200D}-0123456789abcdef", 'SECRET_MALFORMED', 'invisible or control character', '0123456789abcdef' ),
			'a word joiner in the secret'   => array( $web, "wp-config-secret\u{2060}-0123456789abcdef", 'SECRET_MALFORMED', 'invisible or control character', '0123456789abcdef' ),
			'a byte order mark before the secret' => array( $web, "\u{FEFF}$secret", 'SECRET_MALFORMED', 'invisible or control character', $secret ),
			'a NUL after the secret'        => array( $web, "$secret\0", 'SECRET_MALFORMED', 'invisible or control character', $secret ),
			'a NUL after the app id'        => array( $app, "abc12345\0", 'APP_ID_INVALID', 'invisible or control character', 'abc12345' ),
			'a bell inside the secret'      => array( $web, "wp-config-secret\x07-0123456789abcdef", 'SECRET_MALFORMED', 'invisible or control character', '0123456789abcdef' ),
			'a DEL inside the secret'       => array( $web, "wp-config-secret\x7F-0123456789abcdef", 'SECRET_MALFORMED', 'invisible or control character', '0123456789abcdef' ),
			'an escape in the widget URL'   => array( $widget, "http://127.0.0.1:4010/\x1B/{app_id}", 'WIDGET_URL_INVALID', 'invisible or control character', '127.0.0.1:4010' ),
			'credentials in the widget URL' => array( $widget, 'https://deploy:hunter2-pass@widget.example.com/widget/{app_id}', 'WIDGET_URL_INVALID', 'remove the credentials from the widget URL', 'hunter2-pass' ),
			'a user in the widget URL'      => array( $widget, 'https://deploy-user@widget.example.com/widget/{app_id}', 'WIDGET_URL_INVALID', 'remove the credentials', 'deploy-user' ),
		);
		foreach ( array( 'undefined', 'null', 'NULL', 'changeme', 'ChangeMe', 'change-me', 'change_me', 'your-secret', 'xxx', 'XXXXXXXXXXXX', 'todo', 'TODO', 'your-identity-verification-secret', 'YOUR_APP_ID', '<secret>', '...', "\u{2026}" ) as $placeholder ) {
			$cases[ "placeholder app id $placeholder" ] = array( $app, $placeholder, 'APP_ID_INVALID', 'INTERCOM_APP_ID is a placeholder; set the real value', $placeholder );
			$cases[ "placeholder secret $placeholder" ] = array( $web, $placeholder, 'SECRET_MALFORMED', 'INTERCOM_IDENTITY_SECRET is a placeholder; set the real value', $placeholder );
		}
		return $cases;
	}

	/**
	 * @dataProvider config_mistakes
	 */
	public function test_a_copy_paste_mistake_is_a_setup_error_that_names_the_setting_and_not_the_value( $name, $value, $code, $says, $never ) {
		list( $got, $message ) = $this->error_of( array( $name => $value ) );
		$this->assertSame( $code, $got );
		$this->assertStringContainsString( $says, $message );
		$this->assertStringContainsString( $name, $message );
		$this->assertStringNotContainsString( $never, $message );
		$this->assertStringNotContainsString( self::SECRET, $message );
	}

	public function test_a_mistake_in_a_saved_value_is_caught_the_same_way() {
		try {
			Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123', 'secret' => '"' . self::SECRET . '"' ) );
			$this->fail( 'expected SECRET_MALFORMED' );
		} catch ( Intercom_Identity_Error $error ) {
			$this->assertSame( 'SECRET_MALFORMED', $error->get_error_code() );
			$this->assertStringContainsString( 'INTERCOM_IDENTITY_SECRET (saved on Settings > Intercom Identity)', $error->getMessage() );
			$this->assertStringNotContainsString( self::SECRET, $error->getMessage() );
		}
	}

	public function test_an_app_id_and_a_secret_swapped_are_config_swapped_and_neither_is_repeated() {
		list( $code, $message ) = $this->error_of(
			array(
				'INTERCOM_APP_ID'          => self::SECRET,
				'INTERCOM_IDENTITY_SECRET' => 'abc12345',
			)
		);
		$this->assertSame( 'CONFIG_SWAPPED', $code );
		$this->assertStringContainsString( 'INTERCOM_APP_ID looks like a secret and INTERCOM_IDENTITY_SECRET like an app id: swap them', $message );
		$this->assertStringContainsString( 'Never publish the would-be app id', $message );
		$this->assertStringNotContainsString( 'abc12345', $message );
		$this->assertStringNotContainsString( substr( self::SECRET, 0, 12 ), $message );
	}

	public function test_an_app_id_longer_than_an_app_id_is_refused_before_it_reaches_a_page() {
		$long = 'wp-config-app-id-0123456789';
		foreach ( array(
			'no secret'          => array( 'INTERCOM_APP_ID' => $long ),
			'a secret'           => array( 'INTERCOM_APP_ID' => $long, 'INTERCOM_IDENTITY_SECRET' => self::SECRET ),
			'a short odd secret' => array( 'INTERCOM_APP_ID' => $long, 'INTERCOM_IDENTITY_SECRET' => 'short secret!' ),
		) as $case => $constants ) {
			list( $code, $message ) = $this->error_of( $constants );
			$this->assertSame( 'APP_ID_INVALID', $code, $case );
			$this->assertStringContainsString( 'may be a secret: never publish it', $message, $case );
			$this->assertStringNotContainsString( substr( $long, 0, 12 ), $message, $case );
		}
	}

	public function test_a_refused_app_id_mode_or_region_is_never_repeated() {
		foreach ( array(
			'INTERCOM_APP_ID'        => 'not an app id!',
			'INTERCOM_IDENTITY_MODE' => 'looks-like-a-secret-9f8e7d6c5b4a',
			'INTERCOM_REGION'        => 'looks-like-a-secret-9f8e7d6c5b4a',
			'INTERCOM_WIDGET_URL'    => 'ftp://looks-like-a-secret-9f8e7d6c5b4a/',
		) as $name => $value ) {
			list( , $message ) = $this->error_of( array( $name => $value ) );
			$this->assertStringContainsString( $name, $message );
			$this->assertStringNotContainsString( '9f8e7d6c5b4a', $message, $name );
			$this->assertStringNotContainsString( 'app id!', $message, $name );
		}
	}

	public function test_the_app_ids_and_secrets_of_real_setups_and_fixtures_still_work() {
		foreach ( array( 'abc123', 'test_app', 'e2eapp01', 'abcd1234', 'a-b_c' ) as $app_id ) {
			$config = self::with_constants(
				array(
					'INTERCOM_APP_ID'          => $app_id,
					'INTERCOM_IDENTITY_SECRET' => self::SECRET,
					'INTERCOM_WIDGET_URL'      => 'http://127.0.0.1:4010/widget/{app_id}?v=2&debug=1',
				)
			);
			$this->assertSame( $app_id, $config->app_id );
			$this->assertSame( self::SECRET, $config->secret() );
		}
		// Whitespace around a value is still trimmed, with the warning for a secret.
		$config = self::with_constants( array( 'INTERCOM_IDENTITY_SECRET' => "\t" . self::SECRET . " \r\n" ) );
		$this->assertSame( self::SECRET, $config->secret() );
		$this->assertSame( 'SECRET_TRIMMED', $config->warnings[0]['code'] );
	}

	const PREVIOUS = 'wp-config-previous-0123456789abcdefWXYZ';

	public function test_the_previous_secrets_are_read_per_platform_and_never_signed_with() {
		$config = Intercom_Identity_Config::resolve(
			array(
				'INTERCOM_APP_ID'                       => array( 'abc123', 'constant' ),
				'INTERCOM_IDENTITY_SECRET'              => array( self::SECRET, 'constant' ),
				'INTERCOM_IDENTITY_SECRET_PREVIOUS'     => array( self::PREVIOUS, 'env' ),
				'INTERCOM_IDENTITY_SECRET_IOS'          => array( 'wp-config-ios-secret-0123456789abcdef', 'env' ),
				'INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS' => array( "wp-config-old-ios-0123456789abcdef\n", 'env' ),
			),
			array()
		);
		$this->assertSame( self::PREVIOUS, $config->previous_secret( 'web' ) );
		$this->assertSame( 'wp-config-old-ios-0123456789abcdef', $config->previous_secret( 'ios' ) );
		$this->assertNull( $config->previous_secret( 'android' ) );
		$this->assertSame( self::SECRET, $config->secret( 'web' ) );
		$this->assertSame( array( 'SECRET_TRIMMED' ), array_column( $config->warnings, 'code' ) );
		$this->assertStringNotContainsString( self::PREVIOUS, print_r( $config, true ) );
	}

	public function test_a_previous_secret_gets_the_checks_of_the_current_one() {
		foreach ( array(
			'"' . self::PREVIOUS . '"'                           => 'SECRET_MALFORMED',
			'your-previous-secret'                               => 'SECRET_MALFORMED',
			'INTERCOM_IDENTITY_SECRET=' . self::PREVIOUS         => 'SECRET_MALFORMED',
			'dG9rOjEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MA=='   => 'SECRET_IS_ACCESS_TOKEN',
		) as $value => $code ) {
			try {
				Intercom_Identity_Config::resolve(
					array(
						'INTERCOM_IDENTITY_SECRET'          => array( self::SECRET, 'constant' ),
						'INTERCOM_IDENTITY_SECRET_PREVIOUS' => array( $value, 'constant' ),
					),
					array( 'app_id' => 'abc' )
				);
				$this->fail( 'expected an Intercom_Identity_Error' );
			} catch ( Intercom_Identity_Error $error ) {
				$this->assertSame( $code, $error->get_error_code() );
				$this->assertStringContainsString( 'INTERCOM_IDENTITY_SECRET_PREVIOUS', $error->getMessage() );
				$this->assertStringNotContainsString( self::PREVIOUS, $error->getMessage() );
			}
		}
	}

	public function test_a_previous_secret_equal_to_the_current_one_warns_and_one_without_a_current_one_fails() {
		$same = Intercom_Identity_Config::resolve(
			array( 'INTERCOM_IDENTITY_SECRET_PREVIOUS' => array( self::SECRET, 'constant' ) ),
			array(
				'app_id' => 'abc',
				'secret' => self::SECRET,
			)
		);
		$this->assertSame( array( 'SECRET_PREVIOUS_SAME' ), array_column( $same->warnings, 'code' ) );
		$this->assertSame(
			'SECRET_PREVIOUS_WITHOUT_CURRENT',
			$this->code_of(
				fn() => Intercom_Identity_Config::resolve(
					array( 'INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS' => array( self::PREVIOUS, 'constant' ) ),
					array(
						'app_id' => 'abc',
						'secret' => self::SECRET,
					)
				)
			)
		);
	}
}
