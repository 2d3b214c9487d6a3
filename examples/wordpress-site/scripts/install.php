<?php
/**
 * Installs WordPress for the example: site, users, theme, pretty permalinks and the
 * plugin. Run by start.mjs with PHP's CLI: php install.php <docroot> with-plugin|without-plugin
 *
 * @package IntercomIdentityExample
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
$docroot     = $argv[1];
$with_plugin = 'with-plugin' === $argv[2];

$_SERVER['HTTP_HOST']   = getenv( 'HTTP_HOST' );
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_INSTALLING', true );
require $docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$installed = wp_install( 'Intercom Identity demo', 'admin', 'admin@example.com', false, '', 'admin-password' );
if ( is_wp_error( $installed ) ) {
	fwrite( STDERR, $installed->get_error_message() . "\n" );
	exit( 1 );
}
wp_update_user(
	array(
		'ID'           => 1,
		'display_name' => 'Site Admin',
	)
);

$people = array(
	array(
		'user_login'   => 'alice',
		'user_pass'    => 'alice-password',
		'user_email'   => 'alice@example.com',
		'display_name' => 'Alice Example',
		'first_name'   => 'Alice',
		'last_name'    => 'Example',
		'role'         => 'subscriber',
	),
	array(
		'user_login'   => 'bob',
		'user_pass'    => 'bob-password',
		'user_email'   => 'bob@example.com',
		'display_name' => 'Bob Example',
		'first_name'   => 'Bob',
		'last_name'    => 'Example',
		'role'         => 'subscriber',
	),
	// Two more, so that a load test can alternate four signed-in users (`pnpm soak` at the repository root).
	array(
		'user_login'   => 'carol',
		'user_pass'    => 'carol-password',
		'user_email'   => 'carol@example.com',
		'display_name' => 'Carol Example',
		'first_name'   => 'Carol',
		'last_name'    => 'Example',
		'role'         => 'subscriber',
	),
	array(
		'user_login'   => 'dave',
		'user_pass'    => 'dave-password',
		'user_email'   => 'dave@example.com',
		'display_name' => 'Dave Example',
		'first_name'   => 'Dave',
		'last_name'    => 'Example',
		'role'         => 'subscriber',
	),
);
foreach ( $people as $person ) {
	$id = wp_insert_user( $person );
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
}

switch_theme( 'intercom-demo' );
update_option( 'permalink_structure', '/%postname%/' );
update_option( 'blogdescription', 'A WordPress site with Intercom Identity' );
wp_update_post(
	array(
		'ID'           => 1,
		'post_title'   => 'Welcome',
		'post_content' => 'Log in as alice or bob to see the Messenger boot verified.',
	)
);

if ( $with_plugin ) {
	$result = activate_plugin( 'intercom-identity/intercom-identity.php' );
	if ( is_wp_error( $result ) ) {
		fwrite( STDERR, $result->get_error_message() . "\n" );
		exit( 1 );
	}
}
echo "installed\n";
