<?php
/**
 * The inline boot script: settings as JSON that cannot end the script or start markup,
 * and the loader of @intercom-identity/core, byte for byte (the boot script vectors of
 * packages/core/test/vectors.json prove it).
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Script content; WordPress adds the tag (wp_print_inline_script_tag), so CSP nonce filters apply.
 */
final class Intercom_Identity_Script {

	// JSON as JavaScript's JSON.stringify writes it: slashes and non-ASCII text raw. U+2028 and
	// U+2029 come out as \u2028 and \u2029, since JSON_UNESCAPED_LINE_TERMINATORS is not set.
	const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

	// The core's escapes, in its lowercase hex (JSON_HEX_TAG would write \u003C).
	const UNSAFE = array(
		'<' => '\\u003c',
		'>' => '\\u003e',
		'&' => '\\u0026',
	);

	// The message the marker key is derived with, the core's.
	const MARKER_DERIVATION = 'intercom-identity person marker';

	// What the plugin asks WordPress to put on the boot script's tag. data-intercom-identity is
	// the core's marker attribute; WordPress adds the CSP nonce through its own filters.
	const ATTRIBUTES = array(
		'id'                     => 'intercom-identity-boot',
		'data-intercom-identity' => '',
	);

	/**
	 * JSON that is safe inside an inline script, the same bytes as the core's serializeForScript.
	 * Decoding it gives back exactly the input.
	 *
	 * @param mixed $value Value.
	 * @return string
	 * @throws Intercom_Identity_Error When the value is not JSON (invalid UTF-8 and the like).
	 */
	public static function json( $value ) {
		$json = function_exists( 'wp_json_encode' ) ? wp_json_encode( $value, self::JSON_FLAGS ) : json_encode( $value, self::JSON_FLAGS );
		if ( ! is_string( $json ) ) {
			throw new Intercom_Identity_Error( 'SETTINGS_INVALID', 'The Messenger settings cannot be written as JSON. Check that every attribute is valid UTF-8 text, a number, a boolean or null.' );
		}
		// <, > and & only occur inside JSON strings, where a \u escape means the same character.
		return strtr( $json, self::UNSAFE );
	}

	/**
	 * The localStorage key of the last person's marker, the core's personStorageKey.
	 *
	 * @param string $app_id App id.
	 * @return string
	 */
	public static function storage_key( $app_id ) {
		return 'intercom-identity:last-person:' . $app_id;
	}

	/**
	 * The name of the Messenger's session cookie for an app, the core's messengerSessionCookie.
	 *
	 * @param string $app_id App id.
	 * @return string
	 */
	public static function session_cookie( $app_id ) {
		return 'intercom-session-' . $app_id;
	}

	/**
	 * The script's JavaScript, the same bytes as the core's boot script content: sets
	 * window.intercomSettings and loads the Messenger once.
	 *
	 * @param array       $settings   Boot settings.
	 * @param string      $widget_url Messenger loader URL.
	 * @param string|null $marker_key The marker key of the web secret (Intercom_Identity_Config::marker_key()), null without one.
	 * @return string
	 * @throws Intercom_Identity_Error When the settings are not JSON.
	 */
	public static function content( array $settings, $widget_url, $marker_key ) {
		$key    = self::storage_key( $settings['app_id'] );
		$person = self::person_marker( $settings, $marker_key );
		$cookie = self::session_cookie( $settings['app_id'] );
		// The core's loader: a queueing Intercom() right away; a shutdown when the browser last
		// showed the Messenger to another person (the marker in localStorage), or cannot tell who
		// was here (no marker, storage that cannot be read) while a Messenger session cookie is
		// there: it fails closed. A marker that cannot be written is removed. Then the Messenger once.
		$loader = '(function(w,d,src,key,person,cookie){'
			. 'if(typeof w.Intercom==="function")return;'
			. 'var calls=[];'
			. 'var api=function(){calls.push(arguments)};'
			. 'api.q=calls;'
			. 'w.Intercom=api;'
			. 'var store=null,last=null,session=false;'
			. 'try{store=w.localStorage;last=store.getItem(key)}catch(e){store=null}'
			. 'try{session=("; "+d.cookie).indexOf("; "+cookie+"=")!==-1}catch(e){}'
			. 'if(last!==person&&(last===null?session:last!=="visitor")){api("shutdown");api("boot",w.intercomSettings)}'
			. 'if(store)try{store.setItem(key,person)}catch(e){try{store.removeItem(key)}catch(f){}}'
			. 'var tag=d.createElement("script");'
			. 'tag.async=true;'
			. 'tag.src=src;'
			. 'var self=d.currentScript;'
			. 'if(self&&self.nonce)tag.nonce=self.nonce;'
			. '(d.head||d.documentElement).appendChild(tag)'
			. '})(window,document,' . self::json( $widget_url ) . ',' . self::json( $key ) . ',' . self::json( $person ) . ',' . self::json( $cookie ) . ');';
		return 'window.intercomSettings=' . self::json( $settings ) . ';' . $loader;
	}

	/**
	 * A script for the first page after a logout, printed after the boot script. It forgets the
	 * last person's marker (the person logged out: nothing of them stays in the browser). The
	 * loader shuts the last session down only when the browser remembers another person or holds
	 * a session cookie without a marker; after a logout the server knows, so this shuts it down
	 * even when the marker was cleared or storage is off. A shutdown the loader already queued is
	 * not repeated.
	 *
	 * @param string $app_id App id.
	 * @return string
	 * @throws Intercom_Identity_Error When the app id is not JSON (never, for a valid one).
	 */
	public static function after_logout( $app_id ) {
		return '(function(w,key){'
			. 'try{w.localStorage.removeItem(key)}catch(e){}'
			. 'var api=w.Intercom;'
			. 'if(typeof api!=="function")return;'
			. 'var q=api.q||[];'
			. 'for(var i=0;i<q.length;i++)if(q[i][0]==="shutdown")return;'
			. 'api("shutdown");api("boot",w.intercomSettings)'
			. '})(window,' . self::json( self::storage_key( $app_id ) ) . ');';
	}

	/**
	 * Who the settings identify, as the core's identityKey: user_id, else the JWT's user_id, else email.
	 *
	 * @param array $settings Settings.
	 * @return string|null
	 */
	public static function identity_key( array $settings ) {
		if ( isset( $settings['user_id'] ) && is_string( $settings['user_id'] ) ) {
			return 'user_id:' . $settings['user_id'];
		}
		if ( isset( $settings['intercom_user_jwt'] ) && is_string( $settings['intercom_user_jwt'] ) ) {
			$parts = explode( '.', $settings['intercom_user_jwt'] );
			if ( 3 === count( $parts ) ) {
				$claims = json_decode( (string) base64_decode( strtr( $parts[1], '-_', '+/' ) ), true );
				if ( is_array( $claims ) && isset( $claims['user_id'] ) && is_string( $claims['user_id'] ) ) {
					return 'user_id:' . $claims['user_id'];
				}
			}
		}
		if ( isset( $settings['email'] ) && is_string( $settings['email'] ) ) {
			return 'email:' . $settings['email'];
		}
		return null;
	}

	/**
	 * The marker key of a web secret, the core's personMarkerKey: HMAC-SHA256(secret,
	 * "intercom-identity person marker") as lowercase hex. Derive it once per configuration
	 * (Intercom_Identity_Config::marker_key() keeps it); never print it.
	 *
	 * @param string $secret Web secret.
	 * @return string
	 */
	public static function marker_key( $secret ) {
		return hash_hmac( 'sha256', self::MARKER_DERIVATION, $secret );
	}

	/**
	 * The marker the loader keeps in localStorage, the core's personMarker: "visitor" for nobody,
	 * "unverified" for a person without a marker key (no web secret: the Messenger refuses them),
	 * else the first 32 hex digits of HMAC-SHA256(marker key, identity key). Whoever reads the
	 * browser's storage cannot tell whose id or email it stands for.
	 *
	 * @param array       $settings   Settings.
	 * @param string|null $marker_key Marker key, null when no web secret is set.
	 * @return string
	 */
	public static function person_marker( array $settings, $marker_key ) {
		$key = self::identity_key( $settings );
		if ( null === $key ) {
			return 'visitor';
		}
		if ( ! is_string( $marker_key ) || '' === $marker_key ) {
			return 'unverified';
		}
		return substr( hash_hmac( 'sha256', $key, $marker_key ), 0, 32 );
	}
}
