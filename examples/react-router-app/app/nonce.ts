// The CSP nonce of the response, for the inline scripts the app renders itself
// (the Intercom boot script). app/entry.server.tsx makes a fresh one for each
// page, sends it in the Content-Security-Policy header, and provides it here;
// React Router's own scripts get it from <ServerRouter nonce>. In the browser
// there is none: browsers hide a nonce from the page once it has been used.
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string | undefined>(undefined);

/** This response's CSP nonce while the server renders; undefined in the browser. */
export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
