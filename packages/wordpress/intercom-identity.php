<?php
/**
 * Plugin Name:       Intercom Identity
 * Plugin URI:        https://github.com/intercom-identity/intercom-identity
 * Description:       Boots the Intercom Messenger on every page and signs logged-in users (Identity Verification: user_hash or JWT). Define INTERCOM_APP_ID and INTERCOM_IDENTITY_SECRET and you are done.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            intercom-identity
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       intercom-identity
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || exit;

define( 'INTERCOM_IDENTITY_VERSION', '0.1.0' );
define( 'INTERCOM_IDENTITY_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-intercom-identity-error.php';
require_once __DIR__ . '/includes/class-intercom-identity-signer.php';
require_once __DIR__ . '/includes/class-intercom-identity-config.php';
require_once __DIR__ . '/includes/class-intercom-identity-settings-builder.php';
require_once __DIR__ . '/includes/class-intercom-identity-script.php';
require_once __DIR__ . '/includes/class-intercom-identity-plugin.php';
require_once __DIR__ . '/includes/class-intercom-identity-rest.php';
require_once __DIR__ . '/includes/class-intercom-identity-admin.php';

Intercom_Identity_Plugin::init();
Intercom_Identity_Rest::init();
Intercom_Identity_Admin::init();
