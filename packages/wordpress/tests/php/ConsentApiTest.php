<?php
/**
 * With the WP Consent API active (its stand-in, tests/wp-consent-api-stand-in.php: the API
 * plugin itself cannot be installed here), the plugin follows it with no code from the site
 * owner: the consent-gated loader, a script that grants and withdraws as the API says, the
 * registration filter, and Intercom's cookies declared in the chosen category.
 *
 * Each test runs in its own PHP process: the API's functions, once defined, would be there
 * for every other test.
 *
 * @package IntercomIdentity
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */

use PHPUnit\Framework\TestCase;

final class ConsentApiTest extends TestCase {

	const BASENAME = 'intercom-identity/intercom-identity.php';

	protected function setUp(): void {
		Intercom_Identity_Test_WordPress::reset();
		// Where WordPress would have the plugin, for plugin_basename().
		define( 'INTERCOM_IDENTITY_FILE', '/srv/www/wp-content/plugins/' . self::BASENAME );
		require dirname( __DIR__ ) . '/wp-consent-api-stand-in.php';
	}

	protected function tearDown(): void {
		foreach ( Intercom_Identity_Config::NAMES as $name ) {
			putenv( $name );
		}
	}

	/**
	 * What wp_head prints on a site with these environment variables.
	 *
	 * @param array $env Environment variables.
	 * @return string
	 */
	private static function page_head( array $env ) {
		foreach ( $env + array( 'INTERCOM_APP_ID' => 'abc123' ) as $name => $value ) {
			putenv( "$name=$value" );
		}
		Intercom_Identity_Plugin::prepare();
		ob_start();
		Intercom_Identity_Plugin::print_script();
		return (string) ob_get_clean();
	}

	/**
	 * The ids and contents of the printed script tags, in order.
	 *
	 * @param string $html HTML.
	 * @return array<string,string>
	 */
	private static function scripts( $html ) {
		preg_match_all( '#<script id="([^"]+)"[^>]*>\n(.*?)\n</script>#s', $html, $matches );
		return array_combine( $matches[1], $matches[2] );
	}

	public function test_the_plugin_tells_the_wp_consent_api_it_follows_it() {
		$this->assertFalse( consent_api_registered( self::BASENAME ) );
		Intercom_Identity_Plugin::init();
		$this->assertTrue( consent_api_registered( self::BASENAME ) );
		$this->assertFalse( consent_api_registered( 'another-plugin/another-plugin.php' ) );
	}

	public function test_without_INTERCOM_CONSENT_the_messenger_waits_for_the_apis_consent() {
		$vector = intercom_identity_vector( 'loader', 'loader/consent-required-visitor' );
		$html   = self::page_head(
			array(
				'INTERCOM_APP_ID'          => $vector['app_id'],
				'INTERCOM_REGION'          => 'eu',
				'INTERCOM_IDENTITY_SECRET' => $vector['secret'],
			)
		);
		$scripts = self::scripts( $html );
		// The boot script first, then the script that follows the API.
		$this->assertSame( array( 'intercom-identity-boot', 'intercom-identity-consent-api' ), array_keys( $scripts ) );
		$this->assertSame( preg_replace( '#^<script[^>]*>|</script>$#', '', $vector['script'] ), $scripts['intercom-identity-boot'] );
		$follow = $scripts['intercom-identity-consent-api'];
		$this->assertStringEndsWith( '})(window,document,"functional");', $follow );
		// Consent on load, once the page is parsed (the API's script is in the footer), unless the
		// API waits for the consent tool to define the consent type.
		$this->assertStringContainsString( 'w.wp_has_consent(category))grant()', $follow );
		$this->assertStringContainsString( 'if(!w.waitfor_consent_hook)check()', $follow );
		$this->assertStringContainsString( 'd.addEventListener("wp_consent_type_defined",check)', $follow );
		$this->assertStringContainsString( 'd.addEventListener("DOMContentLoaded",ready)', $follow );
		// Each change: allow grants, deny withdraws.
		$this->assertStringContainsString( 'd.addEventListener("wp_listen_for_consent_change",function(e){var value=e.detail?e.detail[category]:null;', $follow );
		$this->assertStringContainsString( 'if(value==="allow")grant();', $follow );
		$this->assertStringContainsString( 'else if(value==="deny"&&typeof w.withdrawIntercomConsent==="function")w.withdrawIntercomConsent()', $follow );
	}

	public function test_the_category_of_the_settings_page_is_the_one_followed_and_the_facade_still_applies() {
		Intercom_Identity_Test_WordPress::$options[ Intercom_Identity_Plugin::OPTION ] = array( 'consent_category' => 'marketing' );
		$scripts = self::scripts( self::page_head( array( 'INTERCOM_LOAD' => 'interaction' ) ) );
		$this->assertStringEndsWith( '})(window,document,"marketing");', $scripts['intercom-identity-consent-api'] );
		$this->assertStringEndsWith( ',"visitor","intercom-session-abc123",true,true);', $scripts['intercom-identity-boot'] );
	}

	public function test_INTERCOM_CONSENT_none_does_not_turn_the_api_off() {
		$scripts = self::scripts( self::page_head( array( 'INTERCOM_CONSENT' => 'none' ) ) );
		$this->assertStringEndsWith( ',"visitor","intercom-session-abc123",true,false);', $scripts['intercom-identity-boot'] );
		$this->assertArrayHasKey( 'intercom-identity-consent-api', $scripts );
	}

	public function test_the_scripts_carry_the_csp_nonce_of_wordpress_filters() {
		add_filter(
			'wp_inline_script_attributes',
			static function ( $attributes ) {
				return $attributes + array( 'nonce' => 'bm9uY2U=' );
			}
		);
		$html = self::page_head( array() );
		$this->assertSame( 1, substr_count( $html, '<script id="intercom-identity-boot" data-intercom-identity="" nonce="bm9uY2U=">' ) );
		$this->assertSame( 1, substr_count( $html, '<script id="intercom-identity-consent-api" nonce="bm9uY2U=">' ) );
	}

	public function test_the_settings_page_says_the_api_is_active() {
		putenv( 'INTERCOM_APP_ID=abc123' );
		$this->assertTrue( Intercom_Identity_Rest::state()['consent_api'] );
	}

	public function test_intercoms_cookies_and_the_marker_are_declared_in_the_chosen_category() {
		putenv( 'INTERCOM_APP_ID=abc123' );
		putenv( 'INTERCOM_WP_CONSENT_CATEGORY=preferences' );
		Intercom_Identity_Plugin::declare_cookies();
		$declared = $GLOBALS['wp_consent_api_stand_in_cookies'];
		$this->assertSame( array( 'intercom-session-abc123', 'intercom-id-abc123', 'intercom-device-id-abc123', 'intercom-identity:last-person:abc123' ), array_keys( $declared ) );
		foreach ( $declared as $name => $cookie ) {
			$this->assertSame( 'Intercom', $cookie['plugin_or_service'], $name );
			$this->assertSame( 'preferences', $cookie['category'], $name );
			$this->assertNotSame( '', $cookie['function'], $name );
		}
		$this->assertSame( array( '1 week', '9 months', '9 months' ), array( $declared['intercom-session-abc123']['expires'], $declared['intercom-id-abc123']['expires'], $declared['intercom-device-id-abc123']['expires'] ) );
		$this->assertSame( 'LOCALSTORAGE', $declared['intercom-identity:last-person:abc123']['type'] );
		$this->assertSame( 'HTTP', $declared['intercom-session-abc123']['type'] );
	}

	public function test_a_site_that_is_not_set_up_declares_nothing() {
		Intercom_Identity_Plugin::declare_cookies();
		$this->assertSame( array(), $GLOBALS['wp_consent_api_stand_in_cookies'] );
	}
}
