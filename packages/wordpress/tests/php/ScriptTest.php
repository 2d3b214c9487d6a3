<?php
/**
 * The inline script: nothing in a value can end the script, and values come back intact.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class ScriptTest extends TestCase {

	public static function hostile_values() {
		return array(
			'script end'        => array( '</script><script>window.__pwned=1</script>' ),
			'attribute break'   => array( "\"><img src=x onerror=\"window.__pwned=1\"><!-- O'Brien & Co \u{2028}\u{2029} ]]>" ),
			'comment and cdata' => array( '<!--<script>' ),
			'backslashes'       => array( 'DOMAIN\\jdoe \\u003c' ),
			'emoji and accents' => array( "Zoë \u{1F469}\u{1F3FD}\u{200D}\u{1F4BB}" ),
		);
	}

	/**
	 * @dataProvider hostile_values
	 */
	public function test_json_cannot_break_out_and_decodes_to_the_same_value( $value ) {
		$json = Intercom_Identity_Script::json( array( 'name' => $value ) );
		foreach ( array( '<', '>', '&', "\u{2028}", "\u{2029}" ) as $unsafe ) {
			$this->assertStringNotContainsString( $unsafe, $json );
		}
		$this->assertSame( array( 'name' => $value ), json_decode( $json, true ) );
	}

	public function test_invalid_utf8_is_refused_not_mangled() {
		$this->expectException( Intercom_Identity_Error::class );
		Intercom_Identity_Script::json( array( 'name' => "bad \xC3" ) );
	}

	public function test_a_jwt_the_plugin_signs_is_known_by_the_tokens_user_id() {
		// The loaders of the core and the plugin share localStorage: a JWT user is the same person as a user_id user.
		$by_id = intercom_identity_vector( 'personMarkers', 'marker/user-id' );
		$this->assertSame( array( 'app_id' => 'a', 'user_id' => '42' ), $by_id['settings'] );
		$key   = Intercom_Identity_Script::marker_key( $by_id['secret'] );
		$token = Intercom_Identity_Signer::sign_jwt( 'wp-script-secret-0123456789abcdef', array( 'user_id' => '42' ), 60, 1 );
		$this->assertSame( $by_id['marker'], Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'intercom_user_jwt' => $token ), $key ) );
		$this->assertSame( $by_id['marker'], intercom_identity_vector( 'personMarkers', 'marker/jwt-user-id' )['marker'] );
	}

	public function test_the_settings_builders_output_gets_the_marker_of_its_identifier() {
		$expected = intercom_identity_vector( 'personMarkers', 'marker/email-only' );
		// user_hash mode: the mode in which an email-only user is signed.
		$config   = Intercom_Identity_Config::resolve(
			array(),
			array(
				'app_id' => 'abc123',
				'secret' => $expected['secret'],
				'mode'   => 'user_hash',
			)
		);
		$builder  = new Intercom_Identity_Settings_Builder( $config );
		$this->assertSame( $expected['marker'], Intercom_Identity_Script::person_marker( $builder->boot_settings( array( 'email' => $expected['settings']['email'] ) ), $config->marker_key() ) );
		$this->assertSame( intercom_identity_vector( 'personMarkers', 'marker/visitor' )['marker'], Intercom_Identity_Script::person_marker( $builder->boot_settings( null ), $config->marker_key() ) );
	}

	public function test_a_marker_is_keyed_with_the_secret_and_gives_nobody_the_identifier() {
		$settings = array(
			'app_id'  => 'abc123',
			'user_id' => '1001',
		);
		$one      = Intercom_Identity_Script::person_marker( $settings, Intercom_Identity_Script::marker_key( 'wp-script-secret-0123456789abcdef' ) );
		$other    = Intercom_Identity_Script::person_marker( $settings, Intercom_Identity_Script::marker_key( 'wp-script-secret-fedcba9876543210' ) );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $one );
		$this->assertNotSame( $one, $other );
		$this->assertStringNotContainsString( '1001', $one );
	}

	public function test_an_identified_person_without_a_web_secret_is_unverified_and_a_visitor_is_a_visitor() {
		$this->assertSame( 'unverified', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'email' => 'bob@example.com' ), null ) );
		$this->assertSame( 'visitor', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a' ), null ) );
		$config = Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123' ) );
		$this->assertNull( $config->marker_key() );
		$this->assertStringEndsWith( ',"unverified","intercom-session-abc123");', Intercom_Identity_Script::content( array( 'app_id' => 'abc123', 'user_id' => '7' ), $config->widget_url, $config->marker_key() ) );
	}

	public function test_the_marker_key_is_derived_once_per_configuration() {
		$config = Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123', 'secret' => 'wp-script-secret-0123456789abcdef' ) );
		$first  = $config->marker_key();
		$this->assertSame( Intercom_Identity_Script::marker_key( 'wp-script-secret-0123456789abcdef' ), $first );
		// The configuration keeps the key it derived: a second call returns the kept one, it does not derive again.
		$kept = new ReflectionProperty( Intercom_Identity_Config::class, 'marker_key' );
		$kept->setAccessible( true );
		$this->assertSame( $first, $kept->getValue( $config ) );
		$kept->setValue( $config, 'kept-key' );
		$this->assertSame( 'kept-key', $config->marker_key() );
		// Never in debug output.
		$this->assertStringNotContainsString( $first, print_r( $config, true ) );
	}

	public function test_the_content_sets_the_settings_and_loads_the_widget_once() {
		$content = Intercom_Identity_Script::content( array( 'app_id' => 'abc', 'name' => '</script>' ), 'http://127.0.0.1:9/widget/abc', null );
		$this->assertStringStartsWith( 'window.intercomSettings={"app_id":"abc","name":"\u003c/script\u003e"};', $content );
		$this->assertStringEndsWith( '"http://127.0.0.1:9/widget/abc","intercom-identity:last-person:abc","visitor","intercom-session-abc");', $content );
		$this->assertStringNotContainsString( '</script', $content );
	}

	public function test_the_script_after_a_logout_forgets_the_marker_shuts_down_once_and_cannot_end_its_tag() {
		$script = Intercom_Identity_Script::after_logout( 'abc123' );
		// The marker goes first, also when the loader already queued a shutdown; storage that throws changes nothing.
		$this->assertStringStartsWith( '(function(w,key){try{w.localStorage.removeItem(key)}catch(e){}', $script );
		$this->assertStringEndsWith( '})(window,"intercom-identity:last-person:abc123");', $script );
		$this->assertStringContainsString( 'api("shutdown");api("boot",w.intercomSettings)', $script );
		// A shutdown the loader already queued (another person in localStorage) is not repeated.
		$this->assertStringContainsString( 'if(q[i][0]==="shutdown")return;', $script );
		$this->assertStringNotContainsString( '</', $script );
	}
}
