<?php
/**
 * The REST routes: no other site reads a proof (no CORS, no JSONP), and a setup error answers
 * with its code and a sentence that names no value.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class RestTest extends TestCase {

	const SECRET   = 'wp-rest-secret-0123456789abcdefGHIJ';
	const SENTENCE = 'The Intercom identity setup is incomplete; the server log says why.';

	/** @var Intercom_Identity_Test_Log */
	private $log;

	protected function setUp(): void {
		Intercom_Identity_Test_WordPress::reset();
		$this->log = new Intercom_Identity_Test_Log();
	}

	protected function tearDown(): void {
		$this->log->close();
		foreach ( Intercom_Identity_Config::NAMES as $name ) {
			putenv( $name );
		}
		unset( $GLOBALS['wp'] );
		Intercom_Identity_Test_WordPress::reset();
	}

	/**
	 * @param array $env Environment variables of the site.
	 */
	private static function site( array $env ) {
		foreach ( $env as $name => $value ) {
			putenv( "$name=$value" );
		}
		Intercom_Identity_Test_WordPress::$user = new WP_User( 7, 'alice@example.com', 'Alice' );
	}

	private static function ask( $platform = 'ios' ) {
		return Intercom_Identity_Rest::hash( new WP_REST_Request( 'GET', '/intercom-identity/v1/hash', array( 'platform' => $platform ) ) );
	}

	public static function routes() {
		return array(
			'the hash route'          => array( '/intercom-identity/v1/hash', true ),
			'the settings route'      => array( '/intercom-identity/v1/settings', true ),
			'the namespace'           => array( '/intercom-identity/v1', true ),
			'another case'            => array( '/Intercom-Identity/V1/HASH', true ),
			'two slashes'             => array( '//intercom-identity/v1/hash', true ),
			'WordPress users'         => array( '/wp/v2/users', false ),
			'the index'               => array( '/', false ),
			'another version'         => array( '/intercom-identity/v10/hash', false ),
			'a longer namespace'      => array( '/intercom-identity-extra/v1/hash', false ),
			'the name inside a route' => array( '/other/intercom-identity/v1/hash', false ),
		);
	}

	/**
	 * @dataProvider routes
	 */
	public function test_jsonp_is_off_on_the_plugins_routes_only( $route, $own ) {
		$GLOBALS['wp'] = (object) array( 'query_vars' => array( 'rest_route' => $route ) );
		$this->assertSame( $own, Intercom_Identity_Rest::is_own_route( $route ) );
		$this->assertSame( ! $own, Intercom_Identity_Rest::jsonp_enabled( true ) );
		// A site that turned JSONP off keeps it off everywhere.
		$this->assertFalse( Intercom_Identity_Rest::jsonp_enabled( false ) );
	}

	public function test_the_cors_filter_leaves_the_answer_to_wordpress() {
		$request = new WP_REST_Request( 'GET', '/intercom-identity/v1/hash' );
		$this->assertFalse( Intercom_Identity_Rest::without_cors( false, new WP_REST_Response(), $request ) );
		$this->assertTrue( Intercom_Identity_Rest::without_cors( true, new WP_REST_Response(), $request ) );
	}

	public function test_a_proof_still_comes_back_for_a_good_setup() {
		self::site( array( 'INTERCOM_APP_ID' => 'abc123', 'INTERCOM_IDENTITY_SECRET_IOS' => self::SECRET ) );
		$answer = self::ask();
		$this->assertSame( 200, $answer->get_status() );
		// JWT, the default mode: a token for user 7, signed with the iOS secret.
		$this->assertSame( 'jwt', $answer->get_data()['type'] );
		list( $header, $payload, $signature ) = explode( '.', $answer->get_data()['intercom_user_jwt'] );
		$this->assertSame( rtrim( strtr( base64_encode( hash_hmac( 'sha256', "$header.$payload", self::SECRET, true ) ), '+/', '-_' ), '=' ), $signature );
		$this->assertSame( '7', json_decode( base64_decode( strtr( $payload, '-_', '+/' ) ), true )['user_id'] );
	}

	public function test_a_site_in_user_hash_mode_gets_the_hash() {
		self::site(
			array(
				'INTERCOM_APP_ID'              => 'abc123',
				'INTERCOM_IDENTITY_SECRET_IOS' => self::SECRET,
				'INTERCOM_IDENTITY_MODE'       => 'user_hash',
			)
		);
		$answer = self::ask();
		$this->assertSame( 200, $answer->get_status() );
		$this->assertSame( hash_hmac( 'sha256', '7', self::SECRET ), $answer->get_data()['user_hash'] );
	}

	public static function setup_mistakes() {
		$secret = 'wp-rest-swapped-secret-0123456789abcdefUVWX';
		return array(
			'app id and secret swapped' => array( array( 'INTERCOM_APP_ID' => $secret, 'INTERCOM_IDENTITY_SECRET' => 'abc12345' ), 'CONFIG_SWAPPED', array( $secret, 'abc12345' ) ),
			'a quoted secret'           => array( array( 'INTERCOM_APP_ID' => 'abc123', 'INTERCOM_IDENTITY_SECRET' => '"' . self::SECRET . '"' ), 'SECRET_MALFORMED', array( self::SECRET ) ),
			'NAME=value as the app id'  => array( array( 'INTERCOM_APP_ID' => 'INTERCOM_APP_ID=abc12345' ), 'APP_ID_INVALID', array( 'abc12345' ) ),
			'no iOS secret'             => array( array( 'INTERCOM_APP_ID' => 'abc123', 'INTERCOM_IDENTITY_SECRET' => self::SECRET ), 'SECRET_MISSING', array( self::SECRET ) ),
			'no app id'                 => array( array(), 'APP_ID_MISSING', array() ),
		);
	}

	/**
	 * @dataProvider setup_mistakes
	 */
	public function test_a_setup_error_answers_its_code_and_a_generic_sentence_and_logs_why( array $env, $code, array $values ) {
		self::site( $env );
		$answer = self::ask();
		$this->assertGreaterThanOrEqual( 500, $answer->get_status() );
		$this->assertSame(
			array(
				'error' => array(
					'code'    => $code,
					'message' => self::SENTENCE,
				),
			),
			$answer->get_data()
		);
		$this->assertSame( 'private, no-store, max-age=0', $answer->get_headers()['Cache-Control'] );
		$lines = $this->log->lines();
		$this->assertCount( 1, $lines );
		$this->assertStringStartsWith( "[intercom-identity] $code: ", $lines[0] );
		foreach ( $values as $value ) {
			$this->assertStringNotContainsString( $value, $lines[0] );
		}
	}

	public function test_nobody_logged_in_gets_no_session() {
		self::site( array( 'INTERCOM_APP_ID' => 'abc123', 'INTERCOM_IDENTITY_SECRET_IOS' => self::SECRET ) );
		Intercom_Identity_Test_WordPress::$user = null;
		$answer = self::ask();
		$this->assertSame( 401, $answer->get_status() );
		$this->assertSame( 'NO_SESSION', $answer->get_data()['error']['code'] );
	}
}
