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
		'app_id'                  => 'INTERCOM_APP_ID',
		'secret'                  => 'INTERCOM_IDENTITY_SECRET',
		'secret_ios'              => 'INTERCOM_IDENTITY_SECRET_IOS',
		'secret_android'          => 'INTERCOM_IDENTITY_SECRET_ANDROID',
		// While a secret is rotated: the old one, still accepted by Intercom; never signed with.
		'secret_previous'         => 'INTERCOM_IDENTITY_SECRET_PREVIOUS',
		'secret_ios_previous'     => 'INTERCOM_IDENTITY_SECRET_IOS_PREVIOUS',
		'secret_android_previous' => 'INTERCOM_IDENTITY_SECRET_ANDROID_PREVIOUS',
		'mode'                    => 'INTERCOM_IDENTITY_MODE',
		'region'                  => 'INTERCOM_REGION',
		'identifier'              => 'INTERCOM_IDENTITY_IDENTIFIER',
		'widget_url'              => 'INTERCOM_WIDGET_URL',
		'jwt_expires_in'          => 'INTERCOM_IDENTITY_JWT_EXPIRES_IN',
		'jwt_signed'              => 'INTERCOM_IDENTITY_JWT_SIGNED_ATTRIBUTES',
		'jwt_fallback'            => 'INTERCOM_IDENTITY_JWT_FALLBACK',
		'consent'                 => 'INTERCOM_CONSENT',
		'load'                    => 'INTERCOM_LOAD',
		// WordPress only: the WP Consent API category the Messenger waits for while that API is active.
		'consent_category'        => 'INTERCOM_WP_CONSENT_CATEGORY',
	);

	const API_BASES = array(
		'us' => 'https://api-iam.intercom.io',
		'eu' => 'https://api-iam.eu.intercom.io',
		'au' => 'https://api-iam.au.intercom.io',
	);

	const MODES       = array( 'user_hash', 'jwt' );
	const IDENTIFIERS = array( 'id', 'email' );
	const PLATFORMS   = array( 'web', 'ios', 'android' );
	// The core's CONSENT_MODES and LOAD_MODES; the first of each is the default.
	const CONSENT_MODES = array( 'none', 'required' );
	const LOAD_MODES    = array( 'page', 'interaction' );
	// The WP Consent API's categories; the Messenger is a service the visitor asks for: functional.
	const CONSENT_CATEGORIES = array( 'functional', 'preferences', 'statistics', 'statistics-anonymous', 'marketing' );

	const DEFAULT_WIDGET_URL = 'https://widget.intercom.io/widget/{app_id}';

	// Every value (constant, environment variable or saved option) follows the core's string
	// rules for env values: it is trimmed, and blank means not set (the default).

	// The largest whole number JavaScript holds exactly (Number.MAX_SAFE_INTEGER): the core's limit.
	const MAX_LIFETIME = 9007199254740991;

	const RESERVED_SIGNED = array( 'user_id', 'iat', 'exp', 'app_id', 'user_hash', 'intercom_user_jwt', 'company', 'companies' );

	// An app id: the short workspace id in the Intercom URL (Intercom's have 8 characters).
	const APP_ID_PATTERN = '/^[A-Za-z0-9_-]{1,64}$/D';
	// Longer than this is not an app id, and often a secret pasted into the wrong variable.
	const MAX_APP_ID_LENGTH = 20;

	// Copy-paste mistakes in the app id, the secrets and the widget URL, the core's rules:
	// quotes around the value, "NAME=value" pasted whole, invisible or control characters, a placeholder.
	const QUOTED      = '/^(["\'])[\s\S]*\1$/D';
	const NAME_PREFIX = '/^([A-Z][A-Z0-9_]*)=/';
	const ZERO_WIDTH  = '/[\x{200B}-\x{200D}\x{2060}\x{FEFF}]/u';
	const CONTROL     = '/[\x00-\x1F\x7F]/';
	const PLACEHOLDER = '/^(?:undefined|null|changeme|change-me|change_me|your[-_ ].*|<.*>|\\.{3,}|\\x{2026}|x{3,}|todo)$/iDu';
	// What JavaScript's trim() removes, so a value is trimmed as the core trims it (PHP's trim()
	// would also take NUL off the ends, where the core sees a control character).
	const JS_WHITESPACE = '[\x{0009}-\x{000D}\x{0020}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]';

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
	/** @var string 'none' or 'required': whether the Messenger waits for grantIntercomConsent(). */
	public $consent;
	/** @var string 'page' or 'interaction': whether a lightweight launcher loads the Messenger on its first click. */
	public $load;
	/** @var string The WP Consent API category the Messenger follows while that API is active. */
	public $consent_category;
	/** @var array<string,string> Field => 'constant', 'env', 'option' or 'default'. */
	public $sources;
	/** @var array<int,array{code:string,message:string}> */
	public $warnings = array();
	/** @var array<string,string> */
	private $secrets = array();
	/** @var array<string,string> The secrets being rotated out, by platform. Never signed with. */
	private $previous_secrets = array();
	/** @var string|null The person marker key of the web secret, derived on first use. */
	private $marker_key = null;

	/**
	 * The mode of a site that chose none: JWT, or user_hash when users are identified by email.
	 *
	 * @param string $identifier 'id' or 'email'.
	 * @return string
	 */
	private static function default_mode( $identifier ) {
		return 'email' === $identifier ? 'user_hash' : 'jwt';
	}

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
			if ( isset( $fixed[ $name ] ) && is_string( $fixed[ $name ][0] ) && '' !== self::trimmed( $fixed[ $name ][0] ) ) {
				$config->sources[ $field ] = $fixed[ $name ][1];
				return $fixed[ $name ][0];
			}
			if ( isset( $options[ $field ] ) && is_string( $options[ $field ] ) && '' !== self::trimmed( $options[ $field ] ) ) {
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
		$app_id = self::check_value( $app_id, self::label( 'app_id', $config->sources['app_id'] ), 'APP_ID_INVALID' );
		// The app id is printed into every page: a secret pasted there must never get that far.
		if ( strlen( $app_id ) > self::MAX_APP_ID_LENGTH ) {
			$web = $pick( 'secret' );
			$web = null === $web ? '' : self::trimmed( $web );
			if ( '' !== $web && strlen( $web ) <= self::MAX_APP_ID_LENGTH && preg_match( self::APP_ID_PATTERN, $web ) ) {
				throw new Intercom_Identity_Error( 'CONFIG_SWAPPED', 'INTERCOM_APP_ID looks like a secret and INTERCOM_IDENTITY_SECRET like an app id: swap them. Never publish the would-be app id (the app id is sent to every browser); if it was published, rotate the secret in Intercom.' );
			}
			throw new Intercom_Identity_Error( 'APP_ID_INVALID', self::label( 'app_id', $config->sources['app_id'] ) . ' has more than ' . self::MAX_APP_ID_LENGTH . " characters, so it is not an app id (Intercom's are 8 letters and digits) and may be a secret: never publish it. Set it to the workspace id from your Intercom URL." );
		}
		if ( ! preg_match( self::APP_ID_PATTERN, $app_id ) ) {
			throw new Intercom_Identity_Error( 'APP_ID_INVALID', self::label( 'app_id', $config->sources['app_id'] ) . ' is not a valid app id: it is the short workspace id of letters and digits in your Intercom URL.' );
		}
		$config->app_id = $app_id;

		// A chosen mode (a constant, or the settings page's saved choice) is kept; blank is not chosen.
		$mode = strtolower( trim( (string) $pick( 'mode' ) ) );
		if ( '' !== $mode && ! in_array( $mode, self::MODES, true ) ) {
			throw new Intercom_Identity_Error( 'MODE_UNKNOWN', self::label( 'mode', $config->sources['mode'] ) . ' is not a known identity mode. Use one of: user_hash, jwt.' );
		}

		$region = strtolower( trim( (string) $pick( 'region' ) ) );
		$region = '' === $region ? 'us' : $region;
		if ( ! isset( self::API_BASES[ $region ] ) ) {
			throw new Intercom_Identity_Error( 'REGION_UNKNOWN', self::label( 'region', $config->sources['region'] ) . ' is not a known Intercom region. Use one of: us, eu, au.' );
		}
		$config->region   = $region;
		$config->api_base = self::API_BASES[ $region ];

		$identifier = strtolower( trim( (string) $pick( 'identifier' ) ) );
		$identifier = '' === $identifier ? 'id' : $identifier;
		if ( ! in_array( $identifier, self::IDENTIFIERS, true ) ) {
			throw new Intercom_Identity_Error( 'SETTINGS_INVALID', self::label( 'identifier', $config->sources['identifier'] ) . ' is not a known identifier source. Use id (the WordPress user ID) or email.' );
		}
		$config->identifier = $identifier;
		// Not chosen: JWT (Messenger security), with the same secret. A site that identifies users by
		// email sends no user_id, which a JWT needs: it keeps user_hash until it chooses.
		$config->mode = '' !== $mode ? $mode : self::default_mode( $identifier );

		foreach ( array(
			'web'     => 'secret',
			'ios'     => 'secret_ios',
			'android' => 'secret_android',
		) as $platform => $field ) {
			$found = self::configured_secret( $config, $pick, $field, "$platform secret" );
			if ( null !== $found ) {
				$config->secrets[ $platform ] = $found;
			}
		}
		foreach ( array(
			'web'     => array( 'secret_previous', 'secret' ),
			'ios'     => array( 'secret_ios_previous', 'secret_ios' ),
			'android' => array( 'secret_android_previous', 'secret_android' ),
		) as $platform => $fields ) {
			list( $field, $current ) = $fields;
			$found                   = self::configured_secret( $config, $pick, $field, "$platform previous secret" );
			if ( null === $found ) {
				continue;
			}
			if ( ! isset( $config->secrets[ $platform ] ) ) {
				throw new Intercom_Identity_Error( 'SECRET_PREVIOUS_WITHOUT_CURRENT', self::NAMES[ $field ] . ' is set but ' . self::NAMES[ $current ] . ' is not. While rotating, set ' . self::NAMES[ $current ] . ' to the new secret from Intercom and ' . self::NAMES[ $field ] . ' to the old one; once rotated, remove ' . self::NAMES[ $field ] . '.' );
			}
			if ( hash_equals( $config->secrets[ $platform ], $found ) ) {
				$config->warnings[] = array(
					'code'    => 'SECRET_PREVIOUS_SAME',
					'message' => self::NAMES[ $field ] . ' equals ' . self::NAMES[ $current ] . ', so nothing is being rotated. Set ' . self::NAMES[ $current ] . ' to the new secret from Intercom, or remove ' . self::NAMES[ $field ] . '.',
				);
			}
			$config->previous_secrets[ $platform ] = $found;
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
		$label    = self::label( 'widget_url', $config->sources['widget_url'] );
		$template = null === $template ? self::DEFAULT_WIDGET_URL : self::check_value( $template, $label, 'WIDGET_URL_INVALID' );
		$widget   = str_replace( '{app_id}', rawurlencode( $app_id ), $template );
		if ( ! preg_match( '#^https?://[^\s/?\#]+#i', $widget ) ) {
			throw new Intercom_Identity_Error( 'WIDGET_URL_INVALID', "$label is not an http(s) URL. Remove it to load the real Messenger." );
		}
		// The loader URL is printed into every page: credentials in it would be published.
		$authority = preg_match( '#^https?://([^/?\#]*)#i', $widget, $match ) ? $match[1] : '';
		if ( false !== strpos( $authority, '@' ) ) {
			throw new Intercom_Identity_Error( 'WIDGET_URL_INVALID', "$label holds user:password@ credentials, and it is printed into every page: remove the credentials from the widget URL." );
		}
		$config->widget_url = $widget;

		$config->jwt_expires_in        = self::lifetime( $pick( 'jwt_expires_in' ) );
		$config->jwt_signed_attributes = self::signed_attributes( $pick( 'jwt_signed' ) );
		$config->jwt_fallback          = self::fallback( $pick( 'jwt_fallback' ) );

		$config->consent          = self::choice( $pick( 'consent' ), self::CONSENT_MODES );
		$config->load             = self::choice( $pick( 'load' ), self::LOAD_MODES );
		$config->consent_category = self::choice( $pick( 'consent_category' ), self::CONSENT_CATEGORIES );
		if ( null === $config->consent ) {
			throw new Intercom_Identity_Error( 'CONSENT_UNKNOWN', self::label( 'consent', $config->sources['consent'] ) . ' is not a known consent mode. Use one of: ' . implode( ', ', self::CONSENT_MODES ) . '.' );
		}
		if ( null === $config->load ) {
			throw new Intercom_Identity_Error( 'LOAD_UNKNOWN', self::label( 'load', $config->sources['load'] ) . ' is not a known load mode. Use one of: ' . implode( ', ', self::LOAD_MODES ) . '.' );
		}
		if ( null === $config->consent_category ) {
			throw new Intercom_Identity_Error( 'CONSENT_UNKNOWN', self::label( 'consent_category', $config->sources['consent_category'] ) . ' is not a WP Consent API category. Use one of: ' . implode( ', ', self::CONSENT_CATEGORIES ) . '.' );
		}
		return $config;
	}

	/**
	 * A value trimmed as JavaScript's trim() does: whitespace and line breaks, not NUL.
	 *
	 * @param string $value Value.
	 * @return string
	 */
	public static function trimmed( $value ) {
		$value   = (string) $value;
		$trimmed = preg_replace( '/^' . self::JS_WHITESPACE . '+|' . self::JS_WHITESPACE . '+$/u', '', $value );
		// Not UTF-8: only ASCII whitespace can be told apart.
		return is_string( $trimmed ) ? $trimmed : trim( $value, " \t\n\r\x0B\x0C" );
	}

	/**
	 * What the settings name a field by, in a message: the constant or environment variable, and
	 * for a saved value where it was saved. Never the value.
	 *
	 * @param string $field  Field.
	 * @param string $source constant, env, option or default.
	 * @return string
	 */
	private static function label( $field, $source ) {
		return self::NAMES[ $field ] . ( 'option' === $source ? ' (saved on Settings > Intercom Identity)' : '' );
	}

	/**
	 * The trimmed value of the app id, a secret or the widget URL, after the checks for the usual
	 * copy-paste mistakes (the core's checkConfigValue). Each is an error with $code that names
	 * the setting and never quotes the value, not even a part of it.
	 *
	 * @param string $raw   Value as given.
	 * @param string $label The setting's name.
	 * @param string $code  APP_ID_INVALID, SECRET_MALFORMED or WIDGET_URL_INVALID.
	 * @return string
	 * @throws Intercom_Identity_Error On a mistake.
	 */
	public static function check_value( $raw, $label, $code ) {
		$value = self::trimmed( $raw );
		if ( preg_match( self::QUOTED, $value ) ) {
			throw new Intercom_Identity_Error( $code, "The value of $label is wrapped in quotes: remove the quotes around the value of $label." );
		}
		if ( preg_match( self::NAME_PREFIX, $value, $match ) ) {
			// Only the names of this plugin's settings are printed: they are not config.
			$held = in_array( $match[1], self::NAMES, true ) ? '"' . $match[1] . '="' : 'a variable name and "="';
			throw new Intercom_Identity_Error( $code, "The value of $label holds $held: paste only the part after =." );
		}
		if ( 1 !== preg_match( '//u', $raw ) ) {
			throw new Intercom_Identity_Error( $code, "$label holds a broken Unicode character; copy it again from Intercom." );
		}
		if ( preg_match( self::ZERO_WIDTH, $raw ) || preg_match( self::CONTROL, $value ) ) {
			throw new Intercom_Identity_Error( $code, "$label holds an invisible or control character; copy it again from Intercom." );
		}
		if ( preg_match( self::PLACEHOLDER, $value ) ) {
			throw new Intercom_Identity_Error( $code, "$label is a placeholder; set the real value from Intercom's settings." );
		}
		return $value;
	}

	/**
	 * One word of a short list, read as the core reads INTERCOM_CONSENT and INTERCOM_LOAD:
	 * trimmed, in any case; not set is the list's first word.
	 *
	 * @param string|null $raw   Value, null when not set.
	 * @param string[]    $words The words, the default first.
	 * @return string|null The word, or null when the value is none of them.
	 */
	private static function choice( $raw, array $words ) {
		if ( null === $raw ) {
			return $words[0];
		}
		$value = strtolower( self::trimmed( $raw ) );
		return in_array( $value, $words, true ) ? $value : null;
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
	 * One configured secret, trimmed and checked for the usual copy-paste mistakes; null when unset.
	 *
	 * @param self     $config   The configuration being resolved (for warnings and sources).
	 * @param callable $pick     Reads a field from the constants, the environment or the options.
	 * @param string   $field    A key of NAMES.
	 * @param string   $what     e.g. "web secret" or "web previous secret", for messages.
	 * @return string|null
	 * @throws Intercom_Identity_Error When the value is unusable; messages never hold it.
	 */
	private static function configured_secret( $config, $pick, $field, $what ) {
		$raw = $pick( $field );
		if ( null === $raw ) {
			return null;
		}
		$label   = "$what (" . self::NAMES[ $field ] . ')';
		$trimmed = self::trimmed( $raw );
		if ( $trimmed !== $raw ) {
			$config->warnings[] = array(
				'code'    => 'SECRET_TRIMMED',
				'message' => self::NAMES[ $field ] . ' had whitespace around it (often a copied newline); it was trimmed.',
			);
		}
		self::check_value( $raw, self::label( $field, $config->sources[ $field ] ), 'SECRET_MALFORMED' );
		return Intercom_Identity_Signer::check_configured_secret( $trimmed, $label );
	}

	/**
	 * The secret of a platform being rotated out, or null. Only for verifying: nothing signs with it.
	 *
	 * @param string $platform web, ios or android.
	 * @return string|null
	 */
	public function previous_secret( $platform = 'web' ) {
		return isset( $this->previous_secrets[ $platform ] ) ? $this->previous_secrets[ $platform ] : null;
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
	 * The key of the boot script's person markers, derived from the web secret once for this
	 * configuration (so once per request: the plugin resolves its configuration once). Null
	 * without a web secret. Never print it.
	 *
	 * @return string|null
	 */
	public function marker_key() {
		if ( null === $this->marker_key && isset( $this->secrets['web'] ) ) {
			$this->marker_key = Intercom_Identity_Script::marker_key( $this->secrets['web'] );
		}
		return $this->marker_key;
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
			'app_id'           => $this->app_id,
			'mode'             => $this->mode,
			'region'           => $this->region,
			'consent'          => $this->consent,
			'load'             => $this->load,
			'secrets'          => array_keys( $this->secrets ),
			'previous_secrets' => array_keys( $this->previous_secrets ),
		);
	}
}
