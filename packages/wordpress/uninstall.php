<?php
/**
 * Removes the plugin's options when it is deleted from the Plugins screen.
 *
 * @package IntercomIdentity
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'intercom_identity_settings' );

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $site_id ) {
		delete_blog_option( $site_id, 'intercom_identity_settings' );
	}
}
