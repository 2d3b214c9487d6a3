/**
 * The WordPress lane of today's stack: the plugin on WordPress 6.5, the newest stable
 * WordPress we can get (from @wp-playground/wordpress-builds), in the example site.
 */
import { wordpressSuite } from './wordpress-suite.js';

wordpressSuite('6.5');
