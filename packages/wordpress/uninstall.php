<?php
/**
 * Removes what the plugin stores when it is deleted from the Plugins screen: its one option,
 * intercom_identity_settings (the settings page's values), on every site of a network too.
 * It keeps nothing else: no transient, user meta, cron event, table or file
 * (tests/php/UninstallTest.php checks the plugin's code for any other write).
 *
 * @package IntercomIdentity
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'intercom_identity_settings' );

if ( is_multisite() ) {
	// get_sites() stops at 100 sites unless told otherwise; 'number' => 0 is every site of every network.
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $site_id ) {
		delete_blog_option( $site_id, 'intercom_identity_settings' );
	}
}
