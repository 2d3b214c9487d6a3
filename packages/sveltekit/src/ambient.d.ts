// SvelteKit generates these declarations in an app; a library declares the part it uses.
/// <reference types="@sveltejs/kit" />
/// <reference types="svelte" />

// The variables the app declares in src/env.ts (none known to a library).
declare module '$app/env/private' {}

// SvelteKit 2's runtime env; read only on SvelteKit 2 (see env.ts).
declare module '$env/dynamic/private' {
  export const env: Record<string, string | undefined>;
}
