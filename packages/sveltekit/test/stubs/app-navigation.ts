// Stands in for SvelteKit's $app/navigation: tests call the registered callbacks.
type Callback = (navigation: { type: string }) => void;
export const afterNavigateCallbacks: Callback[] = [];

export function afterNavigate(callback: Callback): void {
  afterNavigateCallbacks.push(callback);
}
