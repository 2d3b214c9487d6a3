<?php
/**
 * Consent and loading on the first interaction, without the WP Consent API: INTERCOM_CONSENT,
 * INTERCOM_LOAD and the WP Consent API category read as the core reads them, the settings
 * page's fields, and the boot script a page prints for each.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class ConsentTest extends TestCase {

	const SECRET = 'vtA7Qm2Lx9Rc4Kp8Zt1Wn6Hy3Bd5Fg0Js';

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
		Intercom_Identity_Test_WordPress::reset();
	}

	/**
	 * @param array $constants Constant name => value.
	 * @param array $options   Saved options.
	 * @return Intercom_Identity_Config
	 */
	private static function resolve( array $constants, array $options = array() ) {
		$fixed = array();
		foreach ( $constants + array( 'INTERCOM_APP_ID' => 'abc123' ) as $name => $value ) {
			$fixed[ $name ] = array( $value, 'constant' );
		}
		return Intercom_Identity_Config::resolve( $fixed, $options );
	}

	/**
	 * @return Intercom_Identity_Error
	 */
	private function error_of( callable $call ) {
		try {
			$call();
		} catch ( Intercom_Identity_Error $error ) {
			return $error;
		}
		$this->fail( 'expected an Intercom_Identity_Error' );
	}

	public static function consent_values() {
		return array(
			'required'                 => array( 'required', 'required' ),
			'any case'                 => array( 'Required', 'required' ),
			'trimmed'                  => array( " REQUIRED\n", 'required' ),
			// JavaScript's trim() takes a no-break space off too.
			'a no-break space trimmed' => array( "\u{00A0}required", 'required' ),
			'none'                     => array( 'None', 'none' ),
			'blank is not set'         => array( " \t", 'none' ),
		);
	}

	/**
	 * @dataProvider consent_values
	 */
	public function test_INTERCOM_CONSENT_is_read_as_the_core_reads_it( $raw, $expected ) {
		$this->assertSame( $expected, self::resolve( array( 'INTERCOM_CONSENT' => $raw ) )->consent );
	}

	public static function load_values() {
		return array(
			'interaction' => array( 'interaction', 'interaction' ),
			'any case'    => array( ' Interaction ', 'interaction' ),
			'page'        => array( 'PAGE', 'page' ),
			'blank'       => array( '', 'page' ),
		);
	}

	/**
	 * @dataProvider load_values
	 */
	public function test_INTERCOM_LOAD_is_read_as_the_core_reads_it( $raw, $expected ) {
		$this->assertSame( $expected, self::resolve( array( 'INTERCOM_LOAD' => $raw ) )->load );
	}

	public function test_nothing_set_means_no_consent_gate_the_page_load_and_the_functional_category() {
		$config = self::resolve( array() );
		$this->assertSame( 'none', $config->consent );
		$this->assertSame( 'page', $config->load );
		$this->assertSame( 'functional', $config->consent_category );
		$this->assertSame( 'default', $config->sources['consent'] );
		$this->assertSame( 'default', $config->sources['load'] );
	}

	public static function unknown_values() {
		return array(
			'consent, a constant'  => array( 'INTERCOM_CONSENT', 'consent', 'opt-in-please-7', 'CONSENT_UNKNOWN', 'none, required' ),
			'load, a constant'     => array( 'INTERCOM_LOAD', 'load', 'lazy-loading-7', 'LOAD_UNKNOWN', 'page, interaction' ),
			'category, a constant' => array( 'INTERCOM_WP_CONSENT_CATEGORY', 'consent_category', 'necessary-cookies-7', 'CONSENT_UNKNOWN', 'functional, preferences, statistics, statistics-anonymous, marketing' ),
		);
	}

	/**
	 * @dataProvider unknown_values
	 */
	public function test_an_unknown_value_is_a_setup_error_that_names_the_constant_and_never_quotes_the_value( $name, $field, $value, $code, $choices ) {
		$error = $this->error_of( fn() => self::resolve( array( $name => $value ) ) );
		$this->assertSame( $code, $error->get_error_code() );
		$this->assertStringStartsWith( "$name is not", $error->getMessage() );
		$this->assertStringContainsString( "Use one of: $choices.", $error->getMessage() );
		$this->assertStringNotContainsString( $value, $error->getMessage() );
		$this->assertStringNotContainsString( '-7', $error->getMessage() );

		// Saved on the settings page, the message says where.
		$saved = $this->error_of( fn() => Intercom_Identity_Config::resolve( array(), array( 'app_id' => 'abc123', $field => $value ) ) );
		$this->assertSame( $code, $saved->get_error_code() );
		$this->assertStringStartsWith( "$name (saved on Settings > Intercom Identity) is not", $saved->getMessage() );
		$this->assertStringNotContainsString( $value, $saved->getMessage() );
	}

	public function test_a_category_of_the_wp_consent_api_is_read_in_any_case() {
		$this->assertSame( 'marketing', self::resolve( array( 'INTERCOM_WP_CONSENT_CATEGORY' => ' Marketing ' ) )->consent_category );
		$this->assertSame( 'statistics-anonymous', self::resolve( array(), array( 'consent_category' => 'statistics-anonymous' ) )->consent_category );
	}

	public function test_constants_win_over_the_settings_page_field_by_field() {
		$config = self::resolve(
			array( 'INTERCOM_CONSENT' => 'none' ),
			array(
				'consent'          => 'required',
				'load'             => 'interaction',
				'consent_category' => 'preferences',
			)
		);
		$this->assertSame( 'none', $config->consent );
		$this->assertSame( 'constant', $config->sources['consent'] );
		$this->assertSame( 'interaction', $config->load );
		$this->assertSame( 'option', $config->sources['load'] );
		$this->assertSame( 'preferences', $config->consent_category );
	}

	public static function gates() {
		return array(
			'neither'  => array( 'none', 'page', false, false ),
			'consent'  => array( 'required', 'page', true, false ),
			'a facade' => array( 'none', 'interaction', false, true ),
			'both'     => array( 'required', 'interaction', true, true ),
		);
	}

	/**
	 * @dataProvider gates
	 */
	public function test_the_gate_follows_the_two_settings_without_the_wp_consent_api( $consent, $load, $waits, $facade ) {
		$this->assertFalse( Intercom_Identity_Plugin::consent_api_active() );
		$gate = Intercom_Identity_Plugin::gate(
			self::resolve(
				array(
					'INTERCOM_CONSENT' => $consent,
					'INTERCOM_LOAD'    => $load,
				)
			)
		);
		$this->assertSame(
			array(
				'consent' => $waits,
				'facade'  => $facade,
			),
			$gate
		);
	}

	/**
	 * The page of a site with these environment variables: what wp_head prints.
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
	 * The content of the script tag with this id.
	 *
	 * @param string $html Printed HTML.
	 * @param string $id   Tag id.
	 * @return string|null
	 */
	private static function script( $html, $id ) {
		return preg_match( '#<script id="' . preg_quote( $id, '#' ) . '"[^>]*>\n(.*?)\n</script>#s', $html, $match ) ? $match[1] : null;
	}

	/**
	 * The content of a boot script vector's tag.
	 *
	 * @param string $name Vector name.
	 * @return string
	 */
	private static function vector_content( $name ) {
		$script = intercom_identity_vector( 'loader', $name )['script'];
		return (string) preg_replace( '#^<script[^>]*>|</script>$#', '', $script );
	}

	public function test_a_page_with_INTERCOM_CONSENT_required_prints_the_cores_consent_gated_loader() {
		$vector = intercom_identity_vector( 'loader', 'loader/consent-required-visitor' );
		$this->assertSame( array( 'required', 'page', null ), array( $vector['consent'], $vector['load'], $vector['widget_url'] ) );
		$html = self::page_head(
			array(
				'INTERCOM_APP_ID'          => $vector['app_id'],
				'INTERCOM_REGION'          => 'eu',
				'INTERCOM_IDENTITY_SECRET' => $vector['secret'],
				'INTERCOM_CONSENT'         => ' Required ',
			)
		);
		$this->assertSame( self::vector_content( 'loader/consent-required-visitor' ), self::script( $html, 'intercom-identity-boot' ) );
		// Without the WP Consent API nothing else is printed: the site's consent tool calls grantIntercomConsent().
		$this->assertSame( 1, substr_count( $html, '<script' ) );
	}

	public function test_a_page_without_consent_or_load_settings_prints_the_loader_of_before() {
		$vector = intercom_identity_vector( 'loader', 'loader/visitor-default-widget' );
		$html   = self::page_head(
			array(
				'INTERCOM_APP_ID'          => $vector['app_id'],
				'INTERCOM_IDENTITY_SECRET' => $vector['secret'],
			)
		);
		$this->assertSame( self::vector_content( 'loader/visitor-default-widget' ), self::script( $html, 'intercom-identity-boot' ) );
		$this->assertStringNotContainsString( 'grantIntercomConsent', $html );
	}

	public function test_a_page_with_INTERCOM_LOAD_interaction_prints_the_facade_without_a_consent_gate() {
		$content = (string) self::script( self::page_head( array( 'INTERCOM_LOAD' => 'interaction' ) ), 'intercom-identity-boot' );
		$this->assertStringContainsString( 'data-intercom-facade', $content );
		// consent false, facade true: no grantIntercomConsent() to wait for.
		$this->assertStringEndsWith( ',"visitor","intercom-session-abc123",false,true);', $content );
	}

	public function test_the_saved_choice_of_the_settings_page_gates_the_page() {
		Intercom_Identity_Test_WordPress::$options[ Intercom_Identity_Plugin::OPTION ] = array(
			'consent' => 'required',
			'load'    => 'interaction',
		);
		$content = (string) self::script( self::page_head( array() ), 'intercom-identity-boot' );
		$this->assertStringEndsWith( ',"visitor","intercom-session-abc123",true,true);', $content );
	}

	public function test_a_page_with_an_unknown_consent_mode_loads_nothing_and_logs_why_once() {
		$html = self::page_head( array( 'INTERCOM_CONSENT' => 'sometimes-x9' ) );
		$this->assertSame( '', $html );
		$lines = $this->log->lines();
		$this->assertCount( 1, $lines );
		$this->assertStringStartsWith( '[intercom-identity] CONSENT_UNKNOWN: INTERCOM_CONSENT is not a known consent mode.', $lines[0] );
		$this->assertStringNotContainsString( 'sometimes-x9', $lines[0] );
	}

	public function test_a_setup_error_is_logged_even_when_a_quiet_caller_resolved_it_first() {
		putenv( 'INTERCOM_APP_ID=abc123' );
		putenv( 'INTERCOM_LOAD=whenever-q3' );
		// The cookie declaration (plugins_loaded) asks without logging; the page asks with.
		$this->assertNull( Intercom_Identity_Plugin::config( false ) );
		$this->assertSame( array(), $this->log->lines() );
		$this->assertNull( Intercom_Identity_Plugin::config() );
		$this->assertNull( Intercom_Identity_Plugin::config() );
		$lines = $this->log->lines();
		$this->assertCount( 1, $lines );
		$this->assertStringStartsWith( '[intercom-identity] LOAD_UNKNOWN: INTERCOM_LOAD is not a known load mode.', $lines[0] );
	}

	public function test_the_settings_page_saves_consent_load_and_category_and_shows_them() {
		$request = new WP_REST_Request(
			'POST',
			'/intercom-identity/v1/settings',
			array(),
			array(
				'app_id'           => 'abc123',
				'consent'          => 'required',
				'load'             => 'interaction',
				'consent_category' => 'preferences',
			)
		);
		$answer  = Intercom_Identity_Rest::save_settings( $request );
		$this->assertSame( 200, $answer->get_status() );
		$saved = Intercom_Identity_Test_WordPress::$options[ Intercom_Identity_Plugin::OPTION ];
		$this->assertSame( array( 'required', 'interaction', 'preferences' ), array( $saved['consent'], $saved['load'], $saved['consent_category'] ) );
		$state = $answer->get_data();
		$this->assertSame( 'required', $state['values']['consent'] );
		$this->assertSame( 'interaction', $state['values']['load'] );
		$this->assertSame( 'preferences', $state['values']['consent_category'] );
		$this->assertFalse( $state['consent_api'] );
		$this->assertSame( array(), (array) $state['locked'] );
	}

	public function test_the_settings_page_refuses_an_unknown_consent_mode_without_quoting_it() {
		$request = new WP_REST_Request(
			'POST',
			'/intercom-identity/v1/settings',
			array(),
			array(
				'app_id'  => 'abc123',
				'consent' => 'maybe-later-5',
			)
		);
		$answer  = Intercom_Identity_Rest::save_settings( $request );
		$this->assertSame( 400, $answer->get_status() );
		$this->assertSame( 'CONSENT_UNKNOWN', $answer->get_data()['error']['code'] );
		$this->assertStringNotContainsString( 'maybe-later-5', $answer->get_data()['error']['message'] );
		$this->assertArrayNotHasKey( Intercom_Identity_Plugin::OPTION, Intercom_Identity_Test_WordPress::$options );
	}

	public function test_the_settings_page_shows_a_constant_as_fixed_in_the_pages_words() {
		putenv( 'INTERCOM_APP_ID=abc123' );
		putenv( 'INTERCOM_CONSENT= REQUIRED ' );
		$state = Intercom_Identity_Rest::state();
		$this->assertSame( 'required', $state['values']['consent'] );
		$this->assertSame(
			array(
				'source' => 'env',
				'name'   => 'INTERCOM_CONSENT',
			),
			( (array) $state['locked'] )['consent']
		);
		// Not chosen anywhere: blank, which the page shows as its first choice.
		$this->assertSame( '', $state['values']['load'] );
	}
}
