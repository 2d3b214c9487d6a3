<?php
/**
 * REST routes: the proof for the current user (for a site's mobile app), and the
 * settings page's read and save. Neither ever returns a secret.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * intercom-identity/v1/hash and intercom-identity/v1/settings.
 */
final class Intercom_Identity_Rest {

	const NAMESPACE_V1 = 'intercom-identity/v1';

	// The settings page's fields other than the secrets, as it shows and saves them.
	const FIELDS = array( 'app_id', 'mode', 'region', 'identifier', 'consent', 'load', 'consent_category' );

	// The CORS headers WordPress sends to any origin, with credentials; never on this plugin's routes.
	const CORS_HEADERS = array(
		'Access-Control-Allow-Origin',
		'Access-Control-Allow-Credentials',
		'Access-Control-Allow-Methods',
		'Access-Control-Allow-Headers',
		'Access-Control-Expose-Headers',
	);

	// Page-cache plugins whose presence the self-check reports: plugin file => name.
	const PAGE_CACHES = array(
		'wp-super-cache/wp-cache.php'          => 'WP Super Cache',
		'w3-total-cache/w3-total-cache.php'    => 'W3 Total Cache',
		'wp-rocket/wp-rocket.php'              => 'WP Rocket',
		'litespeed-cache/litespeed-cache.php'  => 'LiteSpeed Cache',
		'wp-fastest-cache/wpFastestCache.php'  => 'WP Fastest Cache',
		'cache-enabler/cache-enabler.php'      => 'Cache Enabler',
		'comet-cache/comet-cache.php'          => 'Comet Cache',
		'hummingbird-performance/wp-hummingbird.php' => 'Hummingbird',
		'sg-cachepress/sg-cachepress.php'      => 'SiteGround Optimizer',
		'breeze/breeze.php'                    => 'Breeze',
		'wp-optimize/wp-optimize.php'          => 'WP-Optimize',
	);

	/** Hooks in. */
	public static function init() {
		add_action( 'rest_api_init', array( __CLASS__, 'register' ) );
		add_filter( 'nocache_headers', array( __CLASS__, 'nocache_headers' ) );
		// The proofs (the iOS and Android ones never expire) are for the site's own pages and
		// its apps: no other site may read them, neither through CORS nor as a JSONP script.
		add_filter( 'rest_jsonp_enabled', array( __CLASS__, 'jsonp_enabled' ), PHP_INT_MAX );
		add_filter( 'rest_pre_serve_request', array( __CLASS__, 'without_cors' ), PHP_INT_MAX, 3 );
	}

	/**
	 * Whether a REST route is one of this plugin's. WordPress matches routes in any case, so
	 * this does too.
	 *
	 * @param mixed $route Route, such as /intercom-identity/v1/hash.
	 * @return bool
	 */
	public static function is_own_route( $route ) {
		return is_string( $route ) && 1 === preg_match( '#^/+' . preg_quote( self::NAMESPACE_V1, '#' ) . '(?:/|$)#i', $route );
	}

	/**
	 * The route WordPress serves in this request (the rest_route query variable it dispatches).
	 *
	 * @return string
	 */
	private static function requested_route() {
		return isset( $GLOBALS['wp']->query_vars['rest_route'] ) && is_string( $GLOBALS['wp']->query_vars['rest_route'] ) ? $GLOBALS['wp']->query_vars['rest_route'] : '';
	}

	/**
	 * rest_jsonp_enabled: no JSONP on this plugin's routes. WordPress then answers a ?_jsonp=
	 * request with its JSON error rest_callback_disabled, never a callable script.
	 *
	 * @param bool $enabled Whether JSONP is enabled.
	 * @return bool
	 */
	public static function jsonp_enabled( $enabled ) {
		return self::is_own_route( self::requested_route() ) ? false : $enabled;
	}

	/**
	 * rest_pre_serve_request, after WordPress's rest_send_cors_headers: takes the CORS headers
	 * (the request's Origin reflected, with credentials) off this plugin's answers, preflights
	 * included. Other routes keep them.
	 *
	 * @param bool  $served  Whether the request was served.
	 * @param mixed $result  The response.
	 * @param mixed $request The request.
	 * @return bool
	 */
	public static function without_cors( $served, $result = null, $request = null ) {
		$route = is_object( $request ) && method_exists( $request, 'get_route' ) ? $request->get_route() : self::requested_route();
		$match = is_object( $result ) && method_exists( $result, 'get_matched_route' ) ? $result->get_matched_route() : '';
		if ( ( self::is_own_route( $route ) || self::is_own_route( $match ) ) && ! headers_sent() ) {
			foreach ( self::CORS_HEADERS as $header ) {
				header_remove( $header );
			}
		}
		return $served;
	}

	/**
	 * WordPress sends its own no-cache headers to logged-in REST clients, over the route's
	 * own; for this plugin's routes they say private and no-store as well.
	 *
	 * @param array $headers Headers.
	 * @return array
	 */
	public static function nocache_headers( $headers ) {
		if ( self::is_own_route( self::requested_route() ) ) {
			$headers['Cache-Control'] = 'private, no-store, no-cache, must-revalidate, max-age=0';
		}
		return $headers;
	}

	/** Registers the routes. */
	public static function register() {
		register_rest_route(
			self::NAMESPACE_V1,
			'/hash',
			array(
				'methods'             => array( 'GET', 'POST' ),
				'callback'            => array( __CLASS__, 'hash' ),
				// The callback answers 401 itself, in the same shape as the core's mobile handler.
				'permission_callback' => '__return_true',
				'args'                => array(
					'platform' => array(
						'type'    => 'string',
						'default' => 'web',
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/settings',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( __CLASS__, 'read_settings' ),
					'permission_callback' => array( __CLASS__, 'can_manage' ),
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( __CLASS__, 'save_settings' ),
					'permission_callback' => array( __CLASS__, 'can_manage' ),
				),
			)
		);
	}

	/**
	 * @return bool
	 */
	public static function can_manage() {
		return current_user_can( 'manage_options' );
	}

	/**
	 * An answer that no cache may keep.
	 *
	 * @param array $body   Body.
	 * @param int   $status Status.
	 * @return WP_REST_Response
	 */
	private static function answer( array $body, $status ) {
		$response = new WP_REST_Response( $body, $status );
		$response->header( 'Cache-Control', 'private, no-store, max-age=0' );
		$response->header( 'Vary', 'Cookie, Authorization' );
		return $response;
	}

	/**
	 * @param string $code    Code.
	 * @param string $message Message.
	 * @param int    $status  Status.
	 * @return WP_REST_Response
	 */
	private static function error( $code, $message, $status ) {
		return self::answer(
			array(
				'error' => array(
					'code'    => $code,
					'message' => $message,
				),
			),
			$status
		);
	}

	/**
	 * The proof for the user of this request: Application Password, or the login cookie with
	 * its REST nonce. Identifiers in the query or body are never read.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function hash( WP_REST_Request $request ) {
		$user = wp_get_current_user();
		if ( ! $user->exists() ) {
			return self::error( 'NO_SESSION', __( 'Log in first: send an Application Password, or the login cookie with its REST nonce.', 'intercom-identity' ), 401 );
		}
		$platform = (string) $request->get_param( 'platform' );
		if ( ! in_array( $platform, Intercom_Identity_Config::PLATFORMS, true ) ) {
			return self::error( 'PLATFORM_UNKNOWN', __( 'Unknown platform. Use web, ios or android.', 'intercom-identity' ), 400 );
		}
		$config = Intercom_Identity_Plugin::config();
		if ( null === $config ) {
			$problem = Intercom_Identity_Plugin::setup_error();
			// The pages log every other setup error; a missing app id only matters to a caller of this route.
			if ( null === $problem || 'APP_ID_MISSING' === $problem->get_error_code() ) {
				$problem = new Intercom_Identity_Error( 'APP_ID_MISSING', 'A proof was asked for, but no Intercom app id is set. Define INTERCOM_APP_ID in wp-config.php, or set it on Settings > Intercom Identity.' );
				Intercom_Identity_Plugin::log( $problem );
			}
			return self::setup_failure( $problem->get_error_code(), 503 );
		}
		$person = Intercom_Identity_Plugin::person( $user, $config );
		if ( null === $person ) {
			return self::error( 'NO_SESSION', __( 'This user is not identified to Intercom on this site.', 'intercom-identity' ), 401 );
		}
		try {
			$builder = new Intercom_Identity_Settings_Builder( $config );
			return self::answer( $builder->proof( $person, $platform ), 200 );
		} catch ( Intercom_Identity_Error $error ) {
			Intercom_Identity_Plugin::log( $error );
			return self::setup_failure( $error->get_error_code(), 'SECRET_MISSING' === $error->get_error_code() ? 503 : 500 );
		}
	}

	/**
	 * A public answer to a setup error: its code and a sentence that never names a value. The
	 * message, which says what to do, went to the server log.
	 *
	 * @param string $code   Code.
	 * @param int    $status Status.
	 * @return WP_REST_Response
	 */
	private static function setup_failure( $code, $status ) {
		return self::error( $code, __( 'The Intercom identity setup is incomplete; the server log says why.', 'intercom-identity' ), $status );
	}

	/**
	 * What the settings page may know: values, where they come from, whether a secret is
	 * set and its last four characters. Never a secret.
	 *
	 * @return WP_REST_Response
	 */
	public static function read_settings() {
		return self::answer( self::state(), 200 );
	}

	/**
	 * @return array
	 */
	public static function state() {
		$options = Intercom_Identity_Plugin::options();
		$fixed   = Intercom_Identity_Plugin::fixed_values();
		$locked  = array();
		foreach ( Intercom_Identity_Config::NAMES as $field => $name ) {
			if ( isset( $fixed[ $name ] ) ) {
				$locked[ $field ] = array(
					'source' => $fixed[ $name ][1],
					'name'   => $name,
				);
			}
		}
		$values = array();
		foreach ( self::FIELDS as $field ) {
			$name             = Intercom_Identity_Config::NAMES[ $field ];
			$values[ $field ] = isset( $fixed[ $name ] ) ? trim( $fixed[ $name ][0] ) : ( isset( $options[ $field ] ) ? (string) $options[ $field ] : '' );
			// The choices are read in any case ("JWT" is jwt): show them as the page's choices.
			if ( 'app_id' !== $field ) {
				$values[ $field ] = strtolower( $values[ $field ] );
			}
		}
		$secrets = array();
		$config  = null;
		$problem = null;
		try {
			$config = Intercom_Identity_Config::resolve( $fixed, $options );
		} catch ( Intercom_Identity_Error $error ) {
			$problem = array(
				'code'    => $error->get_error_code(),
				'message' => $error->getMessage(),
			);
			// An app id that is not one may be a secret pasted into the wrong place: not shown back.
			if ( in_array( $error->get_error_code(), array( 'APP_ID_INVALID', 'CONFIG_SWAPPED' ), true ) ) {
				$values['app_id'] = '';
			}
		}
		foreach ( array(
			'web'     => 'secret',
			'ios'     => 'secret_ios',
			'android' => 'secret_android',
		) as $platform => $field ) {
			$name = Intercom_Identity_Config::NAMES[ $field ];
			$raw  = isset( $fixed[ $name ] ) ? $fixed[ $name ][0] : ( isset( $options[ $field ] ) ? (string) $options[ $field ] : '' );
			$raw  = trim( $raw );
			// Only "set" and the last four characters ever leave the server.
			$secrets[ $platform ] = array(
				'set'   => '' !== $raw,
				'last4' => strlen( $raw ) >= 16 ? substr( $raw, -4 ) : '',
			);
		}
		return array(
			'values'      => $values,
			'secrets'     => $secrets,
			'locked'      => (object) $locked,
			'consent_api' => Intercom_Identity_Plugin::consent_api_active(),
			'check'       => self::self_check( $config, $problem ),
		);
	}

	/**
	 * Whether signing works, and whether a page cache that could serve one user's page to another is active.
	 *
	 * @param Intercom_Identity_Config|null $config  Config.
	 * @param array|null                    $problem Configuration error.
	 * @return array
	 */
	private static function self_check( $config, $problem ) {
		$signing = array(
			'ok'      => false,
			'code'    => null,
			'message' => '',
		);
		if ( null !== $problem ) {
			$signing['code']    = $problem['code'];
			$signing['message'] = $problem['message'];
		} elseif ( null === $config->secret( 'web' ) ) {
			$signing['code']    = 'SECRET_MISSING';
			$signing['message'] = __( 'No web secret: logged-in users boot the Messenger as visitors.', 'intercom-identity' );
		} else {
			try {
				$user     = wp_get_current_user();
				$builder  = new Intercom_Identity_Settings_Builder( $config );
				$person   = Intercom_Identity_Plugin::person( $user, $config );
				$settings = null === $person ? null : $builder->boot_settings( $person );
				$ok       = null !== $settings && ( isset( $settings['intercom_user_jwt'] ) || Intercom_Identity_Signer::verify_user_hash( $config->secret( 'web' ), isset( $settings['user_id'] ) ? $settings['user_id'] : $settings['email'], $settings['user_hash'] ) );
				$signing['ok']      = $ok;
				$signing['message'] = $ok
					/* translators: %s: identity mode, user_hash or jwt */
					? sprintf( __( 'Your own boot settings were signed (%s) and verified.', 'intercom-identity' ), $config->mode )
					: __( 'Your own user could not be signed.', 'intercom-identity' );
			} catch ( Intercom_Identity_Error $error ) {
				$signing['code']    = $error->get_error_code();
				$signing['message'] = $error->getMessage();
			}
		}
		if ( ! function_exists( 'is_plugin_active' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$caches = array();
		foreach ( self::PAGE_CACHES as $file => $name ) {
			if ( is_plugin_active( $file ) ) {
				$caches[] = $name;
			}
		}
		if ( defined( 'WP_CACHE' ) && WP_CACHE && file_exists( WP_CONTENT_DIR . '/advanced-cache.php' ) && array() === $caches ) {
			$caches[] = __( 'a page cache drop-in (advanced-cache.php)', 'intercom-identity' );
		}
		return array(
			'signing'     => $signing,
			'page_caches' => $caches,
			'warnings'    => null === $config ? array() : $config->warnings,
		);
	}

	/**
	 * Saves the settings page. A blank secret keeps the saved one; clear_secret removes it.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public static function save_settings( WP_REST_Request $request ) {
		$options = Intercom_Identity_Plugin::options();
		$next    = $options;
		$input   = $request->get_json_params();
		$input   = is_array( $input ) ? $input : $request->get_body_params();
		foreach ( self::FIELDS as $field ) {
			if ( isset( $input[ $field ] ) && is_string( $input[ $field ] ) ) {
				$next[ $field ] = sanitize_text_field( $input[ $field ] );
			}
		}
		foreach ( array( 'secret', 'secret_ios', 'secret_android' ) as $field ) {
			if ( ! empty( $input[ 'clear_' . $field ] ) ) {
				unset( $next[ $field ] );
			} elseif ( isset( $input[ $field ] ) && is_string( $input[ $field ] ) && '' !== trim( $input[ $field ] ) ) {
				// Secrets are stored as given (trimmed); sanitize_text_field could change them.
				$next[ $field ] = trim( wp_unslash( $input[ $field ] ) );
			}
		}
		try {
			if ( isset( $next['app_id'] ) && '' !== $next['app_id'] ) {
				Intercom_Identity_Config::resolve( array(), $next );
			}
			foreach ( array( 'secret', 'secret_ios', 'secret_android' ) as $field ) {
				if ( isset( $next[ $field ] ) ) {
					Intercom_Identity_Config::check_value( $next[ $field ], Intercom_Identity_Config::NAMES[ $field ], 'SECRET_MALFORMED' );
					Intercom_Identity_Signer::check_configured_secret( $next[ $field ], $field );
				}
			}
		} catch ( Intercom_Identity_Error $error ) {
			return self::error( $error->get_error_code(), $error->getMessage(), 400 );
		}
		update_option( Intercom_Identity_Plugin::OPTION, $next, false );
		return self::answer( self::state(), 200 );
	}
}
