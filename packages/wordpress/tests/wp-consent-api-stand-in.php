<?php
/**
 * Plugin Name: WP Consent API (stand-in for the tests)
 * Description: The part of the WP Consent API's documented surface that Intercom Identity uses, and a consent tool that says "opt-in". Not the WP Consent API plugin: only for the plugin's tests.
 *
 * The WP Consent API plugin cannot be installed where the tests run, so this stand-in
 * implements what its readme and functions document, and nothing more:
 *
 * - PHP: wp_has_consent( $category ) (true when no consent type is set, i.e. no consent tool;
 *   with "optin" only when the visitor's choice for the category is "allow"; with "optout"
 *   unless it is "deny"), consent_api_registered( $plugin ) (the filter
 *   wp_consent_api_registered_{plugin basename}), wp_add_cookie_info() (recorded here).
 * - The consent type comes from the filter wp_get_consent_type; the visitor's choice per
 *   category is the cookie wp_consent_{category} ("allow" or "deny").
 * - JavaScript, printed in the footer: wp_has_consent( category ) and wp_set_consent( category,
 *   value ), which stores the cookie and dispatches wp_listen_for_consent_change on document
 *   with a detail that maps the category to its value. window.wp_consent_type wins over the
 *   consent type the server passed.
 *
 * It also stands in for a consent tool: the site asks for opt-in consent. For the end-to-end
 * suite it prints what the API learnt from other plugins (window.consentApiStandIn).
 *
 * Used as a must-use plugin by e2e/wordpress-suite.ts, and loaded by PHPUnit's ConsentApiTest.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/** What plugins declared with wp_add_cookie_info(), by cookie name. */
$GLOBALS['wp_consent_api_stand_in_cookies'] = array();

// The consent tool's part: visitors here are asked first (opt-in).
add_filter(
	'wp_get_consent_type',
	static function () {
		return 'optin';
	}
);

/**
 * The consent type: false without a consent tool, else e.g. "optin" or "optout".
 *
 * @return string|false
 */
function wp_get_consent_type() {
	return apply_filters( 'wp_get_consent_type', false );
}

/**
 * Whether the visitor consents to a category, as the WP Consent API documents it.
 *
 * @param string      $category     functional, preferences, statistics, statistics-anonymous or marketing.
 * @param string|bool $requested_by The asking plugin's basename.
 * @return bool
 */
function wp_has_consent( $category, $requested_by = false ) {
	$type   = wp_get_consent_type();
	$cookie = 'wp_consent_' . $category;
	$choice = isset( $_COOKIE[ $cookie ] ) ? (string) $_COOKIE[ $cookie ] : '';
	if ( ! $type ) {
		$has = true;
	} elseif ( false !== strpos( $type, 'optout' ) && '' === $choice ) {
		$has = true;
	} else {
		$has = 'allow' === $choice;
	}
	return (bool) apply_filters( 'wp_has_consent', $has, $category, $requested_by );
}

/**
 * Whether a plugin says it follows the WP Consent API.
 *
 * @param string $plugin Plugin basename, such as intercom-identity/intercom-identity.php.
 * @return bool
 */
function consent_api_registered( $plugin ) {
	return (bool) apply_filters( "wp_consent_api_registered_{$plugin}", false );
}

/**
 * Records a cookie a plugin declares (the WP Consent API shows them to the visitor).
 *
 * @param string      $name                    Cookie name.
 * @param string      $plugin_or_service       Who sets it.
 * @param string      $category                Its consent category.
 * @param string      $expires                 How long it lives.
 * @param string      $function                What it is for.
 * @param string      $collected_personal_data Personal data in it, '' for none.
 * @param bool        $member_cookie           Only for members.
 * @param bool        $administrator_cookie    Only for administrators.
 * @param string      $type                    HTTP, LOCALSTORAGE or API.
 * @param string|bool $domain                  Its domain, false for the site's.
 */
function wp_add_cookie_info( $name, $plugin_or_service, $category, $expires, $function, $collected_personal_data = '', $member_cookie = false, $administrator_cookie = false, $type = 'HTTP', $domain = false ) {
	$GLOBALS['wp_consent_api_stand_in_cookies'][ $name ] = array(
		'plugin_or_service'       => $plugin_or_service,
		'category'                => $category,
		'expires'                 => $expires,
		'function'                => $function,
		'collected_personal_data' => $collected_personal_data,
		'member_cookie'           => $member_cookie,
		'administrator_cookie'    => $administrator_cookie,
		'type'                    => $type,
		'domain'                  => $domain,
	);
}

/** The API's script, in the footer as the WP Consent API enqueues its own. */
function wp_consent_api_stand_in_script() {
	$type = wp_get_consent_type();
	wp_print_inline_script_tag(
		'(function(w,d,type){'
		. 'w.wp_fallback_consent_type=type;'
		. 'function choice(category){'
		. 'var parts=d.cookie.split(";"),name="wp_consent_"+category+"=",i,c;'
		. 'for(i=0;i<parts.length;i++){c=parts[i].trim();if(c.indexOf(name)===0)return c.slice(name.length)}'
		. 'return ""}'
		. 'w.wp_has_consent=function(category){'
		. 'var t=typeof w.wp_consent_type!=="undefined"?w.wp_consent_type:w.wp_fallback_consent_type,v=choice(category);'
		. 'if(!t)return true;'
		. 'if(t.indexOf("optout")!==-1&&v==="")return true;'
		. 'return v==="allow"};'
		. 'w.wp_set_consent=function(category,value){'
		. 'if(value!=="allow"&&value!=="deny")return;'
		. 'd.cookie="wp_consent_"+category+"="+value+";path=/;max-age=31536000";'
		. 'var detail={};detail[category]=value;'
		. 'd.dispatchEvent(new CustomEvent("wp_listen_for_consent_change",{detail:detail}))}'
		. '})(window,document,' . wp_json_encode( $type ) . ');',
		array( 'id' => 'wp-consent-api-stand-in' )
	);
	// What the API learnt from the Intercom Identity plugin, for the end-to-end suite to read.
	$learnt = array(
		'registered' => consent_api_registered( 'intercom-identity/intercom-identity.php' ),
		'cookies'    => $GLOBALS['wp_consent_api_stand_in_cookies'],
	);
	wp_print_inline_script_tag( 'window.consentApiStandIn=' . wp_json_encode( $learnt, JSON_HEX_TAG | JSON_HEX_AMP ) . ';', array( 'id' => 'wp-consent-api-stand-in-report' ) );
}
add_action( 'wp_footer', 'wp_consent_api_stand_in_script', 30 );
