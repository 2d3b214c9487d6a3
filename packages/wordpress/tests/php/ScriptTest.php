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
		$token = Intercom_Identity_Signer::sign_jwt( 'wp-script-secret-0123456789abcdef', array( 'user_id' => '42' ), 60, 1 );
		$this->assertSame( $by_id['marker'], Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'intercom_user_jwt' => $token ) ) );
		$this->assertSame( $by_id['marker'], intercom_identity_vector( 'personMarkers', 'marker/jwt-user-id' )['marker'] );
	}

	public function test_the_settings_builders_output_gets_the_marker_of_its_identifier() {
		$builder  = new Intercom_Identity_Settings_Builder( Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123', 'secret' => 'wp-script-secret-0123456789abcdef' ) ) );
		$expected = intercom_identity_vector( 'personMarkers', 'marker/email-only' );
		$this->assertSame( $expected['marker'], Intercom_Identity_Script::person_marker( $builder->boot_settings( array( 'email' => $expected['settings']['email'] ) ) ) );
		$this->assertSame( intercom_identity_vector( 'personMarkers', 'marker/visitor' )['marker'], Intercom_Identity_Script::person_marker( $builder->boot_settings( null ) ) );
	}

	public function test_the_content_sets_the_settings_and_loads_the_widget_once() {
		$content = Intercom_Identity_Script::content( array( 'app_id' => 'abc', 'name' => '</script>' ), 'http://127.0.0.1:9/widget/abc' );
		$this->assertStringStartsWith( 'window.intercomSettings={"app_id":"abc","name":"\u003c/script\u003e"};', $content );
		$this->assertStringEndsWith( '"http://127.0.0.1:9/widget/abc","intercom-identity:last-person:abc","visitor");', $content );
		$this->assertStringNotContainsString( '</script', $content );
	}

	public function test_the_script_after_a_logout_shuts_down_once_and_cannot_end_its_tag() {
		$script = Intercom_Identity_Script::after_logout();
		$this->assertStringContainsString( 'api("shutdown");api("boot",w.intercomSettings)', $script );
		// A shutdown the loader already queued (another person in localStorage) is not repeated.
		$this->assertStringContainsString( 'if(q[i][0]==="shutdown")return;', $script );
		$this->assertStringNotContainsString( '</', $script );
	}
}
