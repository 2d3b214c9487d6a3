<?php
/**
 * Signing, byte for byte the same as @intercom-identity/core: user_hash and HS256 JWT.
 * It needs no WordPress function, so PHPUnit runs it on its own against the shared vectors.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * user_hash and intercom_user_jwt. Values are signed exactly as they are sent.
 */
final class Intercom_Identity_Signer {

	const MAX_SECRET_LENGTH     = 1024;
	const MAX_IDENTIFIER_LENGTH = 65536;
	const DEFAULT_JWT_EXPIRES   = 3600;

	// The header is fixed; core signs the same bytes.
	const JWT_HEADER = '{"alg":"HS256","typ":"JWT"}';

	/**
	 * HMAC-SHA256 of the exact identifier, keyed with the secret, as lowercase hex.
	 *
	 * @param string     $secret     Identity Verification secret.
	 * @param string|int $identifier user_id when one is sent, else email.
	 * @return string
	 * @throws Intercom_Identity_Error On a bad secret or identifier.
	 */
	public static function user_hash( $secret, $identifier ) {
		$key = self::check_secret( $secret );
		return hash_hmac( 'sha256', self::to_identifier( $identifier, 'identifier' ), $key );
	}

	/**
	 * Whether $hash is the user_hash of $identifier, compared in constant time.
	 *
	 * @param string $secret     Secret.
	 * @param string $identifier Identifier.
	 * @param string $hash       Hash to check.
	 * @return bool
	 */
	public static function verify_user_hash( $secret, $identifier, $hash ) {
		$expected = self::user_hash( $secret, $identifier );
		if ( ! is_string( $hash ) || ! preg_match( '/^[0-9a-fA-F]{64}$/', $hash ) ) {
			return false;
		}
		return hash_equals( $expected, strtolower( $hash ) );
	}

	/**
	 * Signs an Intercom user JWT (HS256). Claims keep their order; iat and then exp are
	 * added when missing. $expires_in null leaves exp out.
	 *
	 * @param string   $secret     Secret.
	 * @param array    $claims     Claims, user_id required.
	 * @param int|null $expires_in Lifetime in seconds, or null for no exp.
	 * @param int|null $now        Unix seconds, for tests.
	 * @return string
	 * @throws Intercom_Identity_Error On bad claims or secret.
	 */
	public static function sign_jwt( $secret, array $claims, $expires_in = self::DEFAULT_JWT_EXPIRES, $now = null ) {
		$key     = self::check_secret( $secret );
		$payload = self::jwt_payload( $claims, $expires_in, $now );
		$input   = self::base64url( self::JWT_HEADER ) . '.' . self::base64url( self::claims_json( $payload ) );
		return $input . '.' . self::base64url( hash_hmac( 'sha256', $input, $key, true ) );
	}

	/**
	 * Validated claims in signing order.
	 *
	 * @param array    $claims     Claims.
	 * @param int|null $expires_in Lifetime.
	 * @param int|null $now        Unix seconds.
	 * @return array
	 * @throws Intercom_Identity_Error On bad claims.
	 */
	public static function jwt_payload( array $claims, $expires_in = self::DEFAULT_JWT_EXPIRES, $now = null ) {
		if ( ! isset( $claims['user_id'] ) ) {
			throw new Intercom_Identity_Error( 'JWT_USER_ID_REQUIRED', 'An Intercom user JWT needs a user_id claim. Users known only by email need a user_id, or use user_hash mode for them.' );
		}
		if ( null !== $expires_in && ( ! is_int( $expires_in ) || $expires_in <= 0 ) ) {
			throw new Intercom_Identity_Error( 'JWT_EXPIRES_IN_INVALID', 'The JWT lifetime must be a whole number of seconds above 0, or null for a token without exp.' );
		}
		$now = null === $now ? time() : $now;
		if ( ! is_int( $now ) || $now < 0 ) {
			throw new Intercom_Identity_Error( 'JWT_CLAIM_INVALID', 'now must be Unix seconds as a whole number.' );
		}
		$payload = array();
		foreach ( $claims as $name => $value ) {
			$name = (string) $name;
			if ( null === $value && ( 'user_id' === $name || 'email' === $name || 'iat' === $name || 'exp' === $name ) ) {
				continue;
			}
			if ( 'user_id' === $name || 'email' === $name ) {
				$payload[ $name ] = self::to_identifier( $value, $name );
			} elseif ( 'iat' === $name || 'exp' === $name ) {
				if ( ! is_int( $value ) || $value < 0 ) {
					throw new Intercom_Identity_Error( 'JWT_CLAIM_INVALID', "The $name claim must be Unix seconds as a whole number." );
				}
				$payload[ $name ] = $value;
			} else {
				$payload[ $name ] = self::claim_value( $name, $value );
			}
		}
		if ( ! isset( $payload['iat'] ) ) {
			$payload['iat'] = $now;
		}
		if ( ! isset( $payload['exp'] ) && null !== $expires_in ) {
			$payload['exp'] = $payload['iat'] + $expires_in;
		}
		return $payload;
	}

	/**
	 * A claim value as JavaScript would encode it.
	 *
	 * @param string $name  Claim name.
	 * @param mixed  $value Value.
	 * @return string|int|float|bool|null
	 * @throws Intercom_Identity_Error On objects, arrays and non-finite numbers.
	 */
	private static function claim_value( $name, $value ) {
		if ( null === $value || is_bool( $value ) || is_int( $value ) ) {
			return $value;
		}
		if ( is_string( $value ) ) {
			if ( ! self::is_utf8( $value ) ) {
				throw new Intercom_Identity_Error( 'JWT_CLAIM_INVALID', "The $name claim is not valid UTF-8. Fix the text before signing it." );
			}
			return $value;
		}
		if ( is_float( $value ) && is_finite( $value ) ) {
			// JavaScript writes 42.0 as 42; PHP would write 42.0.
			return ( floor( $value ) === $value && abs( $value ) <= 9007199254740991 ) ? (int) $value : $value;
		}
		throw new Intercom_Identity_Error( 'JWT_CLAIM_INVALID', "The $name claim must be a string, a finite number, a boolean or null." );
	}

	/**
	 * Compact JSON as JavaScript's JSON.stringify writes it: "/", non-ASCII, U+2028/2029 raw.
	 *
	 * @param array $payload Claims.
	 * @return string
	 */
	public static function claims_json( array $payload ) {
		return json_encode( (object) $payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS | JSON_THROW_ON_ERROR );
	}

	/**
	 * Unpadded base64url.
	 *
	 * @param string $bytes Bytes.
	 * @return string
	 */
	public static function base64url( $bytes ) {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' );
	}

	/**
	 * The exact string that is hashed and sent for an identifier.
	 *
	 * @param mixed  $value Identifier.
	 * @param string $field user_id, email or identifier.
	 * @return string
	 * @throws Intercom_Identity_Error On anything that cannot be sent as is.
	 */
	public static function to_identifier( $value, $field ) {
		if ( is_string( $value ) ) {
			if ( '' === $value ) {
				throw new Intercom_Identity_Error( 'IDENTIFIER_EMPTY', "$field is an empty string. Send a real $field, or leave it out." );
			}
			if ( ! self::is_utf8( $value ) ) {
				throw new Intercom_Identity_Error( 'IDENTIFIER_INVALID', "$field is not valid UTF-8, so it cannot be sent as it is signed. Fix the string before signing it." );
			}
			if ( preg_match( '/^[\s\p{Zs}\x{FEFF}\x{2028}\x{2029}]*$/u', $value ) ) {
				throw new Intercom_Identity_Error( 'IDENTIFIER_EMPTY', "$field contains only whitespace. Send a real $field, or leave it out." );
			}
			if ( self::utf16_length( $value ) > self::MAX_IDENTIFIER_LENGTH ) {
				throw new Intercom_Identity_Error( 'IDENTIFIER_TOO_LONG', "$field is longer than " . self::MAX_IDENTIFIER_LENGTH . ' characters. Use a short, stable id.' );
			}
			if ( preg_match( '/[\x00-\x1F\x7F]/', $value ) ) {
				throw new Intercom_Identity_Error( 'IDENTIFIER_INVALID', "$field contains a control character (such as NUL or a newline). Send the identifier without it." );
			}
			return $value;
		}
		if ( 'email' !== $field && is_int( $value ) ) {
			if ( $value >= 0 && $value <= 9007199254740991 ) {
				return (string) $value;
			}
			throw new Intercom_Identity_Error( 'IDENTIFIER_INVALID', "$field must be a whole number from 0 to 9007199254740991. Pass larger ids as strings." );
		}
		if ( null === $value ) {
			throw new Intercom_Identity_Error( 'IDENTIFIER_MISSING', "$field is missing. Pass the $field of the signed-in user." );
		}
		throw new Intercom_Identity_Error( 'IDENTIFIER_INVALID', "$field must be a string" . ( 'email' === $field ? '' : ' or a whole number' ) . ', got ' . gettype( $value ) . '.' );
	}

	/**
	 * Checks a secret. Messages never contain it.
	 *
	 * @param mixed  $secret Secret.
	 * @param string $label  Where it came from.
	 * @return string
	 * @throws Intercom_Identity_Error When it is missing or malformed.
	 */
	public static function check_secret( $secret, $label = 'secret' ) {
		if ( null === $secret || ( is_string( $secret ) && '' === trim( $secret ) ) ) {
			throw new Intercom_Identity_Error( 'SECRET_MISSING', "The $label is not set. Set INTERCOM_IDENTITY_SECRET to the secret from Intercom's Messenger security settings." );
		}
		if ( ! is_string( $secret ) ) {
			throw new Intercom_Identity_Error( 'SECRET_MALFORMED', "The $label must be a string. Pass the Identity Verification secret from Intercom's Messenger security settings." );
		}
		if ( ! self::is_utf8( $secret ) ) {
			throw new Intercom_Identity_Error( 'SECRET_MALFORMED', "The $label contains a broken Unicode character. Copy the secret again from Intercom." );
		}
		if ( strlen( $secret ) > self::MAX_SECRET_LENGTH * 3 || self::utf16_length( $secret ) > self::MAX_SECRET_LENGTH ) {
			throw new Intercom_Identity_Error( 'SECRET_MALFORMED', "The $label is far longer than an Intercom secret. Copy the secret again." );
		}
		return $secret;
	}

	/**
	 * Extra checks for a configured secret, where copy-paste mistakes happen.
	 *
	 * @param string $secret Secret, already trimmed.
	 * @param string $label  Where it came from.
	 * @return string
	 * @throws Intercom_Identity_Error On whitespace inside or an access token.
	 */
	public static function check_configured_secret( $secret, $label ) {
		self::check_secret( $secret, $label );
		if ( preg_match( '/\s/u', $secret ) ) {
			throw new Intercom_Identity_Error( 'SECRET_MALFORMED', "The $label contains whitespace inside it. Copy the secret again from Intercom, in one piece." );
		}
		if ( 0 === strpos( $secret, 'dG9rO' ) ) {
			throw new Intercom_Identity_Error( 'SECRET_IS_ACCESS_TOKEN', "The $label looks like an Intercom access token, not an Identity Verification secret. Use the secret from Settings > Security > Messenger." );
		}
		return $secret;
	}

	/**
	 * @param string $text Text.
	 * @return bool
	 */
	private static function is_utf8( $text ) {
		return 1 === preg_match( '//u', $text );
	}

	/**
	 * Length in UTF-16 code units, the unit JavaScript counts.
	 *
	 * @param string $text Valid UTF-8.
	 * @return int
	 */
	private static function utf16_length( $text ) {
		// Four-byte sequences are two UTF-16 units; everything else one per character.
		$astral = preg_match_all( '/[\xF0-\xF4]/', $text );
		return (int) preg_match_all( '/[^\x80-\xBF]/', $text ) + (int) $astral;
	}
}
