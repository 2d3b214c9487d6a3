<?php
/**
 * Who a WordPress user is for Intercom (Intercom_Identity_Plugin::person), with the site's
 * filters: what reaches the boot settings, and what the server log says about the rest.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class PersonTest extends TestCase {

	const SECRET = 'wp-person-secret-0123456789abcdefLMNO';
	const VALUE  = 'attacker-chosen-value-31337';

	/** @var Intercom_Identity_Test_Log */
	private $log;

	protected function setUp(): void {
		Intercom_Identity_Test_WordPress::reset();
		$this->log = new Intercom_Identity_Test_Log();
	}

	protected function tearDown(): void {
		$this->log->close();
		Intercom_Identity_Test_WordPress::reset();
	}

	private static function config( array $options = array() ) {
		return Intercom_Identity_Config::resolve( array(), $options + array( 'app_id' => 'abc123', 'secret' => self::SECRET ) );
	}

	private static function attributes( array $attributes ) {
		add_filter(
			'intercom_identity_attributes',
			static function () use ( $attributes ) {
				return $attributes;
			}
		);
	}

	public function test_a_user_is_their_id_email_name_and_sign_up_time() {
		$person = Intercom_Identity_Plugin::person( new WP_User( 7, 'alice@example.com', 'Alice &amp; Co' ), self::config() );
		$this->assertSame(
			array(
				'user_id'    => '7',
				'email'      => 'alice@example.com',
				'name'       => 'Alice & Co',
				'created_at' => 1704164645,
			),
			$person
		);
		$this->assertSame( array(), $this->log->lines() );
	}

	public function test_each_dropped_attribute_is_one_log_line_with_its_code_and_never_its_value() {
		self::attributes(
			array(
				'plan'      => 'pro',
				'profile'   => new stdClass(),
				'tags'      => array( self::VALUE ),
				'__proto__' => array( 'user_id' => self::VALUE ),
				'USER_ID'   => self::VALUE,
				'user_id '  => self::VALUE,
				'company'   => array( 'id' => 'c1', 'name' => 'Acme' ),
			)
		);
		$person = Intercom_Identity_Plugin::person( new WP_User( 7, 'alice@example.com', 'Alice' ), self::config() );
		$this->assertSame( 'pro', $person['plan'] );
		$this->assertSame( array( 'id' => 'c1', 'name' => 'Acme' ), $person['company'] );
		foreach ( array( 'profile', 'tags', '__proto__', 'USER_ID', 'user_id ' ) as $dropped ) {
			$this->assertArrayNotHasKey( $dropped, $person );
		}
		$lines = $this->log->lines();
		$this->assertCount( 5, $lines, implode( "\n", $lines ) );
		$codes = array();
		foreach ( $lines as $line ) {
			$this->assertMatchesRegularExpression( '/^\[intercom-identity\] (ATTRIBUTE_INVALID|ATTRIBUTE_RESERVED): /', $line );
			$this->assertStringNotContainsString( self::VALUE, $line );
			$codes[] = explode( ':', substr( $line, strlen( '[intercom-identity] ' ) ) )[0];
		}
		$this->assertSame( array( 'ATTRIBUTE_INVALID', 'ATTRIBUTE_INVALID', 'ATTRIBUTE_INVALID', 'ATTRIBUTE_RESERVED', 'ATTRIBUTE_RESERVED' ), $codes );
		// What is left boots, signed by the user's own id (JWT, the default mode).
		$settings = ( new Intercom_Identity_Settings_Builder( self::config() ) )->boot_settings( $person, 1767225600 );
		$this->assertSame( Intercom_Identity_Signer::sign_jwt( self::SECRET, array( 'user_id' => '7', 'email' => 'alice@example.com' ), 3600, 1767225600 ), $settings['intercom_user_jwt'] );
		$this->assertStringNotContainsString( self::VALUE, Intercom_Identity_Script::json( $settings ) );
	}

	public function test_the_attributes_cannot_give_an_email_user_an_id_or_change_the_email() {
		self::attributes(
			array(
				'user_id' => '1',
				'email'   => 'admin@example.com',
			)
		);
		$person = Intercom_Identity_Plugin::person( new WP_User( 7, 'alice@example.com', 'Alice' ), self::config( array( 'identifier' => 'email' ) ) );
		$this->assertArrayNotHasKey( 'user_id', $person );
		$this->assertSame( 'alice@example.com', $person['email'] );
		$this->assertCount( 2, $this->log->lines() );
		foreach ( $this->log->lines() as $line ) {
			$this->assertStringStartsWith( '[intercom-identity] ATTRIBUTE_RESERVED: ', $line );
		}
	}
}
