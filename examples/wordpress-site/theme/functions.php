<?php
/**
 * Demo theme setup: the header shows who is signed in, so the front-end admin bar is off.
 *
 * @package IntercomDemo
 */

add_filter( 'show_admin_bar', '__return_false' );
