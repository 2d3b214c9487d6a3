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

	public function test_the_person_marker_equals_the_cores() {
		// Computed with @intercom-identity/core's personMarker; the loaders of both share localStorage.
		$this->assertSame( 'a21ad04ae09b2230', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'user_id' => '42' ) ) );
		$this->assertSame( '16826ec3f7d301c9', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'email' => "Zoë\u{1F642}@example.com" ) ) );
		$this->assertSame( 'visitor', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a' ) ) );
	}

	public function test_a_jwt_user_is_known_by_the_tokens_user_id() {
		$token = Intercom_Identity_Signer::sign_jwt( 'wp-script-secret-0123456789abcdef', array( 'user_id' => '42' ), 60, 1 );
		$this->assertSame( 'a21ad04ae09b2230', Intercom_Identity_Script::person_marker( array( 'app_id' => 'a', 'intercom_user_jwt' => $token ) ) );
	}

	public function test_the_content_sets_the_settings_and_loads_the_widget_once() {
		$content = Intercom_Identity_Script::content( array( 'app_id' => 'abc', 'name' => '</script>' ), 'http://127.0.0.1:9/widget/abc', true );
		$this->assertStringStartsWith( 'window.intercomSettings={"app_id":"abc","name":"\u003C/script\u003E"};', $content );
		$this->assertStringContainsString( '"http://127.0.0.1:9/widget/abc","intercom-identity:last-person:abc","visitor",true);', $content );
		$this->assertStringNotContainsString( '</script', $content );
	}
}
