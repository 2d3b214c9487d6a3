<?php
/**
 * Builds window.intercomSettings for one person, the way @intercom-identity/core's
 * bootSettings does: identity, proof, then profile; signed fields left out in JWT mode.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Boot settings and proofs.
 */
final class Intercom_Identity_Settings_Builder {

	const IDENTITY_KEYS = array( 'user_id', 'email' );
	const RESERVED      = array( 'app_id', 'api_base', 'user_hash', 'intercom_user_jwt', 'iat', 'exp' );

	// What the intercom_identity_attributes filter may never set: identity and proof. These and
	// the profile fields below are also refused in near-miss spellings ("USER_ID", "user_id ").
	const ATTRIBUTE_RESERVED = array( 'app_id', 'api_base', 'user_id', 'email', 'user_hash', 'intercom_user_jwt', 'iat', 'exp', 'custom_attributes' );
	// Attributes with a shape of their own; every other attribute is a string, number or boolean.
	const ATTRIBUTE_SHAPED = array( 'name', 'phone', 'created_at', 'company', 'companies', 'avatar' );
	// Keys that set an object's prototype when the settings are read as a JavaScript object literal.
	const PROTOTYPE_KEYS = array( '__proto__', 'constructor', 'prototype' );

	/** @var Intercom_Identity_Config */
	private $config;

	/**
	 * @param Intercom_Identity_Config $config Resolved configuration.
	 */
	public function __construct( Intercom_Identity_Config $config ) {
		$this->config = $config;
	}

	/**
	 * The attributes of the intercom_identity_attributes filter that can be sent: strings, finite
	 * numbers and booleans, and the shapes Intercom takes (company, companies, avatar). Each other
	 * attribute is dropped with an error (ATTRIBUTE_INVALID, or ATTRIBUTE_RESERVED for a name
	 * the plugin sets, in any spelling) that names the attribute and never its value. Null
	 * values are left out, as not set.
	 *
	 * @param mixed $attributes What the filter returned.
	 * @return array Array of the attributes to send and a list of Intercom_Identity_Error.
	 */
	public static function clean_attributes( $attributes ) {
		if ( null === $attributes || array() === $attributes ) {
			return array( array(), array() );
		}
		if ( ! is_array( $attributes ) ) {
			return array( array(), array( new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', 'The intercom_identity_attributes filter returned ' . gettype( $attributes ) . ', not an array of attribute names to values; no attribute was added. Return an array.' ) ) );
		}
		$clean  = array();
		$errors = array();
		foreach ( $attributes as $key => $value ) {
			if ( null === $value ) {
				continue;
			}
			try {
				$clean[ self::attribute_name( $key ) ] = self::attribute_value( (string) $key, $value );
			} catch ( Intercom_Identity_Error $error ) {
				$errors[] = $error;
			}
		}
		return array( $clean, $errors );
	}

	/**
	 * An attribute's name, checked.
	 *
	 * @param int|string $key Array key.
	 * @return string
	 * @throws Intercom_Identity_Error ATTRIBUTE_INVALID or ATTRIBUTE_RESERVED.
	 */
	private static function attribute_name( $key ) {
		if ( ! is_string( $key ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The intercom_identity_attributes filter returned an attribute without a name (list item $key) and it was dropped. Return attribute names as keys." );
		}
		$label = self::key_label( $key );
		if ( 1 !== preg_match( '//u', $key ) || '' === trim( $key ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute name $label is empty or not valid UTF-8, and the attribute was dropped. Name it in plain text." );
		}
		if ( in_array( $key, self::PROTOTYPE_KEYS, true ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute name $label would set the object's prototype in the browser, and the attribute was dropped. Rename it." );
		}
		if ( in_array( $key, self::ATTRIBUTE_RESERVED, true ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_RESERVED', "The attribute $label is set by the plugin, and the attribute from intercom_identity_attributes was dropped. Use the intercom_identity_user filter for who the user is." );
		}
		$folded = self::fold( $key );
		if ( $folded !== $key && ( in_array( $folded, self::ATTRIBUTE_RESERVED, true ) || in_array( $folded, self::ATTRIBUTE_SHAPED, true ) ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_RESERVED', "The attribute $label is a near miss of \"$folded\", a field Intercom sets itself, and it was dropped. Rename it, or use \"$folded\" itself." );
		}
		return $key;
	}

	/**
	 * An attribute's value, checked against its name's shape.
	 *
	 * @param string $key   Name.
	 * @param mixed  $value Value, not null.
	 * @return mixed
	 * @throws Intercom_Identity_Error ATTRIBUTE_INVALID.
	 */
	private static function attribute_value( $key, $value ) {
		$label = self::key_label( $key );
		if ( 'company' === $key ) {
			return self::company( $value, 'company' );
		}
		if ( 'companies' === $key ) {
			if ( ! is_array( $value ) || array() === $value || array_keys( $value ) !== range( 0, count( $value ) - 1 ) ) {
				throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', 'The attribute "companies" is ' . self::kind( $value ) . ', not a list of companies, and it was dropped. Pass a list of array( \'id\' => ..., \'name\' => ... ).' );
			}
			$companies = array();
			foreach ( $value as $index => $company ) {
				$companies[] = self::company( $company, "companies[$index]" );
			}
			return $companies;
		}
		if ( 'avatar' === $key ) {
			if ( ! is_array( $value ) || array( 'image_url', 'type' ) !== self::sorted_keys( $value ) || 'avatar' !== $value['type'] || ! is_string( $value['image_url'] ) || 1 !== preg_match( '//u', $value['image_url'] ) ) {
				throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', 'The attribute "avatar" is not array( \'type\' => \'avatar\', \'image_url\' => ... ), and it was dropped.' );
			}
			return array(
				'type'      => 'avatar',
				'image_url' => $value['image_url'],
			);
		}
		if ( ( 'name' === $key || 'phone' === $key ) && ! is_string( $value ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute $label is " . self::kind( $value ) . ', not a string, and it was dropped.' );
		}
		if ( 'created_at' === $key && ! ( is_int( $value ) && $value >= 0 ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', 'The attribute "created_at" is ' . self::kind( $value ) . ', not Unix seconds (a whole number), and it was dropped.' );
		}
		return self::scalar( $value, $label );
	}

	/**
	 * A company: an id and plain values.
	 *
	 * @param mixed  $value Value.
	 * @param string $path  company or companies[n].
	 * @return array
	 * @throws Intercom_Identity_Error ATTRIBUTE_INVALID.
	 */
	private static function company( $value, $path ) {
		$root = 0 === strpos( $path, 'companies' ) ? 'companies' : 'company';
		if ( ! is_array( $value ) || ! isset( $value['id'] ) ) {
			throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute \"$root\" ($path) is " . self::kind( $value ) . ' without an id, and it was dropped. Pass array( \'id\' => your company id, \'name\' => ... ).' );
		}
		$company = array();
		foreach ( $value as $key => $item ) {
			if ( null === $item ) {
				continue;
			}
			$label = self::key_label( (string) $key );
			if ( ! is_string( $key ) || in_array( $key, self::PROTOTYPE_KEYS, true ) || 1 !== preg_match( '//u', $key ) || '' === trim( $key ) ) {
				throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute \"$root\" ($path) has the field name $label, which cannot be sent, and it was dropped. Rename the field." );
			}
			if ( 'id' === $key ) {
				try {
					$company['id'] = Intercom_Identity_Signer::to_identifier( $item, 'identifier' );
				} catch ( Intercom_Identity_Error $error ) {
					throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute \"$root\" ($path) has an id that is " . self::kind( $item ) . ', not a company id (a string or a whole number), and it was dropped.' );
				}
			} elseif ( 'created_at' === $key && ! ( is_int( $item ) && $item >= 0 ) ) {
				throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute \"$root\" ($path) has a created_at that is " . self::kind( $item ) . ', not Unix seconds, and it was dropped.' );
			} else {
				try {
					$company[ $key ] = self::scalar( $item, $label );
				} catch ( Intercom_Identity_Error $error ) {
					throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute \"$root\" ($path) has the field $label that is " . self::kind( $item ) . ', and it was dropped. Company fields are strings, numbers or booleans.' );
				}
			}
		}
		return $company;
	}

	/**
	 * A string (valid UTF-8), a finite number or a boolean.
	 *
	 * @param mixed  $value Value.
	 * @param string $label The attribute's name, quoted.
	 * @return string|int|float|bool
	 * @throws Intercom_Identity_Error ATTRIBUTE_INVALID.
	 */
	private static function scalar( $value, $label ) {
		if ( is_bool( $value ) || is_int( $value ) || ( is_float( $value ) && is_finite( $value ) ) ) {
			return $value;
		}
		if ( is_string( $value ) && 1 === preg_match( '//u', $value ) ) {
			return $value;
		}
		throw new Intercom_Identity_Error( 'ATTRIBUTE_INVALID', "The attribute $label is " . self::kind( $value ) . ', and it was dropped. Attributes are strings (UTF-8), finite numbers or booleans.' );
	}

	/**
	 * What a value is, never the value: "an array", "an object of class X", "a string that is not UTF-8".
	 *
	 * @param mixed $value Value.
	 * @return string
	 */
	private static function kind( $value ) {
		if ( is_object( $value ) ) {
			return 'an object (' . get_class( $value ) . ')';
		}
		if ( is_resource( $value ) || 'resource (closed)' === gettype( $value ) ) {
			return 'a resource';
		}
		if ( is_float( $value ) ) {
			return 'a number that is not finite';
		}
		if ( is_string( $value ) ) {
			return 1 === preg_match( '//u', $value ) ? 'a string' : 'a string that is not valid UTF-8';
		}
		if ( is_array( $value ) ) {
			return 'an array';
		}
		return gettype( $value );
	}

	/**
	 * An attribute name for a log line: JSON-quoted (no control character gets through), at
	 * most 64 characters.
	 *
	 * @param string $key Name.
	 * @return string
	 */
	private static function key_label( $key ) {
		$short = 1 === preg_match( '/^.{0,64}/su', $key, $match ) ? $match[0] : 'not UTF-8';
		return (string) json_encode( $short, JSON_UNESCAPED_SLASHES );
	}

	/**
	 * A name as a near miss reads: compatibility forms folded (full-width letters), whitespace
	 * and invisible characters removed, lowercase.
	 *
	 * @param string $key Name, valid UTF-8.
	 * @return string
	 */
	private static function fold( $key ) {
		$folded = class_exists( 'Normalizer' ) ? Normalizer::normalize( $key, Normalizer::FORM_KC ) : $key;
		$folded = is_string( $folded ) ? $folded : $key;
		$folded = (string) preg_replace( '/[\s\x{00A0}\x{1680}\x{2000}-\x{200D}\x{2028}\x{2029}\x{202F}\x{205F}\x{2060}\x{3000}\x{FEFF}]/u', '', $folded );
		// Full-width ASCII (U+FF01 to U+FF5E) without the intl extension.
		$folded = (string) preg_replace_callback(
			'/[\x{FF01}-\x{FF5E}]/u',
			static function ( $match ) {
				// Three UTF-8 bytes: EF BC 81 (U+FF01) to EF BD 9E (U+FF5E), the ASCII letter 0xFEE0 below.
				$bytes = $match[0];
				return chr( ( ( ( ord( $bytes[0] ) & 0x0F ) << 12 ) | ( ( ord( $bytes[1] ) & 0x3F ) << 6 ) | ( ord( $bytes[2] ) & 0x3F ) ) - 0xFEE0 );
			},
			$folded
		);
		// The reserved names are ASCII: an ASCII lowercase is enough to meet them.
		return strtolower( $folded );
	}

	/**
	 * @param array $value Array.
	 * @return array Its keys, sorted.
	 */
	private static function sorted_keys( array $value ) {
		$keys = array_map( 'strval', array_keys( $value ) );
		sort( $keys );
		return $keys;
	}

	/**
	 * Settings for a person; visitor settings when $person is null.
	 *
	 * @param array|null $person user_id and/or email, then profile fields (name, created_at, company, custom attributes).
	 * @param int|null   $now    Unix seconds, for tests.
	 * @return array
	 * @throws Intercom_Identity_Error On a person that cannot be signed.
	 */
	public function boot_settings( $person, $now = null ) {
		$settings = array(
			'app_id'   => $this->config->app_id,
			'api_base' => $this->config->api_base,
		);
		if ( null === $person ) {
			return $settings;
		}
		if ( null === $this->config->secret( 'web' ) ) {
			throw new Intercom_Identity_Error( 'SECRET_MISSING', 'A signed-in user booted as a visitor because no web secret is set. Define INTERCOM_IDENTITY_SECRET.' );
		}
		list( $identity, $profile ) = $this->split( $person );
		$proof                      = $this->proof_for( $identity, $profile, 'web', $now );
		$signed                     = $proof['signed'];
		if ( 'jwt' === $proof['type'] ) {
			$settings['intercom_user_jwt'] = $proof['intercom_user_jwt'];
			if ( isset( $identity['email'] ) && ! isset( $signed['email'] ) ) {
				$settings['email'] = $identity['email'];
			}
		} else {
			$settings += array_intersect_key( $proof, array_flip( self::IDENTITY_KEYS ) );
			$settings['user_hash'] = $proof['user_hash'];
		}
		foreach ( $profile as $key => $value ) {
			if ( ! isset( $signed[ $key ] ) ) {
				$settings[ $key ] = $value;
			}
		}
		return $settings;
	}

	/**
	 * The proof alone, for one platform, as the REST route returns it.
	 *
	 * @param array  $person   Person.
	 * @param string $platform web, ios or android.
	 * @param int    $now      Unix seconds, for tests.
	 * @return array
	 * @throws Intercom_Identity_Error When the platform has no secret or the person cannot be signed.
	 */
	public function proof( array $person, $platform, $now = null ) {
		if ( ! in_array( $platform, Intercom_Identity_Config::PLATFORMS, true ) ) {
			throw new Intercom_Identity_Error( 'PLATFORM_UNKNOWN', 'Unknown platform. Use web, ios or android.' );
		}
		list( $identity, $profile ) = $this->split( $person );
		$proof                      = $this->proof_for( $identity, $profile, $platform, $now );
		unset( $proof['signed'] );
		return $proof;
	}

	/**
	 * @param array $person Person.
	 * @return array Identity and profile.
	 * @throws Intercom_Identity_Error On a person without identifier or with reserved keys.
	 */
	private function split( array $person ) {
		$identity = array();
		if ( isset( $person['user_id'] ) ) {
			$identity['user_id'] = Intercom_Identity_Signer::to_identifier( $person['user_id'], 'user_id' );
		}
		if ( isset( $person['email'] ) ) {
			$identity['email'] = Intercom_Identity_Signer::to_identifier( $person['email'], 'email' );
		}
		if ( array() === $identity ) {
			throw new Intercom_Identity_Error( 'IDENTIFIER_MISSING', 'The user has neither user_id nor email. The intercom_identity_user filter must return at least one of them, or null for a visitor.' );
		}
		$profile = array();
		foreach ( $person as $key => $value ) {
			$key = (string) $key;
			if ( in_array( $key, self::IDENTITY_KEYS, true ) || null === $value ) {
				continue;
			}
			if ( in_array( $key, self::RESERVED, true ) ) {
				throw new Intercom_Identity_Error( 'ATTRIBUTE_RESERVED', "The attribute \"$key\" is set by the plugin. Remove it from the intercom_identity_attributes filter." );
			}
			$profile[ $key ] = $value;
		}
		return array( $identity, $profile );
	}

	/**
	 * @param array    $identity Identity.
	 * @param array    $profile  Profile.
	 * @param string   $platform Platform.
	 * @param int|null $now      Unix seconds.
	 * @return array
	 * @throws Intercom_Identity_Error On a missing secret or unsignable claims.
	 */
	private function proof_for( array $identity, array $profile, $platform, $now ) {
		$config = $this->config;
		$secret = $config->secret( $platform );
		if ( null === $secret ) {
			$name = 'INTERCOM_IDENTITY_SECRET' . ( 'web' === $platform ? '' : '_' . strtoupper( $platform ) );
			throw new Intercom_Identity_Error( 'SECRET_MISSING', "No $platform secret is configured. Define $name." );
		}
		if ( 'jwt' === $config->mode && ( isset( $identity['user_id'] ) || ! $config->jwt_fallback ) ) {
			if ( ! isset( $identity['user_id'] ) ) {
				throw new Intercom_Identity_Error( 'JWT_USER_ID_REQUIRED', 'This user has an email but no user_id, and JWT mode needs a user_id. Use the user ID as identifier, or set INTERCOM_IDENTITY_JWT_FALLBACK=user_hash.' );
			}
			$claims = array( 'user_id' => $identity['user_id'] );
			$signed = array( 'user_id' => true );
			foreach ( $config->jwt_signed_attributes as $name ) {
				$value = 'email' === $name ? ( isset( $identity['email'] ) ? $identity['email'] : null ) : ( isset( $profile[ $name ] ) ? $profile[ $name ] : null );
				if ( null === $value ) {
					continue;
				}
				if ( is_array( $value ) || is_object( $value ) ) {
					throw new Intercom_Identity_Error( 'JWT_CLAIM_INVALID', "The attribute \"$name\" is an object and cannot be a JWT claim. Remove it from the signed attributes." );
				}
				$claims[ $name ] = $value;
				$signed[ $name ] = true;
			}
			$now   = null === $now ? time() : $now;
			$token = Intercom_Identity_Signer::sign_jwt( $secret, $claims, $config->jwt_expires_in, $now );
			return array(
				'type'              => 'jwt',
				'platform'          => $platform,
				'intercom_user_jwt' => $token,
				'expires_at'        => null === $config->jwt_expires_in ? null : $now + $config->jwt_expires_in,
				'signed'            => $signed,
			);
		}
		// The user_id is the identifier whenever one is sent, even next to an email.
		$identifier = isset( $identity['user_id'] ) ? $identity['user_id'] : $identity['email'];
		return array( 'type' => 'user_hash', 'platform' => $platform ) + $identity + array(
			'user_hash' => Intercom_Identity_Signer::user_hash( $secret, $identifier ),
			'signed'    => array(),
		);
	}
}
