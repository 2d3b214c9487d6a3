/**
 * A mistyped word is worth echoing (`hsah`, `--scret`); a long or mixed string
 * may be a secret pasted in the wrong place, so it is not echoed at all.
 * Returns ` "word"` or an empty string.
 */
export function shownWord(word: string): string {
  return /^-{0,2}[a-z][a-z0-9-]{0,19}$/i.test(word) ? ` "${word}"` : '';
}
