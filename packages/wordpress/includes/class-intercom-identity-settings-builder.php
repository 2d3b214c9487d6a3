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

	/** @var Intercom_Identity_Config */
	private $config;

	/**
	 * @param Intercom_Identity_Config $config Resolved configuration.
	 */
	public function __construct( Intercom_Identity_Config $config ) {
		$this->config = $config;
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
