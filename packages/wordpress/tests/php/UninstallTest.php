<?php
/**
 * Deleting the plugin from the Plugins screen leaves nothing of it behind: uninstall.php
 * removes everything the plugin stores, on one site and on every site of a network, and
 * the plugin's code stores nothing that uninstall.php does not know about.
 *
 * Each test runs in its own PHP process: WP_UNINSTALL_PLUGIN, once defined, would be there
 * for every other test.
 *
 * @package IntercomIdentity
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */

use PHPUnit\Framework\TestCase;

final class UninstallTest extends TestCase {

	const SECRET = 'wp-uninstall-secret-0123456789abcdefGH';

	// What a site holds of its own, which the plugin's uninstall must leave alone.
	const SITE_OPTIONS = array(
		'blogname'            => 'A site',
		'active_plugins'      => array( 'other/other.php' ),
		'intercom_other_tool' => 'kept',
	);

	/**
	 * WordPress's functions that store something beyond the request: options, network
	 * options, transients, metadata of users, posts, terms, comments and sites, user settings,
	 * cron events, content, the object cache (persistent with a cache drop-in) and files.
	 */
	const STORAGE_FUNCTIONS = array(
		'add_option',
		'update_option',
		'add_blog_option',
		'update_blog_option',
		'add_site_option',
		'update_site_option',
		'add_network_option',
		'update_network_option',
		'set_transient',
		'set_site_transient',
		'add_metadata',
		'update_metadata',
		'add_user_meta',
		'update_user_meta',
		'update_user_option',
		'add_post_meta',
		'update_post_meta',
		'add_term_meta',
		'update_term_meta',
		'add_comment_meta',
		'update_comment_meta',
		'add_site_meta',
		'update_site_meta',
		'set_user_setting',
		'wp_set_user_settings',
		'wp_schedule_event',
		'wp_schedule_single_event',
		'wp_insert_post',
		'wp_update_post',
		'wp_insert_attachment',
		'wp_insert_term',
		'wp_insert_comment',
		'wp_insert_user',
		'wp_update_user',
		'wp_cache_add',
		'wp_cache_set',
		'wp_cache_replace',
		'wp_cache_add_multiple',
		'wp_cache_set_multiple',
		'file_put_contents',
		'wp_upload_bits',
		'wp_mkdir_p',
		'wp_filesystem',
		'dbdelta',
	);

	protected function setUp(): void {
		Intercom_Identity_Test_WordPress::reset();
		define( 'WP_UNINSTALL_PLUGIN', 'intercom-identity/intercom-identity.php' );
	}

	protected function tearDown(): void {
		Intercom_Identity_Test_WordPress::reset();
	}

	/** Runs uninstall.php as WordPress does: included, with WP_UNINSTALL_PLUGIN defined. */
	private static function uninstall() {
		require dirname( __DIR__, 2 ) . '/uninstall.php';
	}

	/** Saves settings through the settings page's route, the way the plugin writes them. */
	private function save_settings() {
		$answer = Intercom_Identity_Rest::save_settings(
			new WP_REST_Request(
				'POST',
				'/intercom-identity/v1/settings',
				array(),
				array(
					'app_id'         => 'abc123',
					'mode'           => 'jwt',
					'secret'         => self::SECRET,
					'secret_ios'     => self::SECRET . 'ios',
					'secret_android' => self::SECRET . 'android',
				)
			)
		);
		$this->assertSame( 200, $answer->get_status() );
	}

	/** The plugin's code: the main file and includes/ (uninstall.php only deletes). */
	private static function plugin_files() {
		$root = dirname( __DIR__, 2 );
		return array_merge( array( $root . '/intercom-identity.php' ), glob( $root . '/includes/*.php' ) );
	}

	/**
	 * Each call of a WordPress storage function (STORAGE_FUNCTIONS) in some PHP files, as
	 * "function(first argument)", and each use of $wpdb, which could write anything.
	 *
	 * @param string[] $files PHP files.
	 * @return string[]
	 */
	private static function writes( array $files ) {
		$names = array( T_STRING );
		if ( defined( 'T_NAME_FULLY_QUALIFIED' ) ) {
			$names[] = T_NAME_FULLY_QUALIFIED;
		}
		$found = array();
		foreach ( $files as $file ) {
			$tokens = array_values(
				array_filter(
					token_get_all( (string) file_get_contents( $file ) ),
					static function ( $token ) {
						return ! is_array( $token ) || ! in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true );
					}
				)
			);
			foreach ( $tokens as $at => $token ) {
				if ( is_array( $token ) && T_VARIABLE === $token[0] && '$wpdb' === $token[1] ) {
					$found[] = '$wpdb';
					continue;
				}
				if ( ! is_array( $token ) || ! in_array( $token[0], $names, true ) ) {
					continue;
				}
				$name = strtolower( ltrim( $token[1], '\\' ) );
				$next = isset( $tokens[ $at + 1 ] ) ? $tokens[ $at + 1 ] : null;
				$prev = $at > 0 ? $tokens[ $at - 1 ] : null;
				// A call of the global function: not a method, not a declaration.
				$method = is_array( $prev ) && in_array( $prev[0], array( T_FUNCTION, T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_NEW ), true );
				if ( ! in_array( $name, self::STORAGE_FUNCTIONS, true ) || '(' !== $next || $method ) {
					continue;
				}
				$argument = '';
				$depth    = 0;
				for ( $i = $at + 2, $end = count( $tokens ); $i < $end; $i++ ) {
					$text = is_array( $tokens[ $i ] ) ? $tokens[ $i ][1] : $tokens[ $i ];
					if ( 0 === $depth && ( ',' === $text || ')' === $text ) ) {
						break;
					}
					$depth    += in_array( $text, array( '(', '[' ), true ) ? 1 : ( in_array( $text, array( ')', ']' ), true ) ? -1 : 0 );
					$argument .= $text;
				}
				$found[] = "$name($argument)";
			}
		}
		sort( $found );
		return $found;
	}

	public function test_the_plugin_stores_its_settings_option_and_nothing_else() {
		// A new write (a transient, user meta, a cron event...) must be removed by uninstall.php, then listed here.
		$this->assertSame( array( 'update_option(Intercom_Identity_Plugin::OPTION)' ), self::writes( self::plugin_files() ) );
		// uninstall.php runs without the plugin loaded, so it names the option itself.
		$this->assertSame( 'intercom_identity_settings', Intercom_Identity_Plugin::OPTION );
	}

	public function test_the_code_check_finds_every_kind_of_write() {
		$file = (string) tempnam( sys_get_temp_dir(), 'intercom-identity-writes-' );
		file_put_contents(
			$file,
			'<?php
			set_transient( "intercom_identity_cache", 1, HOUR_IN_SECONDS );
			\\update_user_meta( $user_id, self::META, array( 1, 2 ) );
			if ( ! wp_next_scheduled( "intercom_identity_sync" ) ) { wp_schedule_event( time(), "daily", "intercom_identity_sync" ); }
			$wpdb->query( "DELETE FROM t" );
			// update_option( "in_a_comment" ); and in a string: "add_option( \'x\' )"
			$cache->set_transient( "a method" );
			Other::update_option( "a static method" );
			function update_site_option( $name ) {}
			'
		);
		try {
			$this->assertSame(
				array( '$wpdb', 'set_transient("intercom_identity_cache")', 'update_user_meta($user_id)', 'wp_schedule_event(time())' ),
				self::writes( array( $file ) )
			);
		} finally {
			unlink( $file );
		}
	}

	public function test_uninstall_removes_the_saved_settings_and_leaves_the_sites_own_options() {
		Intercom_Identity_Test_WordPress::$options = self::SITE_OPTIONS;
		$this->save_settings();
		$this->assertSame( self::SECRET, Intercom_Identity_Test_WordPress::$options[ Intercom_Identity_Plugin::OPTION ]['secret'] );

		self::uninstall();
		$this->assertSame( self::SITE_OPTIONS, Intercom_Identity_Test_WordPress::$options );
	}

	public function test_uninstall_runs_on_a_site_that_never_saved_settings() {
		Intercom_Identity_Test_WordPress::$options = self::SITE_OPTIONS;
		self::uninstall();
		$this->assertSame( self::SITE_OPTIONS, Intercom_Identity_Test_WordPress::$options );
	}

	public function test_uninstall_removes_the_settings_of_every_site_of_a_network_past_the_first_hundred() {
		Intercom_Identity_Test_WordPress::$multisite = true;
		Intercom_Identity_Test_WordPress::$options   = self::SITE_OPTIONS;
		$this->save_settings();
		// 150 sites: more than the 100 that get_sites() returns unless told otherwise.
		for ( $id = 2; $id <= 150; $id++ ) {
			Intercom_Identity_Test_WordPress::$sites[ $id ] = self::SITE_OPTIONS + array( Intercom_Identity_Plugin::OPTION => array( 'app_id' => "site$id" ) );
		}
		// Site 150 saved its own secret on its own settings page.
		Intercom_Identity_Test_WordPress::$sites[150][ Intercom_Identity_Plugin::OPTION ]['secret'] = self::SECRET;

		self::uninstall();
		$this->assertSame( self::SITE_OPTIONS, Intercom_Identity_Test_WordPress::$options );
		$left = array();
		foreach ( Intercom_Identity_Test_WordPress::$sites as $id => $options ) {
			if ( self::SITE_OPTIONS !== $options ) {
				$left[] = $id;
			}
		}
		$this->assertSame( array(), $left, 'sites that kept the plugin’s settings' );
	}

	public function test_uninstall_php_does_nothing_when_it_is_requested_directly() {
		// Outside WordPress's uninstall (a request for the file), it stops before it calls WordPress.
		$output = array();
		exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( dirname( __DIR__, 2 ) . '/uninstall.php' ) . ' 2>&1', $output, $status );
		$this->assertSame( array(), $output );
		$this->assertSame( 0, $status );
	}
}
