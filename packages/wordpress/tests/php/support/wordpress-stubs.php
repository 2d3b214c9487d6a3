<?php
/**
 * The few WordPress functions and classes that the plugin's request handlers call, as small
 * stand-ins with WordPress's behaviour for what the tests use: filters, options (of one site, or
 * of every site of a network), the current user, translations (none), REST requests and
 * responses. No WordPress runs in PHPUnit.
 *
 * @package IntercomIdentity
 */

/** What the stand-ins read: filters by hook, options by name, the current user, the network. */
final class Intercom_Identity_Test_WordPress {
	/** @var array<string,callable[]> */
	public static $filters = array();
	/** @var array<string,mixed> Options of the current site (site 1 of a network). */
	public static $options = array();
	/** @var WP_User|null */
	public static $user = null;
	/** @var bool Whether the site is part of a network (is_multisite()). */
	public static $multisite = false;
	/** @var array<int,array<string,mixed>> Options of the network's other sites, by site ID (2 and up). */
	public static $sites = array();

	/** Back to a single site with no filter, no option and nobody logged in. */
	public static function reset() {
		self::$filters   = array();
		self::$options   = array();
		self::$user      = null;
		self::$multisite = false;
		self::$sites     = array();
	}
}

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	Intercom_Identity_Test_WordPress::$filters[ $hook ][] = array( $callback, $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function __return_true() {
	return true;
}

/** The plugin's path below wp-content/plugins, as WordPress gives it. */
function plugin_basename( $file ) {
	$file = str_replace( '\\', '/', $file );
	$at   = strpos( $file, '/plugins/' );
	return false === $at ? basename( $file ) : substr( $file, $at + strlen( '/plugins/' ) );
}

function is_admin() {
	return false;
}

function wp_doing_ajax() {
	return false;
}

function is_feed() {
	return false;
}

function is_plugin_active( $plugin ) {
	return false;
}

function update_option( $name, $value, $autoload = null ) {
	Intercom_Identity_Test_WordPress::$options[ $name ] = $value;
	return true;
}

function delete_option( $name ) {
	if ( ! array_key_exists( $name, Intercom_Identity_Test_WordPress::$options ) ) {
		return false;
	}
	unset( Intercom_Identity_Test_WordPress::$options[ $name ] );
	return true;
}

function is_multisite() {
	return Intercom_Identity_Test_WordPress::$multisite;
}

/**
 * The network's sites as WP_Site_Query finds them: by ID, at most 'number' of them (100 unless
 * told, 0 for no limit) after 'offset'; IDs with 'fields' => 'ids', else objects with blog_id.
 */
function get_sites( $args = array() ) {
	$args   = $args + array(
		'fields' => '',
		'number' => 100,
		'offset' => 0,
	);
	$ids    = array_merge( array( 1 ), array_keys( Intercom_Identity_Test_WordPress::$sites ) );
	$number = absint( $args['number'] );
	$ids    = array_slice( $ids, absint( $args['offset'] ), 0 === $number ? null : $number );
	if ( 'ids' === $args['fields'] ) {
		return $ids;
	}
	return array_map(
		static function ( $id ) {
			return (object) array( 'blog_id' => (string) $id );
		},
		$ids
	);
}

/** Deletes an option of one site of the network (site 1's are the current site's). */
function delete_blog_option( $id, $name ) {
	$id = (int) $id;
	if ( 1 === $id ) {
		return delete_option( $name );
	}
	if ( ! isset( Intercom_Identity_Test_WordPress::$sites[ $id ] ) || ! array_key_exists( $name, Intercom_Identity_Test_WordPress::$sites[ $id ] ) ) {
		return false;
	}
	unset( Intercom_Identity_Test_WordPress::$sites[ $id ][ $name ] );
	return true;
}

function absint( $value ) {
	return abs( (int) $value );
}

function sanitize_text_field( $text ) {
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', strip_tags( (string) $text ) ) );
}

function wp_unslash( $value ) {
	return is_string( $value ) ? stripslashes( $value ) : $value;
}

/**
 * Prints an inline script as WordPress 6.1 to 6.5 do on an HTML5 theme: the attributes after
 * the wp_inline_script_attributes filter (where CSP plugins add a nonce), then the content
 * between line breaks.
 */
function wp_print_inline_script_tag( $data, $attributes = array() ) {
	$attributes = apply_filters( 'wp_inline_script_attributes', $attributes, $data );
	$html       = '';
	foreach ( $attributes as $name => $value ) {
		$html .= sprintf( ' %s="%s"', $name, htmlspecialchars( (string) $value, ENT_QUOTES, 'UTF-8' ) );
	}
	echo '<script' . $html . ">\n" . $data . "\n</script>\n";
}

function apply_filters( $hook, $value, ...$args ) {
	$filters = isset( Intercom_Identity_Test_WordPress::$filters[ $hook ] ) ? Intercom_Identity_Test_WordPress::$filters[ $hook ] : array();
	foreach ( $filters as $filter ) {
		$value = call_user_func_array( $filter[0], array_slice( array_merge( array( $value ), $args ), 0, $filter[1] ) );
	}
	return $value;
}

function __( $text, $domain = 'default' ) {
	return $text;
}

function wp_specialchars_decode( $text, $quote_style = ENT_NOQUOTES ) {
	return htmlspecialchars_decode( $text, $quote_style );
}

function get_option( $name, $default_value = false ) {
	return array_key_exists( $name, Intercom_Identity_Test_WordPress::$options ) ? Intercom_Identity_Test_WordPress::$options[ $name ] : $default_value;
}

function wp_get_current_user() {
	return null === Intercom_Identity_Test_WordPress::$user ? new WP_User() : Intercom_Identity_Test_WordPress::$user;
}

/** A user: ID 0 is nobody. */
class WP_User {
	public $ID              = 0;
	public $display_name    = '';
	public $user_email      = '';
	public $user_registered = '';

	public function __construct( $id = 0, $email = '', $name = '', $registered = '2024-01-02 03:04:05' ) {
		$this->ID              = $id;
		$this->user_email      = $email;
		$this->display_name    = $name;
		$this->user_registered = $registered;
	}

	public function exists() {
		return $this->ID > 0;
	}
}

/** A REST request with query parameters, a route and a JSON body. */
class WP_REST_Request {
	private $params;
	private $route;
	private $json;

	public function __construct( $method = 'GET', $route = '', $params = array(), $json = null ) {
		$this->route  = $route;
		$this->params = $params;
		$this->json   = $json;
	}

	public function get_json_params() {
		return $this->json;
	}

	public function get_body_params() {
		return array();
	}

	public function get_param( $key ) {
		return isset( $this->params[ $key ] ) ? $this->params[ $key ] : null;
	}

	public function get_route() {
		return $this->route;
	}
}

/** A REST response: data, status and headers. */
class WP_REST_Response {
	private $data;
	private $status;
	private $headers = array();

	public function __construct( $data = null, $status = 200 ) {
		$this->data   = $data;
		$this->status = $status;
	}

	public function header( $key, $value ) {
		$this->headers[ $key ] = $value;
	}

	public function get_data() {
		return $this->data;
	}

	public function get_status() {
		return $this->status;
	}

	public function get_headers() {
		return $this->headers;
	}
}
