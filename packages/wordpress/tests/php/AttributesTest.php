<?php
/**
 * The intercom_identity_attributes filter: only what Intercom takes reaches the page; every
 * other attribute is dropped with a stable code that names it, never its value.
 *
 * @package IntercomIdentity
 */

use PHPUnit\Framework\TestCase;

final class AttributesTest extends TestCase {

	// A value no message may repeat.
	const VALUE = 'attacker-chosen-value-31337';

	/**
	 * @param mixed $attributes What the filter returns.
	 * @return array The kept attributes and the errors.
	 */
	private static function clean( $attributes ) {
		return Intercom_Identity_Settings_Builder::clean_attributes( $attributes );
	}

	public function test_strings_numbers_and_booleans_go_through_in_their_order() {
		list( $kept, $errors ) = self::clean(
			array(
				'plan'       => 'pro',
				'seats'      => 12,
				'ratio'      => 0.5,
				'trial'      => false,
				'not_set'    => null,
				'phone'      => '+1 555 0100',
				'created_at' => 1704164645,
				'Plan Name'  => 'Pro plan',
			)
		);
		$this->assertSame( array(), $errors );
		$this->assertSame(
			array(
				'plan'       => 'pro',
				'seats'      => 12,
				'ratio'      => 0.5,
				'trial'      => false,
				'phone'      => '+1 555 0100',
				'created_at' => 1704164645,
				'Plan Name'  => 'Pro plan',
			),
			$kept
		);
	}

	public function test_a_company_and_companies_go_through_with_the_id_as_text() {
		list( $kept, $errors ) = self::clean(
			array(
				'company'   => array( 'id' => 42, 'name' => 'Acme', 'created_at' => 1704164645, 'monthly_spend' => 9.5, 'paying' => true ),
				'companies' => array( array( 'id' => 'c1' ), array( 'id' => 'c2', 'plan' => 'pro' ) ),
				'avatar'    => array( 'type' => 'avatar', 'image_url' => 'https://example.com/a.png' ),
			)
		);
		$this->assertSame( array(), $errors );
		$this->assertSame( array( 'id' => '42', 'name' => 'Acme', 'created_at' => 1704164645, 'monthly_spend' => 9.5, 'paying' => true ), $kept['company'] );
		$this->assertSame( array( array( 'id' => 'c1' ), array( 'id' => 'c2', 'plan' => 'pro' ) ), $kept['companies'] );
		$this->assertSame( array( 'type' => 'avatar', 'image_url' => 'https://example.com/a.png' ), $kept['avatar'] );
	}

	public static function invalid_attributes() {
		$object        = new stdClass();
		$object->value = self::VALUE;
		return array(
			'an object'                     => array( 'plan', $object ),
			'a closure'                     => array( 'plan', static function () {
				return AttributesTest::VALUE;
			} ),
			'a resource'                    => array( 'plan', fopen( 'php://memory', 'r' ) ),
			'a nested array'                => array( 'plan', array( 'tier' => self::VALUE ) ),
			'a list'                        => array( 'plan', array( self::VALUE ) ),
			'infinity'                      => array( 'plan', INF ),
			'not a number'                  => array( 'plan', NAN ),
			'broken UTF-8'                  => array( 'plan', self::VALUE . "\xC3" ),
			'a name that is not a string'   => array( 'name', array( self::VALUE ) ),
			'a created_at in text'          => array( 'created_at', self::VALUE ),
			'__proto__'                     => array( '__proto__', array( 'user_id' => self::VALUE ) ),
			'constructor'                   => array( 'constructor', self::VALUE ),
			'prototype'                     => array( 'prototype', self::VALUE ),
			'an empty name'                 => array( '', self::VALUE ),
			'a blank name'                  => array( '  ', self::VALUE ),
			'a company without an id'       => array( 'company', array( 'name' => self::VALUE ) ),
			'a company with a nested field' => array( 'company', array( 'id' => 'c1', 'address' => array( 'city' => self::VALUE ) ) ),
			'a company with __proto__'      => array( 'company', array( 'id' => 'c1', '__proto__' => array( 'user_id' => self::VALUE ) ) ),
			'a company with an object id'   => array( 'company', array( 'id' => $object ) ),
			'a company that is text'        => array( 'company', self::VALUE ),
			'companies that are a map'      => array( 'companies', array( 'a' => array( 'id' => self::VALUE ) ) ),
			'companies with a bad one'      => array( 'companies', array( array( 'id' => 'c1' ), array( 'name' => self::VALUE ) ) ),
			'an avatar with more fields'    => array( 'avatar', array( 'type' => 'avatar', 'image_url' => self::VALUE, 'onload' => self::VALUE ) ),
		);
	}

	/**
	 * @dataProvider invalid_attributes
	 */
	public function test_anything_else_is_dropped_as_attribute_invalid_without_its_value( $key, $value ) {
		list( $kept, $errors ) = self::clean( array( $key => $value, 'plan_ok' => 'kept' ) );
		$this->assertSame( array( 'plan_ok' => 'kept' ), $kept );
		$this->assertCount( 1, $errors );
		$this->assertSame( 'ATTRIBUTE_INVALID', $errors[0]->get_error_code() );
		$this->assertStringNotContainsString( self::VALUE, $errors[0]->getMessage() );
		$this->assertStringNotContainsString( "\n", $errors[0]->getMessage() );
	}

	public static function reserved_names() {
		return array(
			'user_id'                 => array( 'user_id' ),
			'email'                   => array( 'email' ),
			'app_id'                  => array( 'app_id' ),
			'api_base'                => array( 'api_base' ),
			'user_hash'               => array( 'user_hash' ),
			'intercom_user_jwt'       => array( 'intercom_user_jwt' ),
			'iat'                     => array( 'iat' ),
			'exp'                     => array( 'exp' ),
			'USER_ID'                 => array( 'USER_ID' ),
			'a space after'           => array( 'user_id ' ),
			'a space before'          => array( ' email' ),
			'a tab inside'            => array( "user\t_id" ),
			'a zero-width space'      => array( "user\u{200B}_id" ),
			'a byte order mark'       => array( "\u{FEFF}user_hash" ),
			'full-width letters'      => array( "\u{FF35}\u{FF53}\u{FF45}\u{FF52}\u{FF3F}\u{FF49}\u{FF44}" ),
			'User_Hash'               => array( 'User_Hash' ),
			'Intercom_User_JWT'       => array( 'Intercom_User_JWT' ),
			'a near miss of name'     => array( 'NAME' ),
			'a near miss of company'  => array( 'Company ' ),
		);
	}

	/**
	 * @dataProvider reserved_names
	 */
	public function test_a_name_the_plugin_sets_is_dropped_as_attribute_reserved_in_any_spelling( $key ) {
		list( $kept, $errors ) = self::clean( array( $key => self::VALUE ) );
		$this->assertSame( array(), $kept );
		$this->assertCount( 1, $errors );
		$this->assertSame( 'ATTRIBUTE_RESERVED', $errors[0]->get_error_code() );
		$this->assertStringNotContainsString( self::VALUE, $errors[0]->getMessage() );
	}

	public function test_a_filter_that_returns_no_array_adds_nothing_and_says_so_once() {
		foreach ( array( self::VALUE, 42, new ArrayObject( array( 'plan' => self::VALUE ) ) ) as $returned ) {
			list( $kept, $errors ) = self::clean( $returned );
			$this->assertSame( array(), $kept );
			$this->assertCount( 1, $errors );
			$this->assertSame( 'ATTRIBUTE_INVALID', $errors[0]->get_error_code() );
			$this->assertStringNotContainsString( self::VALUE, $errors[0]->getMessage() );
		}
		$this->assertSame( array( array(), array() ), self::clean( array() ) );
		$this->assertSame( array( array(), array() ), self::clean( null ) );
	}

	public function test_a_list_is_not_attributes() {
		list( $kept, $errors ) = self::clean( array( self::VALUE, 'other' ) );
		$this->assertSame( array(), $kept );
		$this->assertCount( 2, $errors );
		foreach ( $errors as $error ) {
			$this->assertSame( 'ATTRIBUTE_INVALID', $error->get_error_code() );
			$this->assertStringNotContainsString( self::VALUE, $error->getMessage() );
		}
	}

	public function test_a_hostile_attribute_name_cannot_break_the_log_line() {
		list( , $errors ) = self::clean( array( "plan\n[intercom-identity] FAKE: forged\u{2028}" => new stdClass() ) );
		$this->assertCount( 1, $errors );
		$this->assertStringNotContainsString( "\n", $errors[0]->getMessage() );
		$this->assertStringNotContainsString( "\u{2028}", $errors[0]->getMessage() );
	}
}
