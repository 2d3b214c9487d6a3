// Stands in for SvelteKit's $env/dynamic/private: what the adapter hands the server at start.
export const env: Record<string, string | undefined> = {};
