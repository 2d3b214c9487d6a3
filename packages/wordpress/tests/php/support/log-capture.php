<?php
/**
 * Catches what the plugin writes with error_log() during a test, one entry per line.
 *
 * @package IntercomIdentity
 */

/** Sends error_log() to a temporary file for the length of a test. */
final class Intercom_Identity_Test_Log {
	/** @var string */
	private $file;
	/** @var string|false */
	private $previous;

	public function __construct() {
		$this->file     = (string) tempnam( sys_get_temp_dir(), 'intercom-identity-log-' );
		$this->previous = ini_set( 'error_log', $this->file );
	}

	/**
	 * The lines logged so far, without PHP's date prefix.
	 *
	 * @return string[]
	 */
	public function lines() {
		$lines = array_values( array_filter( explode( "\n", (string) file_get_contents( $this->file ) ), 'strlen' ) );
		return array_map(
			static function ( $line ) {
				return (string) preg_replace( '/^\[[^\]]*\] /', '', $line );
			},
			$lines
		);
	}

	/** Puts the log back. */
	public function close() {
		ini_set( 'error_log', false === $this->previous ? '' : $this->previous );
		@unlink( $this->file );
	}
}
