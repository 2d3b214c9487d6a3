<?php
/**
 * The plugin's configuration: wp-config.php constants and environment variables win
 * over the settings page, field by field. Read at request time, never stored elsewhere.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * Resolved configuration. Secrets are kept private and only handed to the signer.
 */
final class Intercom_Identity_Config {

	const NAMES = array(
		'app_id'         => 'INTERCOM_APP_ID',
		'secret'         => 'INTERCOM_IDENTITY_SECRET',
		'secret_ios'     => 'INTERCOM_IDENTITY_SECRET_IOS',
		'secret_android' => 'INTERCOM_IDENTITY_SECRET_ANDROID',
		'mode'           => 'INTERCOM_IDENTITY_MODE',
		'region'         => 'INTERCOM_REGION',
		'identifier'     => 'INTERCOM_IDENTITY_IDENTIFIER',
		'widget_url'     => 'INTERCOM_WIDGET_URL',
		'jwt_expires_in' => 'INTERCOM_IDENTITY_JWT_EXPIRES_IN',
		'jwt_signed'     => 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES',
		'jwt_fallback'   => 'INTERCOM_IDENTITY_JWT_FALLBACK',
	);

	const API_BASES = array(
		'us' => 'https://api-iam.intercom.io',
		'eu' => 'https://api-iam.eu.intercom.io',
		'au' => 'https://api-iam.au.intercom.io',
	);

	const MODES       = array( 'user_hash', 'jwt' );
	const IDENTIFIERS = array( 'id', 'email' );
	const PLATFORMS   = array( 'web', 'ios', 'android' );

	const DEFAULT_WIDGET_URL = 'https://widget.intercom.io/widget/{app_id}';

	// Every value (constant, environment variable or saved option) follows the core's string
	// rules for env values: it is trimmed, and blank means not set (the default).

	// The largest whole number JavaScript holds exactly (Number.MAX_SAFE_INTEGER): the core's limit.
	const MAX_LIFETIME = 9007199254740991;

	const RESERVED_SIGNED = array( 'user_id', 'iat', 'exp', 'app_id', 'user_hash', 'intercom_user_jwt', 'company', 'companies' );

	const FALLBACK_ON  = array( 'user_hash', 'true', '1', 'yes', 'on' );
	const FALLBACK_OFF = array( 'false', '0', 'no', 'off', 'none' );

	/** @var string */
	public $app_id;
	/** @var string */
	public $mode;
	/** @var string */
	public $region;
	/** @var string */
	public $api_base;
	/** @var string 'id' (the WordPress user ID) or 'email'. */
	public $identifier;
	/** @var string */
	public $widget_url;
	/** @var int|null */
	public $jwt_expires_in;
	/** @var string[] */
	public $jwt_signed_attributes;
	/** @var bool */
	public $jwt_fallback;
	/** @var array<string,string> Field => 'constant', 'env', 'option' or 'default'. */
	public $sources;
	/** @var array<int,array{code:string,message:string}> */
	public $warnings = array();
	/** @var array<string,string> */
	private $secrets = array();

	/**
	 * Resolves configuration. $fixed holds values from constants or the environment
	 * (name => array( value, 'constant'|'env' )), $options the settings page's values.
	 *
	 * @param array $fixed   Fixed values by constant name.
	 * @param array $options Saved options by field.
	 * @return self
	 * @throws Intercom_Identity_Error When a value is unusable; messages never hold a secret.
	 */
	public static function resolve( array $fixed, array $options ) {
		$config          = new self();
		$config->sources = array();
		$pick            = static function ( $field ) use ( $fixed, $options, $config ) {
			$name = self::NAMES[ $field ];
			if ( isset( $fixed[ $name ] ) && is_string( $fixed[ $name ][0] ) && '' !== trim( $fixed[ $name ][0] ) ) {
				$config->sources[ $field ] = $fixed[ $name ][1];
				return $fixed[ $name ][0];
			}
			if ( isset( $options[ $field ] ) && is_string( $options[ $field ] ) && '' !== trim( $options[ $field ] ) ) {
				$config->sources[ $field ] = 'option';
				return $options[ $field ];
			}
			$config->sources[ $field ] = 'default';
			return null;
		};

		$app_id = $pick( 'app_id' );
		if ( null === $app_id ) {
			throw new Intercom_Identity_Error( 'APP_ID_MISSING', 'No Intercom app id. Define INTERCOM_APP_ID in wp-config.php, or set it on Settings > Intercom Identity.' );
		}
		$app_id = trim( $app_id );
		if ( ! preg_match( '/^[A-Za-z0-9_-]{1,64}$/', $app_id ) ) {
			throw new Intercom_Identity_Error( 'APP_ID_INVALID', 'The Intercom app id "' . substr( $app_id, 0, 80 ) . '" is not valid: it is the short workspace id of letters and digits in your Intercom URL.' );
		}
		$config->app_id = $app_id;

		$mode = strtolower( trim( (string) $pick( 'mode' ) ) );
		$mode = '' === $mode ? 'user_hash' : $mode;
		if ( ! in_array( $mode, self::MODES, true ) ) {
			throw new Intercom_Identity_Error( 'MODE_UNKNOWN', 'Unknown identity mode "' . substr( $mode, 0, 40 ) . '". Use one of: user_hash, jwt.' );
		}
		$config->mode = $mode;

		$region = strtolower( trim( (string) $pick( 'region' ) ) );
		$region = '' === $region ? 'us' : $region;
		if ( ! isset( self::API_BASES[ $region ] ) ) {
			throw new Intercom_Identity_Error( 'REGION_UNKNOWN', 'Unknown Intercom region "' . substr( $region, 0, 40 ) . '". Use one of: us, eu, au.' );
		}
		$config->region   = $region;
		$config->api_base = self::API_BASES[ $region ];

		$identifier = strtolower( trim( (string) $pick( 'identifier' ) ) );
		$identifier = '' === $identifier ? 'id' : $identifier;
		if ( ! in_array( $identifier, self::IDENTIFIERS, true ) ) {
			throw new Intercom_Identity_Error( 'SETTINGS_INVALID', 'Unknown identifier source "' . substr( $identifier, 0, 40 ) . '". Use id (the WordPress user ID) or email.' );
		}
		$config->identifier = $identifier;

		foreach ( array(
			'web'     => 'secret',
			'ios'     => 'secret_ios',
			'android' => 'secret_android',
		) as $platform => $field ) {
			$raw = $pick( $field );
			if ( null === $raw ) {
				continue;
			}
			$label   = "$platform secret (" . self::NAMES[ $field ] . ')';
			$trimmed = trim( $raw );
			if ( $trimmed !== $raw ) {
				$config->warnings[] = array(
					'code'    => 'SECRET_TRIMMED',
					'message' => self::NAMES[ $field ] . ' had whitespace around it (often a copied newline); it was trimmed.',
				);
			}
			$config->secrets[ $platform ] = Intercom_Identity_Signer::check_configured_secret( $trimmed, $label );
		}
		foreach ( array( 'ios', 'android' ) as $platform ) {
			if ( isset( $config->secrets[ $platform ], $config->secrets['web'] ) && hash_equals( $config->secrets['web'], $config->secrets[ $platform ] ) ) {
				$config->warnings[] = array(
					'code'    => 'SECRET_SHARED_ACROSS_PLATFORMS',
					'message' => "The $platform secret equals the web secret. Intercom gives each platform its own secret.",
				);
			}
		}

		$template = $pick( 'widget_url' );
		$template = null === $template ? self::DEFAULT_WIDGET_URL : trim( $template );
		$widget   = str_replace( '{app_id}', rawurlencode( $app_id ), $template );
		if ( ! preg_match( '#^https?://[^\s/?\#]+#i', $widget ) ) {
			throw new Intercom_Identity_Error( 'WIDGET_URL_INVALID', 'The widget URL "' . substr( $widget, 0, 200 ) . '" is not an http(s) URL. Remove INTERCOM_WIDGET_URL to load the real Messenger.' );
		}
		$config->widget_url = $widget;

		$config->jwt_expires_in        = self::lifetime( $pick( 'jwt_expires_in' ) );
		$config->jwt_signed_attributes = self::signed_attributes( $pick( 'jwt_signed' ) );
		$config->jwt_fallback          = self::fallback( $pick( 'jwt_fallback' ) );
		return $config;
	}

	/**
	 * INTERCOM_IDENTITY_JWT_EXPIRES_IN: whole seconds above 0, or "none" (any case) for no exp.
	 *
	 * @param string|null $raw Value, null when not set.
	 * @return int|null Seconds, or null for tokens without exp.
	 * @throws Intercom_Identity_Error JWT_OPTION_INVALID for anything else (1e3, 3600s, 1.5, -5, 0).
	 */
	private static function lifetime( $raw ) {
		$value = trim( (string) $raw );
		if ( '' === $value ) {
			return Intercom_Identity_Signer::DEFAULT_JWT_EXPIRES;
		}
		if ( 'none' === strtolower( $value ) ) {
			return null;
		}
		// Leading zeros are allowed, as Number("0042") reads them; then at most 16 digits fit the limit.
		$digits = ltrim( $value, '0' );
		if ( preg_match( '/^\d+$/D', $value ) && '' !== $digits && strlen( $digits ) <= 16 && (int) $digits <= self::MAX_LIFETIME ) {
			return (int) $digits;
		}
		throw new Intercom_Identity_Error( 'JWT_OPTION_INVALID', 'The JWT lifetime (INTERCOM_IDENTITY_JWT_EXPIRES_IN) is not valid. Use a whole number of seconds above 0, or "none" for tokens without exp.' );
	}

	/**
	 * INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: a comma list (items trimmed, empty items dropped),
	 * "none" (any case) for nothing beyond user_id; not set means email.
	 *
	 * @param string|null $raw Value, null when not set.
	 * @return string[]
	 * @throws Intercom_Identity_Error JWT_OPTION_INVALID for a name the proof itself uses.
	 */
	private static function signed_attributes( $raw ) {
		$value = trim( (string) $raw );
		if ( '' === $value ) {
			return array( 'email' );
		}
		if ( 'none' === strtolower( $value ) ) {
			return array();
		}
		$names = array_values( array_filter( array_map( 'trim', explode( ',', $value ) ), 'strlen' ) );
		foreach ( $names as $name ) {
			if ( in_array( $name, self::RESERVED_SIGNED, true ) ) {
				throw new Intercom_Identity_Error( 'JWT_OPTION_INVALID', "\"$name\" cannot be listed in INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES: list profile fields or custom attributes." );
			}
		}
		return $names;
	}

	/**
	 * INTERCOM_IDENTITY_JWT_FALLBACK: user_hash, true, 1, yes, on (any case) = on; false, 0, no,
	 * off, none = off; not set = off.
	 *
	 * @param string|null $raw Value, null when not set.
	 * @return bool
	 * @throws Intercom_Identity_Error JWT_OPTION_INVALID for any other word.
	 */
	private static function fallback( $raw ) {
		$value = strtolower( trim( (string) $raw ) );
		if ( '' === $value || in_array( $value, self::FALLBACK_OFF, true ) ) {
			return false;
		}
		if ( in_array( $value, self::FALLBACK_ON, true ) ) {
			return true;
		}
		throw new Intercom_Identity_Error( 'JWT_OPTION_INVALID', 'INTERCOM_IDENTITY_JWT_FALLBACK must be user_hash (or true) to fall back to user_hash for users without an id, or false.' );
	}

	/**
	 * The secret of a platform, for the signer only. Never print it.
	 *
	 * @param string $platform web, ios or android.
	 * @return string|null
	 */
	public function secret( $platform = 'web' ) {
		return isset( $this->secrets[ $platform ] ) ? $this->secrets[ $platform ] : null;
	}

	/**
	 * The last four characters of a secret, which is all the settings page shows.
	 *
	 * @param string $platform Platform.
	 * @return string|null
	 */
	public function secret_hint( $platform = 'web' ) {
		$secret = $this->secret( $platform );
		if ( null === $secret ) {
			return null;
		}
		// Short secrets show less, so a hint never gives most of one away.
		$length = strlen( $secret );
		return $length >= 16 ? substr( $secret, -4 ) : '';
	}

	/**
	 * Only debugging output: which fields are set and from where, never a secret.
	 *
	 * @return array
	 */
	public function __debugInfo() {
		return array(
			'app_id'  => $this->app_id,
			'mode'    => $this->mode,
			'region'  => $this->region,
			'secrets' => array_keys( $this->secrets ),
		);
	}
}
