<?php
/**
 * Settings > Intercom Identity: a React app (build/index.js) that talks to the plugin's
 * REST settings route. The page itself holds no value and no secret.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page.
 */
final class Intercom_Identity_Admin {

	const PAGE = 'intercom-identity';

	/** Hooks in. */
	public static function init() {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ) );
		add_action( 'admin_enqueue_scripts', array( __CLASS__, 'enqueue' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( INTERCOM_IDENTITY_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/** Adds the page. */
	public static function menu() {
		add_options_page(
			__( 'Intercom Identity', 'intercom-identity' ),
			__( 'Intercom Identity', 'intercom-identity' ),
			'manage_options',
			self::PAGE,
			array( __CLASS__, 'render' )
		);
	}

	/**
	 * @param string[] $links Links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ) . '">' . esc_html__( 'Settings', 'intercom-identity' ) . '</a>' );
		return $links;
	}

	/**
	 * @param string $hook Current admin page.
	 */
	public static function enqueue( $hook ) {
		if ( 'settings_page_' . self::PAGE !== $hook ) {
			return;
		}
		$dir   = plugin_dir_path( INTERCOM_IDENTITY_FILE ) . 'build/';
		$asset = file_exists( $dir . 'index.asset.php' ) ? require $dir . 'index.asset.php' : array(
			'dependencies' => array(),
			'version'      => INTERCOM_IDENTITY_VERSION,
		);
		wp_enqueue_script( 'intercom-identity-settings', plugins_url( 'build/index.js', INTERCOM_IDENTITY_FILE ), $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( 'intercom-identity-settings', 'intercom-identity', plugin_dir_path( INTERCOM_IDENTITY_FILE ) . 'languages' );
		wp_enqueue_style( 'wp-components' );
	}

	/** The page: a mount point, and a message for browsers without JavaScript. */
	public static function render() {
		echo '<div class="wrap"><h1>' . esc_html__( 'Intercom Identity', 'intercom-identity' ) . '</h1>';
		echo '<div id="intercom-identity-settings"><noscript>' . esc_html__( 'This page needs JavaScript.', 'intercom-identity' ) . '</noscript></div></div>';
	}
}
