/**
 * The oldest WordPress the plugin supports ("Requires at least: 6.1"): the same suite
 * on Debian's WordPress 6.1.
 */
import { wordpressSuite } from './wordpress-suite.js';

wordpressSuite('6.1');
