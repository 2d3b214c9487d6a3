// SvelteKit generates these declarations in an app; a library declares the part it uses.
/// <reference types="@sveltejs/kit" />
/// <reference types="svelte" />

declare module '$env/dynamic/private' {
  export const env: Record<string, string | undefined>;
}
