<?php
/**
 * Checks the plugin's use of WordPress against one WordPress core tree, without running
 * WordPress: every function, method, class and hook the plugin (and any other folder
 * given) uses must still exist in that core and must not be deprecated there; every
 * constant it reads without asking defined() first must still be defined by core; and
 * every script the settings app depends on (build/*.asset.php) must ship with it.
 * Another plugin's API that the code follows when it is there (OTHER_PLUGINS) is reported
 * apart: its functions only count when the code asks function_exists() first.
 *
 *   php tests/wordpress-api-check.php <wordpress-dir> <code-dir>...
 *
 * Prints a JSON report on stdout and exits 1 when something is deprecated or missing.
 * Deprecated means what core itself marks: _deprecated_function(), _deprecated_class(),
 * _deprecated_file(), apply_filters_deprecated(), do_action_deprecated(), and every
 * function in core's *deprecated.php files. A function that takes an argument core
 * deprecates (_deprecated_argument()) is reported as a note, to read.
 *
 * @package IntercomIdentity
 */

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php wordpress-api-check.php <wordpress-dir> <code-dir>...\n" );
	exit( 2 );
}

/**
 * PHP files under a folder (or the file itself), following symlinks.
 *
 * @param string   $path Folder or file.
 * @param string[] $skip Folder names not to enter.
 * @return string[]
 */
function api_check_php_files( $path, array $skip ) {
	if ( is_file( $path ) ) {
		return array( $path );
	}
	$files    = array();
	$iterator = new RecursiveIteratorIterator(
		new RecursiveCallbackFilterIterator(
			new RecursiveDirectoryIterator( $path, FilesystemIterator::SKIP_DOTS | FilesystemIterator::FOLLOW_SYMLINKS ),
			static function ( SplFileInfo $file ) use ( $skip ) {
				return ! ( $file->isDir() && in_array( $file->getFilename(), $skip, true ) );
			}
		)
	);
	foreach ( $iterator as $file ) {
		if ( $file->isFile() && 'php' === $file->getExtension() ) {
			$files[] = $file->getPathname();
		}
	}
	sort( $files );
	return $files;
}

/**
 * Tokens without whitespace and comments.
 *
 * @param string $file File.
 * @return array
 */
function api_check_tokens( $file ) {
	$tokens = array();
	foreach ( token_get_all( (string) file_get_contents( $file ) ) as $token ) {
		if ( is_array( $token ) && in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT, T_OPEN_TAG, T_CLOSE_TAG, T_INLINE_HTML ), true ) ) {
			continue;
		}
		$tokens[] = $token;
	}
	return $tokens;
}

/**
 * @param mixed $token Token.
 * @return string
 */
function api_check_text( $token ) {
	return is_array( $token ) ? $token[1] : $token;
}

/**
 * @param mixed     $token Token.
 * @param int|array $kinds Token kind(s).
 * @return bool
 */
function api_check_is( $token, $kinds ) {
	return is_array( $token ) && in_array( $token[0], (array) $kinds, true );
}

/**
 * The value of a quoted string literal token; for a double-quoted string with variables,
 * the literal part before the first variable and a trailing '*'.
 *
 * @param array $tokens Tokens.
 * @param int   $i      Index of the first token of the expression.
 * @return string|null
 */
function api_check_literal( array $tokens, $i ) {
	if ( ! isset( $tokens[ $i ] ) ) {
		return null;
	}
	$token = $tokens[ $i ];
	if ( api_check_is( $token, T_CONSTANT_ENCAPSED_STRING ) ) {
		$value = substr( $token[1], 1, -1 );
		$next  = isset( $tokens[ $i + 1 ] ) ? api_check_text( $tokens[ $i + 1 ] ) : '';
		// 'prefix_' . $something: a dynamic name.
		return '.' === $next ? $value . '*' : $value;
	}
	if ( '"' === $token && isset( $tokens[ $i + 1 ] ) && api_check_is( $tokens[ $i + 1 ], T_ENCAPSED_AND_WHITESPACE ) ) {
		return $tokens[ $i + 1 ][1] . '*';
	}
	return null;
}

/**
 * Indexes of the first token of each argument of the call whose '(' is at $open.
 *
 * @param array $tokens Tokens.
 * @param int   $open   Index of '('.
 * @return int[]
 */
function api_check_arguments( array $tokens, $open ) {
	$starts = array( $open + 1 );
	$depth  = 0;
	for ( $i = $open; isset( $tokens[ $i ] ); $i++ ) {
		$text = api_check_text( $tokens[ $i ] );
		if ( in_array( $text, array( '(', '[', '{' ), true ) || api_check_is( $tokens[ $i ], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ) ) ) {
			++$depth;
		} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
			--$depth;
			if ( 0 === $depth ) {
				break;
			}
		} elseif ( ',' === $text && 1 === $depth ) {
			$starts[] = $i + 1;
		}
	}
	return $starts;
}

/**
 * What one file declares and calls. Each call and declaration carries the function and
 * class it is in.
 *
 * @param string $file File.
 * @return array
 */
function api_check_scan( $file ) {
	$tokens = api_check_tokens( $file );
	$found  = array(
		'functions' => array(),   // name => true (declared at top level).
		'classes'   => array(),   // name => parent or ''.
		'methods'   => array(),   // "class::method" => true.
		'calls'     => array(),   // array( name, '(' index, function, class ).
		'method_calls' => array(), // names called with -> or ::.
		'strings'   => array(),   // string literals.
		'names'     => array(),   // other identifiers (constants, class names).
		'tokens'    => $tokens,
	);
	$scopes  = array(); // array( kind, name, depth ).
	$depth   = 0;
	$pending = null;
	$count   = count( $tokens );
	$class   = static function () use ( &$scopes ) {
		for ( $s = count( $scopes ) - 1; $s >= 0; $s-- ) {
			if ( 'class' === $scopes[ $s ][0] ) {
				return $scopes[ $s ][1];
			}
		}
		return null;
	};
	$function = static function () use ( &$scopes ) {
		for ( $s = count( $scopes ) - 1; $s >= 0; $s-- ) {
			if ( 'function' === $scopes[ $s ][0] ) {
				return $scopes[ $s ][1];
			}
		}
		return null;
	};
	for ( $i = 0; $i < $count; $i++ ) {
		$token = $tokens[ $i ];
		$text  = api_check_text( $token );
		$prev  = $i > 0 ? $tokens[ $i - 1 ] : null;
		if ( '{' === $text || api_check_is( $token, array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ) ) ) {
			++$depth;
			if ( null !== $pending ) {
				$scopes[] = array( $pending[0], $pending[1], $depth );
				$pending  = null;
			}
			continue;
		}
		if ( '}' === $text ) {
			if ( array() !== $scopes && end( $scopes )[2] === $depth ) {
				array_pop( $scopes );
			}
			--$depth;
			continue;
		}
		if ( ';' === $text && null !== $pending && 'function' === $pending[0] ) {
			$pending = null; // An abstract or interface method.
			continue;
		}
		if ( api_check_is( $token, array( T_CLASS, T_INTERFACE, T_TRAIT ) ) && ! api_check_is( $prev, array( T_DOUBLE_COLON, T_NEW ) ) && isset( $tokens[ $i + 1 ] ) && api_check_is( $tokens[ $i + 1 ], T_STRING ) ) {
			$name    = $tokens[ $i + 1 ][1];
			$parent  = isset( $tokens[ $i + 2 ], $tokens[ $i + 3 ] ) && api_check_is( $tokens[ $i + 2 ], T_EXTENDS ) ? ltrim( api_check_text( $tokens[ $i + 3 ] ), '\\' ) : '';
			$found['classes'][ $name ] = $parent;
			$pending = array( 'class', $name );
			++$i;
			continue;
		}
		if ( api_check_is( $token, T_FUNCTION ) ) {
			$j = $i + 1;
			if ( isset( $tokens[ $j ] ) && '&' === api_check_text( $tokens[ $j ] ) ) {
				++$j;
			}
			if ( isset( $tokens[ $j ] ) && api_check_is( $tokens[ $j ], T_STRING ) ) {
				$name = $tokens[ $j ][1];
				$in   = $class();
				if ( null === $in && null === $function() ) {
					$found['functions'][ $name ] = true;
				} elseif ( null !== $in ) {
					$found['methods'][ $in . '::' . $name ] = true;
				}
				$pending = array( 'function', null === $in ? $name : $in . '::' . $name );
				$i       = $j;
			}
			continue;
		}
		if ( api_check_is( $token, T_CONSTANT_ENCAPSED_STRING ) ) {
			$found['strings'][] = substr( $text, 1, -1 );
			continue;
		}
		if ( ! api_check_is( $token, array( T_STRING, T_NAME_FULLY_QUALIFIED ) ) ) {
			continue;
		}
		$name = ltrim( $text, '\\' );
		$next = isset( $tokens[ $i + 1 ] ) ? api_check_text( $tokens[ $i + 1 ] ) : '';
		if ( api_check_is( $prev, array( T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON ) ) ) {
			if ( '(' === $next ) {
				$found['method_calls'][ $name ] = true;
			}
			continue;
		}
		if ( '(' === $next && ! api_check_is( $prev, array( T_NEW, T_CONST ) ) ) {
			$found['calls'][] = array( $name, $i + 1, $function(), $class() );
			continue;
		}
		$found['names'][ $name ] = true;
	}
	return $found;
}

// Other plugins' APIs the code may use when they are active: their functions only behind
// function_exists(), their hooks freely (a hook that nothing runs does nothing).
const OTHER_PLUGINS = array(
	'WP Consent API' => array(
		'functions' => array( 'wp_has_consent', 'wp_add_cookie_info' ),
		'hooks'     => array( 'wp_consent_api_registered_*' ),
	),
);
$other_functions = array();
$other_hooks     = array();
foreach ( OTHER_PLUGINS as $other => $api ) {
	foreach ( $api['functions'] as $name ) {
		$other_functions[ strtolower( $name ) ] = array( $other, $name );
	}
	foreach ( $api['hooks'] as $name ) {
		$other_hooks[ $name ] = $other;
	}
}

$core_dir  = rtrim( $argv[1], '/' );
$code_dirs = array_slice( $argv, 2 );
if ( ! is_file( $core_dir . '/wp-includes/version.php' ) ) {
	fwrite( STDERR, "$core_dir is not a WordPress core folder (no wp-includes/version.php).\n" );
	exit( 2 );
}
$wp_version = null;
if ( preg_match( '/\$wp_version\s*=\s*\'([^\']+)\'/', (string) file_get_contents( $core_dir . '/wp-includes/version.php' ), $match ) ) {
	$wp_version = $match[1];
}

// 1. What core declares, and what it marks deprecated.
$core = array(
	'functions'       => array(),
	'classes'         => array(),
	'methods'         => array(),
	'hooks'           => array(),
	'constants'       => array(),
	'deprecated'      => array(),
	'deprecated_args' => array(),
);
$mark = static function ( $kind, $name, $since, $where ) use ( &$core ) {
	$key = $kind . ':' . strtolower( $name );
	if ( ! isset( $core['deprecated'][ $key ] ) || null === $core['deprecated'][ $key ]['since'] ) {
		$core['deprecated'][ $key ] = array(
			'kind'  => $kind,
			'name'  => $name,
			'since' => $since,
			'where' => $where,
		);
	}
};
$core_files = array();
foreach ( array( 'wp-admin', 'wp-includes' ) as $part ) {
	$core_files = array_merge( $core_files, api_check_php_files( $core_dir . '/' . $part, array() ) );
}
$core_files = array_merge( $core_files, glob( $core_dir . '/*.php' ) );
foreach ( $core_files as $file ) {
	$where     = substr( $file, strlen( $core_dir ) + 1 );
	$scan      = api_check_scan( $file );
	$tokens    = $scan['tokens'];
	$whole_file = (bool) preg_match( '/deprecated\.php$/', $file );
	foreach ( $scan['functions'] as $name => $_ ) {
		$core['functions'][ strtolower( $name ) ] = $name;
		if ( $whole_file ) {
			$mark( 'function', $name, null, $where );
		}
	}
	foreach ( $scan['classes'] as $name => $parent ) {
		$core['classes'][ strtolower( $name ) ] = $parent;
		if ( $whole_file ) {
			$mark( 'class', $name, null, $where );
		}
	}
	foreach ( $scan['methods'] as $name => $_ ) {
		$core['methods'][ strtolower( $name ) ] = $name;
	}
	foreach ( $scan['calls'] as list( $called, $open, $in_function, $in_class ) ) {
		$args  = api_check_arguments( $tokens, $open );
		$first = api_check_literal( $tokens, $args[0] );
		switch ( $called ) {
			case 'do_action':
			case 'do_action_ref_array':
			case 'apply_filters':
			case 'apply_filters_ref_array':
				if ( null !== $first ) {
					$core['hooks'][ $first ] = true;
				}
				break;
			case 'apply_filters_deprecated':
			case 'do_action_deprecated':
				if ( null !== $first ) {
					$core['hooks'][ $first ] = true;
					$mark( 'hook', $first, isset( $args[2] ) ? api_check_literal( $tokens, $args[2] ) : null, $where );
				}
				break;
			case 'define':
				if ( null !== $first ) {
					$core['constants'][ $first ] = true;
				}
				break;
			case '_deprecated_function':
				$since = isset( $args[1] ) ? api_check_literal( $tokens, $args[1] ) : null;
				if ( null !== $in_function ) {
					$mark( false === strpos( $in_function, '::' ) ? 'function' : 'method', $in_function, $since, $where );
				}
				break;
			case '_deprecated_class':
				if ( null !== $in_class ) {
					$mark( 'class', $in_class, isset( $args[1] ) ? api_check_literal( $tokens, $args[1] ) : null, $where );
				}
				break;
			case '_deprecated_file':
				if ( null === $in_function ) {
					$since = isset( $args[1] ) ? api_check_literal( $tokens, $args[1] ) : null;
					foreach ( $scan['functions'] as $name => $_ ) {
						$mark( 'function', $name, $since, $where );
					}
					foreach ( $scan['classes'] as $name => $_ ) {
						$mark( 'class', $name, $since, $where );
					}
				}
				break;
			case '_deprecated_argument':
				if ( null !== $in_function ) {
					$core['deprecated_args'][ strtolower( $in_function ) ][] = array(
						'function' => $in_function,
						'since'    => isset( $args[1] ) ? api_check_literal( $tokens, $args[1] ) : null,
						'where'    => $where,
					);
				}
				break;
		}
	}
}
$deprecated = $core['deprecated'];

// 2. What the code uses.
$used = array(
	'functions'     => array(),
	'classes'       => array(),
	'methods'       => array(),
	'hooks'         => array(),
	'constants'     => array(), // name => true when the code asks whether it is defined.
	'missing'       => array(),
	'other'         => array(), // plugin => kind => names.
);
$own_functions = array();
$own_classes   = array();
$own_constants = array();
$scans         = array();
foreach ( $code_dirs as $dir ) {
	foreach ( api_check_php_files( $dir, array( 'node_modules', 'tests', 'vendor' ) ) as $file ) {
		$scans[ $file ] = api_check_scan( $file );
	}
}
foreach ( $scans as $scan ) {
	$own_functions += array_change_key_case( $scan['functions'] );
	$own_classes   += array_change_key_case( $scan['classes'] );
	foreach ( $scan['calls'] as list( $called, $open ) ) {
		if ( 'define' === $called && null !== ( $name = api_check_literal( $scan['tokens'], api_check_arguments( $scan['tokens'], $open )[0] ) ) ) {
			$own_constants[ $name ] = true;
		}
	}
	foreach ( $scan['tokens'] as $k => $token ) {
		if ( api_check_is( $token, T_CONST ) && isset( $scan['tokens'][ $k + 1 ] ) ) {
			$own_constants[ api_check_text( $scan['tokens'][ $k + 1 ] ) ] = true;
		}
	}
}
// Functions the code asks function_exists() about.
$asked = array();
foreach ( $scans as $scan ) {
	foreach ( $scan['calls'] as list( $called, $open ) ) {
		if ( 'function_exists' === strtolower( $called ) ) {
			$name = api_check_literal( $scan['tokens'], api_check_arguments( $scan['tokens'], $open )[0] );
			if ( null !== $name ) {
				$asked[ strtolower( $name ) ] = true;
			}
		}
	}
}
foreach ( array_keys( $asked ) as $key ) {
	if ( isset( $other_functions[ $key ] ) ) {
		$used['other'][ $other_functions[ $key ][0] ]['functions'][ $other_functions[ $key ][1] ] = true;
	}
}
$hook_functions = array( 'add_action', 'add_filter', 'remove_action', 'remove_filter', 'has_action', 'has_filter', 'did_action', 'doing_filter', 'doing_action' );
foreach ( $scans as $file => $scan ) {
	$tokens = $scan['tokens'];
	foreach ( $scan['calls'] as list( $called, $open ) ) {
		$key  = strtolower( $called );
		$args = api_check_arguments( $tokens, $open );
		// The plugin's own functions, and PHP's (core's polyfills of them do not count).
		if ( isset( $own_functions[ $key ] ) || ( function_exists( $called ) && ( new ReflectionFunction( $called ) )->isInternal() ) ) {
			// Hook names and callbacks below still count.
		} elseif ( isset( $core['functions'][ $key ] ) ) {
			$used['functions'][ $core['functions'][ $key ] ] = true;
		} elseif ( isset( $other_functions[ $key ], $asked[ $key ] ) ) {
			$used['other'][ $other_functions[ $key ][0] ]['functions'][ $other_functions[ $key ][1] ] = true;
		} elseif ( ! function_exists( $called ) ) {
			$used['missing'][ $called ] = true;
		}
		if ( in_array( $key, $hook_functions, true ) ) {
			$hook = api_check_literal( $tokens, $args[0] );
			if ( null !== $hook ) {
				$used['hooks'][ $hook ] = true;
			}
			// A callback named as a string: add_filter( 'hook', '__return_false' ).
			if ( isset( $args[1] ) ) {
				$callback = api_check_literal( $tokens, $args[1] );
				if ( null !== $callback && isset( $core['functions'][ strtolower( $callback ) ] ) ) {
					$used['functions'][ $core['functions'][ strtolower( $callback ) ] ] = true;
				}
			}
		}
		if ( 'defined' === $key ) {
			$name = api_check_literal( $tokens, $args[0] );
			if ( null !== $name && ! isset( $own_constants[ $name ] ) ) {
				$used['constants'][ $name ] = true;
			}
		}
	}
	// Callbacks given as strings elsewhere ('permission_callback' => '__return_true').
	foreach ( $scan['strings'] as $string ) {
		if ( preg_match( '/^__return_[a-z_]+$/', $string ) && isset( $core['functions'][ $string ] ) ) {
			$used['functions'][ $string ] = true;
		}
	}
	foreach ( $scan['names'] as $name => $_ ) {
		$key = strtolower( $name );
		if ( isset( $core['classes'][ $key ] ) && ! isset( $own_classes[ $key ] ) && ! class_exists( $name, false ) ) {
			$used['classes'][ $name ] = true;
		} elseif ( preg_match( '/^[A-Z][A-Z0-9_]+$/', $name ) && ! defined( $name ) && ! isset( $own_constants[ $name ] ) && ! isset( $used['constants'][ $name ] ) ) {
			$used['constants'][ $name ] = false;
		}
	}
	foreach ( $scan['method_calls'] as $name => $_ ) {
		$used['methods'][ $name ] = true;
	}
}
// Methods: those of the core classes the code names, and of their parents.
$class_chain = static function ( $name ) use ( $core ) {
	$chain = array();
	for ( $key = strtolower( $name ); '' !== $key && isset( $core['classes'][ $key ] ) && ! in_array( $key, $chain, true ); $key = strtolower( $core['classes'][ $key ] ) ) {
		$chain[] = $key;
	}
	return $chain;
};
$used_methods = array();
foreach ( array_keys( $used['classes'] ) as $class_name ) {
	foreach ( $class_chain( $class_name ) as $key ) {
		foreach ( array_keys( $used['methods'] ) as $method ) {
			$full = $key . '::' . strtolower( $method );
			if ( isset( $core['methods'][ $full ] ) ) {
				$used_methods[ $core['methods'][ $full ] ] = true;
			}
		}
	}
}

// 3. The report.
$problems = array();
$notes    = array();
foreach ( array_keys( $used['functions'] ) as $name ) {
	if ( isset( $deprecated[ 'function:' . strtolower( $name ) ] ) ) {
		$problems[] = $deprecated[ 'function:' . strtolower( $name ) ];
	}
	if ( isset( $core['deprecated_args'][ strtolower( $name ) ] ) ) {
		foreach ( $core['deprecated_args'][ strtolower( $name ) ] as $note ) {
			$notes[] = $note + array( 'note' => 'has an argument deprecated since ' . $note['since'] . '; check which one' );
		}
	}
}
foreach ( array_keys( $used['classes'] ) as $name ) {
	if ( isset( $deprecated[ 'class:' . strtolower( $name ) ] ) ) {
		$problems[] = $deprecated[ 'class:' . strtolower( $name ) ];
	}
}
foreach ( array_keys( $used_methods ) as $name ) {
	if ( isset( $deprecated[ 'method:' . strtolower( $name ) ] ) ) {
		$problems[] = $deprecated[ 'method:' . strtolower( $name ) ];
	}
}
// Another plugin's hooks are that plugin's, even where a dynamic core hook's name would cover them.
foreach ( array_keys( $used['hooks'] ) as $hook ) {
	if ( isset( $other_hooks[ $hook ] ) ) {
		$used['other'][ $other_hooks[ $hook ] ]['hooks'][ $hook ] = true;
		unset( $used['hooks'][ $hook ] );
	}
}
$missing_hooks = array();
foreach ( array_keys( $used['hooks'] ) as $hook ) {
	$known = isset( $core['hooks'][ $hook ] );
	if ( ! $known && '*' === substr( $hook, -1 ) ) {
		foreach ( array_keys( $core['hooks'] ) as $core_hook ) {
			if ( '*' === substr( $core_hook, -1 ) && 0 === strpos( $hook, substr( $core_hook, 0, -1 ) ) ) {
				$known = true;
				break;
			}
		}
	}
	if ( isset( $deprecated[ 'hook:' . $hook ] ) ) {
		$problems[] = $deprecated[ 'hook:' . $hook ];
	}
	$own_hook = false;
	foreach ( $scans as $scan ) {
		foreach ( $scan['calls'] as list( $called, $open ) ) {
			if ( in_array( $called, array( 'apply_filters', 'do_action' ), true ) && api_check_literal( $scan['tokens'], $open + 1 ) === $hook ) {
				$own_hook = true;
			}
		}
	}
	if ( ! $known && ! $own_hook ) {
		$missing_hooks[] = $hook;
	}
}
// Constants: core's own must still be defined by core. Those the code only tests with
// defined() may be absent (wp-config.php's own, page-cache conventions).
$core_constants    = array();
$other_constants   = array();
$missing_constants = array();
foreach ( $used['constants'] as $name => $only_tested ) {
	if ( isset( $core['constants'][ $name ] ) ) {
		$core_constants[] = $name;
	} elseif ( $only_tested ) {
		$other_constants[] = $name;
	} else {
		$missing_constants[] = $name;
	}
}

// Scripts the settings app's build depends on (wp-scripts writes them to build/*.asset.php).
$scripts = array();
foreach ( $code_dirs as $dir ) {
	foreach ( glob( rtrim( $dir, '/' ) . '/build/*.asset.php' ) ?: array() as $asset_file ) {
		$asset = require $asset_file;
		foreach ( $asset['dependencies'] as $handle ) {
			$file = 0 === strpos( $handle, 'wp-' ) ? 'wp-includes/js/dist/' . substr( $handle, 3 ) . '.min.js' : 'wp-includes/js/dist/vendor/' . $handle . '.min.js';
			$scripts[ $handle ] = is_file( $core_dir . '/' . $file ) ? $file : null;
		}
	}
}

$missing = array(
	// Called, but defined neither by core, nor by the code, nor by PHP: removed from core.
	'functions' => array_keys( $used['missing'] ),
	'hooks'     => $missing_hooks,
	'constants' => $missing_constants,
	'scripts'   => array_keys( array_filter( $scripts, 'is_null' ) ),
);
sort( $missing['functions'] );
$sorted = static function ( array $names ) {
	sort( $names );
	return $names;
};
$report = array(
	'wordpress'  => $wp_version,
	'core'       => array(
		'files'                => count( $core_files ),
		'deprecated'           => count( $deprecated ),
		'deprecated_arguments' => count( $core['deprecated_args'] ),
	),
	'used'       => array(
		'functions' => $sorted( array_keys( $used['functions'] ) ),
		'classes'   => $sorted( array_keys( $used['classes'] ) ),
		'methods'   => $sorted( array_keys( $used_methods ) ),
		'hooks'     => $sorted( array_keys( $used['hooks'] ) ),
		'constants' => $sorted( $core_constants ),
		'scripts'   => $sorted( array_keys( $scripts ) ),
	),
	// Constants core never defines, which the code only tests with defined().
	'other_constants' => $sorted( $other_constants ),
	// What the code uses of other plugins' APIs (OTHER_PLUGINS), by plugin.
	'other_plugins' => (object) array_map(
		static function ( $kinds ) use ( $sorted ) {
			return array_map(
				static function ( $names ) use ( $sorted ) {
					return $sorted( array_keys( $names ) );
				},
				$kinds
			);
		},
		$used['other']
	),
	'deprecated' => array_values( $problems ),
	'missing'    => $missing,
	'notes'      => $notes,
);
echo json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n";
exit( array() === $problems && array() === array_merge( ...array_values( $missing ) ) ? 0 : 1 );
