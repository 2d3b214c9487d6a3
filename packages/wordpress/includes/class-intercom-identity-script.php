<?php
/**
 * The inline boot script: settings as JSON that cannot end the script or start markup,
 * and a loader equivalent to @intercom-identity/core's.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Script content; WordPress adds the tag (wp_print_inline_script_tag), so CSP nonce filters apply.
 */
final class Intercom_Identity_Script {

	// <, >, & as \u003C \u003E \u0026; U+2028/2029 escaped because line terminators are not left raw.
	const JSON_FLAGS = JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;

	/**
	 * JSON that is safe inside an inline script. Decoding it gives back exactly the input.
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
		return $json;
	}

	/**
	 * The script's JavaScript: sets window.intercomSettings and loads the Messenger once.
	 *
	 * @param array $settings   Boot settings.
	 * @param string $widget_url Messenger loader URL.
	 * @param bool   $shut_down  True on the first page after a logout: shut the last session down first.
	 * @return string
	 */
	public static function content( array $settings, $widget_url, $shut_down = false ) {
		$key    = 'intercom-identity:last-person:' . $settings['app_id'];
		$person = self::person_marker( $settings );
		// Written for this plugin, the same steps as the core's loader: a queueing Intercom()
		// right away, a shutdown when another person used this browser last, then the script once.
		$loader = '(function(w,d,src,key,person,out){'
			. 'if(typeof w.Intercom==="function")return;'
			. 'var calls=[];'
			. 'var api=function(){calls.push(arguments)};'
			. 'api.q=calls;'
			. 'w.Intercom=api;'
			. 'var last=null;'
			. 'try{last=w.localStorage.getItem(key);w.localStorage.setItem(key,person)}catch(e){}'
			. 'if(out||(last&&last!=="visitor"&&last!==person)){api("shutdown");api("boot",w.intercomSettings)}'
			. 'var tag=d.createElement("script");'
			. 'tag.async=true;'
			. 'tag.src=src;'
			. 'var self=d.currentScript;'
			. 'if(self&&self.nonce)tag.nonce=self.nonce;'
			. '(d.head||d.documentElement).appendChild(tag)'
			. '})(window,document,' . self::json( $widget_url ) . ',' . self::json( $key ) . ',' . self::json( $person ) . ',' . ( $shut_down ? 'true' : 'false' ) . ');';
		return 'window.intercomSettings=' . self::json( $settings ) . ';' . $loader;
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
	 * The short marker the loader keeps in localStorage; the same value as the core's personMarker.
	 *
	 * @param array $settings Settings.
	 * @return string
	 */
	public static function person_marker( array $settings ) {
		$key = self::identity_key( $settings );
		if ( null === $key ) {
			return 'visitor';
		}
		// FNV-1a over UTF-16 code units, as JavaScript's charCodeAt sees the string.
		$units = array_values( unpack( 'n*', mb_convert_encoding( $key, 'UTF-16BE', 'UTF-8' ) ) );
		return self::fnv1a( $units, 0x811c9dc5 ) . self::fnv1a( $units, 0x050c5d1f );
	}

	/**
	 * @param int[] $units UTF-16 code units.
	 * @param int   $seed  Seed.
	 * @return string
	 */
	private static function fnv1a( array $units, $seed ) {
		$hash = $seed;
		foreach ( $units as $unit ) {
			$hash = ( ( $hash ^ $unit ) * 0x01000193 ) & 0xFFFFFFFF;
		}
		return sprintf( '%08x', $hash );
	}
}
