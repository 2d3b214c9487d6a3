<?php
/**
 * The plugin's one error class: a stable code and a message that says what to do.
 *
 * @package IntercomIdentity
 */

defined( 'ABSPATH' ) || defined( 'INTERCOM_IDENTITY_TESTING' ) || exit;

/**
 * A failure with a stable code such as SECRET_MISSING. Messages never contain a secret.
 */
class Intercom_Identity_Error extends Exception {

	/**
	 * Stable code, the same names as @intercom-identity/core uses.
	 *
	 * @var string
	 */
	private $error_code;

	/**
	 * @param string $error_code Stable code.
	 * @param string $message    What went wrong and what to do.
	 */
	public function __construct( $error_code, $message ) {
		parent::__construct( $message );
		$this->error_code = $error_code;
	}

	/**
	 * The stable code.
	 *
	 * @return string
	 */
	public function get_error_code() {
		return $this->error_code;
	}
}
