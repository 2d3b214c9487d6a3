<?php
/**
 * WordPress glue: who is logged in, the boot script in the page head, cache headers,
 * and the Messenger shutdown after a logout.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Front-end behaviour.
 */
final class Intercom_Identity_Plugin {

	const OPTION = 'intercom_identity_settings';
	// Set by the server at logout, read and cleared by the next page.
	const LOGOUT_COOKIE = 'intercom_identity_logged_out';

	/** @var array|null Settings of this request, computed before headers are sent. */
	private static $settings = null;

	/** @var bool Whether this request's settings carry a proof. */
	private static $signed = false;

	/** @var bool */
	private static $shut_down = false;

	/** Hooks in. */
	public static function init() {
		add_action( 'init', array( __CLASS__, 'load_textdomain' ) );
		add_action( 'template_redirect', array( __CLASS__, 'prepare' ), 1 );
		add_action( 'wp_head', array( __CLASS__, 'print_script' ), 1 );
		add_action( 'wp_logout', array( __CLASS__, 'on_logout' ) );
		// The WP Consent API lists the plugins that follow it; without that API the filter is never read.
		add_filter( 'wp_consent_api_registered_' . plugin_basename( INTERCOM_IDENTITY_FILE ), '__return_true' );
		add_action( 'plugins_loaded', array( __CLASS__, 'declare_cookies' ) );
	}

	/** Translations. */
	public static function load_textdomain() {
		load_plugin_textdomain( 'intercom-identity', false, dirname( plugin_basename( INTERCOM_IDENTITY_FILE ) ) . '/languages' );
	}

	/**
	 * Values from wp-config.php constants, else environment variables.
	 *
	 * @return array Name => array( value, source ).
	 */
	public static function fixed_values() {
		$fixed = array();
		foreach ( Intercom_Identity_Config::NAMES as $name ) {
			if ( defined( $name ) && is_scalar( constant( $name ) ) && '' !== (string) constant( $name ) ) {
				$fixed[ $name ] = array( (string) constant( $name ), 'constant' );
				continue;
			}
			$value = getenv( $name );
			if ( is_string( $value ) && '' !== $value ) {
				$fixed[ $name ] = array( $value, 'env' );
			}
		}
		return $fixed;
	}

	/**
	 * The settings page's saved values.
	 *
	 * @return array
	 */
	public static function options() {
		$options = get_option( self::OPTION, array() );
		return is_array( $options ) ? $options : array();
	}

	/** @var Intercom_Identity_Error|null Why the last config() gave null (no app id, a setup mistake). */
	private static $setup_error = null;

	/**
	 * The configuration of this request, or null when the plugin is not set up.
	 *
	 * @param bool $log Log a configuration error.
	 * @return Intercom_Identity_Config|null
	 */
	public static function config( $log = true ) {
		$fixed   = self::fixed_values();
		$options = self::options();
		// Resolved once per request and per distinct values (a save on the settings page changes them).
		static $cache  = array();
		static $logged = array();
		$key = md5( serialize( array( $fixed, $options ) ) );
		if ( ! array_key_exists( $key, $cache ) ) {
			try {
				$cache[ $key ] = Intercom_Identity_Config::resolve( $fixed, $options );
			} catch ( Intercom_Identity_Error $error ) {
				$cache[ $key ] = $error;
			}
		}
		// Logged once per request, by the first caller that asks for it, even after a quiet caller resolved it.
		$failed = $cache[ $key ] instanceof Intercom_Identity_Error ? $cache[ $key ] : null;
		if ( $log && null !== $failed && 'APP_ID_MISSING' !== $failed->get_error_code() && ! isset( $logged[ $key ] ) ) {
			self::log( $failed );
			$logged[ $key ] = true;
		}
		self::$setup_error = $cache[ $key ] instanceof Intercom_Identity_Error ? $cache[ $key ] : null;
		return null === self::$setup_error ? $cache[ $key ] : null;
	}

	/**
	 * Why config() gave null: its error (code and message for the server log), or null.
	 *
	 * @return Intercom_Identity_Error|null
	 */
	public static function setup_error() {
		return self::$setup_error;
	}

	/**
	 * A log line with code and message; messages never hold a secret.
	 *
	 * @param Intercom_Identity_Error $error Error.
	 */
	public static function log( Intercom_Identity_Error $error ) {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
		error_log( '[intercom-identity] ' . $error->get_error_code() . ': ' . $error->getMessage() );
	}

	/**
	 * What the Messenger is told about a WordPress user. Filter intercom_identity_user to map
	 * users yourself (return null to boot them as visitors), intercom_identity_attributes to add
	 * attributes and a company.
	 *
	 * @param WP_User                  $user   User.
	 * @param Intercom_Identity_Config $config Config.
	 * @return array|null
	 */
	public static function person( WP_User $user, Intercom_Identity_Config $config ) {
		// WordPress stores display names with &, <, > as entities; send the name as the person wrote it.
		$name   = wp_specialchars_decode( (string) $user->display_name, ENT_QUOTES );
		$person = array();
		if ( 'email' !== $config->identifier ) {
			$person['user_id'] = (string) $user->ID;
		}
		if ( '' !== (string) $user->user_email ) {
			$person['email'] = (string) $user->user_email;
		}
		if ( '' !== $name ) {
			$person['name'] = $name;
		}
		$registered = strtotime( $user->user_registered . ' UTC' );
		if ( false !== $registered && $registered > 0 ) {
			$person['created_at'] = $registered;
		}
		/**
		 * Filters who a WordPress user is for Intercom: user_id and/or email, name, created_at.
		 *
		 * @param array|null $person Person, or null to boot this user as a visitor.
		 * @param WP_User    $user   The logged-in user.
		 */
		$person = apply_filters( 'intercom_identity_user', $person, $user );
		if ( ! is_array( $person ) ) {
			return null;
		}
		/**
		 * Filters extra attributes for a user: custom attributes, company, phone.
		 *
		 * @param array   $attributes Attributes to add.
		 * @param WP_User $user       The logged-in user.
		 */
		$attributes = apply_filters( 'intercom_identity_attributes', array(), $user );
		// Only what Intercom takes goes on; each dropped attribute is one log line, never its value.
		list( $attributes, $problems ) = Intercom_Identity_Settings_Builder::clean_attributes( $attributes );
		foreach ( $problems as $problem ) {
			self::log( $problem );
		}
		return $person + $attributes;
	}

	/** Works out this page's settings, and marks a page with a proof as private and uncacheable. */
	public static function prepare() {
		if ( is_admin() || wp_doing_ajax() || ( defined( 'REST_REQUEST' ) && REST_REQUEST ) || is_feed() ) {
			return;
		}
		$config = self::config();
		if ( null === $config ) {
			return;
		}
		if ( isset( $_COOKIE[ self::LOGOUT_COOKIE ] ) ) {
			self::$shut_down = true;
			self::expire_cookie( self::LOGOUT_COOKIE );
		}
		$builder = new Intercom_Identity_Settings_Builder( $config );
		$user    = wp_get_current_user();
		$person  = null;
		if ( $user->exists() && null !== $config->secret( 'web' ) ) {
			$person = self::person( $user, $config );
		}
		try {
			self::$settings = $builder->boot_settings( $person );
			self::$signed   = null !== $person;
		} catch ( Intercom_Identity_Error $error ) {
			// Never a crashed page and never an unsigned identified user: a visitor boot instead.
			self::log( $error );
			self::$settings = $builder->boot_settings( null );
			self::$signed   = false;
		}
		if ( $user->exists() && null === $config->secret( 'web' ) ) {
			self::log( new Intercom_Identity_Error( 'SECRET_MISSING', 'A signed-in user booted as a visitor because no web secret is set. Define INTERCOM_IDENTITY_SECRET.' ) );
		}
		if ( self::$signed ) {
			self::private_page();
		}
	}

	/**
	 * Headers that tell a CDN how to cache, over Cache-Control (RFC 9213): none may reach a page with a proof.
	 * The same list as the core's CDN_CACHE_HEADERS.
	 */
	const CDN_CACHE_HEADERS = array( 'CDN-Cache-Control', 'Surrogate-Control', 'Vercel-CDN-Cache-Control', 'Cloudflare-CDN-Cache-Control', 'Netlify-CDN-Cache-Control' );

	/** A page with one user's proof: never cached by a page cache, a proxy or a CDN. */
	public static function private_page() {
		if ( ! defined( 'DONOTCACHEPAGE' ) ) {
			define( 'DONOTCACHEPAGE', true );
		}
		add_filter(
			'nocache_headers',
			static function ( $headers ) {
				$headers['Cache-Control'] = 'private, no-store, no-cache, must-revalidate, max-age=0';
				return $headers;
			}
		);
		if ( ! headers_sent() ) {
			nocache_headers();
			// Set by the theme, another plugin or the server's PHP at send_headers: a CDN would share this page.
			foreach ( self::CDN_CACHE_HEADERS as $name ) {
				header_remove( $name );
			}
		}
	}

	/**
	 * Whether the WP Consent API is active: the plugin then waits for consent in its category.
	 *
	 * @return bool
	 */
	public static function consent_api_active() {
		return function_exists( 'wp_has_consent' );
	}

	/**
	 * How the boot script waits (the core's BootGate): for consent when INTERCOM_CONSENT is
	 * required or the WP Consent API is active, for the first click when INTERCOM_LOAD is interaction.
	 *
	 * @param Intercom_Identity_Config $config Config.
	 * @return array{consent:bool,facade:bool}
	 */
	public static function gate( Intercom_Identity_Config $config ) {
		return array(
			'consent' => 'required' === $config->consent || self::consent_api_active(),
			'facade'  => 'interaction' === $config->load,
		);
	}

	/**
	 * Prints the boot script (the core's, byte for byte) through WordPress, so CSP nonce and
	 * consent filters (wp_inline_script_attributes) apply; after a logout, the shutdown too; with
	 * the WP Consent API, the script that grants and withdraws consent as that API says.
	 */
	public static function print_script() {
		if ( null === self::$settings ) {
			return;
		}
		$config = self::config( false );
		if ( null === $config ) {
			return;
		}
		try {
			$content = Intercom_Identity_Script::content( self::$settings, $config->widget_url, $config->marker_key(), self::gate( $config ) );
		} catch ( Intercom_Identity_Error $error ) {
			self::log( $error );
			return;
		}
		wp_print_inline_script_tag( $content, Intercom_Identity_Script::ATTRIBUTES );
		if ( self::$shut_down ) {
			wp_print_inline_script_tag( Intercom_Identity_Script::after_logout( $config->app_id ), array( 'id' => 'intercom-identity-logout' ) );
		}
		if ( self::consent_api_active() ) {
			wp_print_inline_script_tag( Intercom_Identity_Script::follow_consent_api( $config->consent_category ), array( 'id' => 'intercom-identity-consent-api' ) );
		}
	}

	/**
	 * plugins_loaded: tells the WP Consent API (when it offers wp_add_cookie_info) what the
	 * Messenger keeps in the browser, in the category it waits for: Intercom's three cookies and
	 * this plugin's marker of the last person in localStorage.
	 */
	public static function declare_cookies() {
		if ( ! function_exists( 'wp_add_cookie_info' ) ) {
			return;
		}
		$config = self::config( false );
		if ( null === $config ) {
			return;
		}
		foreach ( self::browser_storage( $config->app_id ) as $item ) {
			wp_add_cookie_info( $item['name'], 'Intercom', $config->consent_category, $item['expires'], $item['function'], $item['personal_data'], false, false, $item['type'] );
		}
	}

	/**
	 * What the Messenger keeps in the browser of a visitor: Intercom's first-party cookies (the
	 * lifetimes Intercom documents) and the loader's marker of the last person, for the WP Consent
	 * API's cookie list.
	 *
	 * @param string $app_id App id.
	 * @return array<int,array{name:string,expires:string,function:string,personal_data:string,type:string}>
	 */
	public static function browser_storage( $app_id ) {
		return array(
			array(
				'name'          => Intercom_Identity_Script::session_cookie( $app_id ),
				'expires'       => __( '1 week', 'intercom-identity' ),
				'function'      => __( 'Keeps the Messenger session, so a conversation goes on from page to page.', 'intercom-identity' ),
				'personal_data' => __( 'Who a signed-in user is to Intercom', 'intercom-identity' ),
				'type'          => 'HTTP',
			),
			array(
				'name'          => 'intercom-id-' . $app_id,
				'expires'       => __( '9 months', 'intercom-identity' ),
				'function'      => __( 'An anonymous visitor id, so the Messenger keeps a visitor’s conversations.', 'intercom-identity' ),
				'personal_data' => '',
				'type'          => 'HTTP',
			),
			array(
				'name'          => 'intercom-device-id-' . $app_id,
				'expires'       => __( '9 months', 'intercom-identity' ),
				'function'      => __( 'An anonymous id of the device.', 'intercom-identity' ),
				'personal_data' => '',
				'type'          => 'HTTP',
			),
			array(
				'name'          => Intercom_Identity_Script::storage_key( $app_id ),
				'expires'       => __( 'Until the next page replaces it', 'intercom-identity' ),
				'function'      => __( 'A keyed hash of the last person who used the Messenger here, so the next person never sees their conversations.', 'intercom-identity' ),
				'personal_data' => '',
				'type'          => 'LOCALSTORAGE',
			),
		);
	}

	/** Logout: expire the Messenger's session cookie, and make the next page shut the Messenger down. */
	public static function on_logout() {
		$config = self::config( false );
		if ( null === $config ) {
			return;
		}
		self::expire_cookie( 'intercom-session-' . $config->app_id );
		if ( ! headers_sent() ) {
			setcookie( self::LOGOUT_COOKIE, '1', 0, COOKIEPATH ? COOKIEPATH : '/', COOKIE_DOMAIN, is_ssl(), true );
		}
	}

	/**
	 * Expires a cookie on every path and domain the Messenger or WordPress may have used.
	 *
	 * @param string $name Cookie name.
	 */
	private static function expire_cookie( $name ) {
		if ( headers_sent() ) {
			return;
		}
		$paths   = array_unique( array( '/', COOKIEPATH ? COOKIEPATH : '/' ) );
		$host    = wp_parse_url( home_url(), PHP_URL_HOST );
		$domains = array_unique( array_filter( array( '', COOKIE_DOMAIN, is_string( $host ) && false !== strpos( $host, '.' ) && ! filter_var( $host, FILTER_VALIDATE_IP ) ? '.' . $host : '' ) ) );
		$domains = array() === $domains ? array( '' ) : array_merge( array( '' ), $domains );
		foreach ( $paths as $path ) {
			foreach ( array_unique( $domains ) as $domain ) {
				setcookie( $name, '', time() - YEAR_IN_SECONDS, $path, $domain );
			}
		}
	}

	/**
	 * Whether this request's page carries a proof (for tests and the self-check).
	 *
	 * @return bool
	 */
	public static function is_signed_page() {
		return self::$signed;
	}
}
