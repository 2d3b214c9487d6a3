// Where the example's WordPress core files come from, and how a copy of them is laid out
// for one run:
//   6.5  WordPress 6.5 from the npm package @wp-playground/wordpress-builds (a devDependency):
//        the PHP files in src/wordpress/wp-6.5.zip, the static files (CSS, JS, images, fonts)
//        beside them in public/wp-6.5/. Together they are the whole core, as a normal install.
//   6.1  Debian's wordpress package (/usr/share/wordpress).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

export const CORES = ['6.5', '6.1'];
export const DEFAULT_CORE = '6.5';
const DEBIAN_WORDPRESS = '/usr/share/wordpress';
const BUILDS_PACKAGE = '@wp-playground/wordpress-builds';

/** The folder of the installed @wp-playground/wordpress-builds package, or undefined. */
export function wordpressBuildsDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${BUILDS_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

/**
 * What a core needs before it can be laid out: undefined when it is there, else a sentence
 * that says how to get it.
 */
export function coreProblem(core) {
  if (core === '6.1') {
    return existsSync(join(DEBIAN_WORDPRESS, 'wp-settings.php'))
      ? undefined
      : `WordPress 6.1 is missing (${DEBIAN_WORDPRESS}). Install it as root with \`node scripts/setup-system.mjs wordpress\` from the repository root.`;
  }
  const builds = wordpressBuildsDir();
  if (builds === undefined || !existsSync(join(builds, `src/wordpress/wp-${core}.zip`))) {
    return `WordPress ${core} is missing (${BUILDS_PACKAGE} is not installed). Run \`pnpm install\` from the repository root.`;
  }
  return undefined;
}

/** Writes the whole WordPress core `core` (one of CORES) into the empty folder `docroot`. */
export function layOutCore(core, docroot) {
  if (core === '6.1') {
    // Debian links some bundled libraries (underscore, getID3) with relative symlinks; the copy points them at the originals.
    cpSync(DEBIAN_WORDPRESS, docroot, { recursive: true, verbatimSymlinks: false });
    return;
  }
  const builds = wordpressBuildsDir();
  extractZip(join(builds, `src/wordpress/wp-${core}.zip`), docroot);
  // The build's own list of the static files it moved out of the zip.
  const staticDir = join(builds, `public/wp-${core}`);
  const listed = readFileSync(join(docroot, 'wordpress-remote-asset-paths'), 'utf8').split('\n').filter(Boolean);
  for (const file of listed) {
    if (file.startsWith('wp-content/database/')) continue;
    const target = join(docroot, safeRelative(file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(staticDir, file), target);
  }
  // What the build adds for its own runtime (an SQLite database, its wp-config.php and file lists) is not core.
  for (const extra of ['wordpress-remote-asset-paths', '.default_theme', 'wp-config.php', 'wp-content/database']) {
    rmSync(join(docroot, extra), { recursive: true, force: true });
  }
}

/** A path inside the target folder: no absolute paths and no `..`. */
function safeRelative(name) {
  const path = normalize(name);
  if (path.startsWith(sep) || path === '..' || path.startsWith(`..${sep}`) || path.includes(`${sep}..${sep}`)) {
    throw new Error(`refusing the zip entry ${JSON.stringify(name)}`);
  }
  return path;
}

/**
 * Extracts a zip file (stored or deflated entries, as `zip -r` writes them) into a folder,
 * checking each entry's size and CRC-32.
 */
export function extractZip(zipFile, into) {
  const zip = readFileSync(zipFile);
  // The end of central directory record: 22 bytes plus a comment of up to 64 KiB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${zipFile} is not a zip file`);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zipFile}: broken central directory`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    const target = join(into, safeRelative(name));
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (zip.readUInt32LE(localHeader) !== 0x04034b50) throw new Error(`${zipFile}: broken entry ${name}`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${zipFile}: ${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`${zipFile}: ${name} is damaged`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
}
