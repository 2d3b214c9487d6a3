/** The cores the example site starts on (WORDPRESS_CORE). */
export declare const CORES: readonly string[];
export declare const DEFAULT_CORE: string;
/** The folder of the installed @wp-playground/wordpress-builds package, or undefined. */
export declare function wordpressBuildsDir(): string | undefined;
/** Undefined when the core's files are there, else a sentence that says how to get them. */
export declare function coreProblem(core: string): string | undefined;
/** Writes the whole WordPress core into the empty folder docroot. */
export declare function layOutCore(core: string, docroot: string): void;
/** Extracts a zip file into a folder, checking each entry's size and CRC-32. */
export declare function extractZip(zipFile: string, into: string): void;
