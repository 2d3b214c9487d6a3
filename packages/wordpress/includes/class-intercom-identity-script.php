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
	 * The script's JavaScript, the same bytes as the core's boot script content: sets
	 * window.intercomSettings and loads the Messenger once.
	 *
	 * @param array  $settings   Boot settings.
	 * @param string $widget_url Messenger loader URL.
	 * @return string
	 * @throws Intercom_Identity_Error When the settings are not JSON.
	 */
	public static function content( array $settings, $widget_url ) {
		$key    = self::storage_key( $settings['app_id'] );
		$person = self::person_marker( $settings );
		// The core's loader: a queueing Intercom() right away, a shutdown when another person
		// used this browser last (the marker in localStorage), then the Messenger script once.
		$loader = '(function(w,d,src,key,person){'
			. 'if(typeof w.Intercom==="function")return;'
			. 'var calls=[];'
			. 'var api=function(){calls.push(arguments)};'
			. 'api.q=calls;'
			. 'w.Intercom=api;'
			. 'try{'
			. 'var store=w.localStorage,last=store.getItem(key);'
			. 'if(last&&last!=="visitor"&&last!==person){api("shutdown");api("boot",w.intercomSettings)}'
			. 'store.setItem(key,person)'
			. '}catch(e){}'
			. 'var tag=d.createElement("script");'
			. 'tag.async=true;'
			. 'tag.src=src;'
			. 'var self=d.currentScript;'
			. 'if(self&&self.nonce)tag.nonce=self.nonce;'
			. '(d.head||d.documentElement).appendChild(tag)'
			. '})(window,document,' . self::json( $widget_url ) . ',' . self::json( $key ) . ',' . self::json( $person ) . ');';
		return 'window.intercomSettings=' . self::json( $settings ) . ';' . $loader;
	}

	/**
	 * A script for the first page after a logout, printed after the boot script. The loader shuts
	 * the last session down only when localStorage remembers another person; after a logout the
	 * server knows, so this shuts it down even when the marker was cleared or storage is off. A
	 * shutdown the loader already queued is not repeated.
	 *
	 * @return string
	 */
	public static function after_logout() {
		return '(function(w){'
			. 'var api=w.Intercom;'
			. 'if(typeof api!=="function")return;'
			. 'var q=api.q||[];'
			. 'for(var i=0;i<q.length;i++)if(q[i][0]==="shutdown")return;'
			. 'api("shutdown");api("boot",w.intercomSettings)'
			. '})(window);';
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
