// Stands in for SvelteKit's $app/env in unit tests; tests flip `building`.
export let building = false;
export const browser = true;
export const dev = false;
export const version = 'test';

export function setBuilding(value: boolean): void {
  building = value;
}
