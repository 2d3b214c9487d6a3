/**
 * What the module auto-imports in the app, by the runtime file that exports it.
 * A test pins these lists: each is part of the public API.
 */
export const AUTO_IMPORTS = {
  // useIntercom: deprecated alias of useIntercomSync, kept for one minor version.
  composables: { values: ['useIntercom', 'useIntercomSync'], types: [] },
  consent: {
    values: ['grantIntercomConsent', 'intercomConsent', 'onIntercomConsent', 'withdrawIntercomConsent'],
    types: ['IntercomConsentState'],
  },
} as const satisfies Record<string, { values: readonly string[]; types: readonly string[] }>;

/** The entries for Nuxt's `addImports`, with `resolve` giving the path of a runtime file. */
export function autoImports(resolve: (path: string) => string): { name: string; from: string; type?: true }[] {
  return Object.entries(AUTO_IMPORTS).flatMap(([file, { values, types }]) => {
    const from = resolve(`./runtime/${file}`);
    return [...values.map((name) => ({ name, from })), ...types.map((name) => ({ name, from, type: true as const }))];
  });
}
