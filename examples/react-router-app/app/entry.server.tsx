// The server renders each page as a stream: the response (and its headers,
// with `Cache-Control: private, no-store` on every signed page) goes out as
// soon as the shell is ready, and the parts that wait for data follow in the
// same response. Bots get the whole page at once.
import { PassThrough } from 'node:stream';
import { createReadableStreamFromReadable } from '@react-router/node';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { type EntryContext, ServerRouter } from 'react-router';

/** How long the deferred parts of a page may take before the server gives up on them (ms). */
export const streamTimeout = 5_000;

/**
 * The page's Content-Security-Policy: only scripts with this response's nonce
 * run, and the scripts they add ('strict-dynamic': the Messenger's own, React
 * Router's modules). Report-only, so the demo never breaks: the browser
 * reports any script the policy would block.
 */
function contentSecurityPolicy(nonce: string): string {
  return `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'self'`;
}

function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
): Response | Promise<Response> {
  // A HEAD request gets the headers of the page, without rendering it.
  if (request.method === 'HEAD') return new Response(null, { status: responseStatusCode, headers: responseHeaders });

  const nonce = newNonce();
  responseHeaders.set('Content-Security-Policy-Report-Only', contentSecurityPolicy(nonce));
  const userAgent = request.headers.get('user-agent');
  const waitForAll = (userAgent !== null && isbot(userAgent)) || routerContext.isSpaMode;

  return new Promise((resolve, reject) => {
    let status = responseStatusCode;
    let shellSent = false;
    const ready = () => {
      shellSent = true;
      const body = new PassThrough({
        final(callback) {
          clearTimeout(timeout);
          callback();
        },
      });
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
      resolve(new Response(createReadableStreamFromReadable(body), { status, headers: responseHeaders }));
      pipe(body);
    };
    // React Router's scripts and <IntercomScript> (the Intercom boot) take the nonce of <ServerRouter nonce>.
    const page = <ServerRouter context={routerContext} url={request.url} nonce={nonce} />;
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
      onShellError: reject,
      onError(error: unknown) {
        status = 500;
        // An error in the shell rejects above and React Router logs it; later ones are logged here.
        if (shellSent) console.error(error);
      },
    });
    // Leaves React a second to send the fallbacks of what did not arrive in time.
    const timeout = setTimeout(abort, streamTimeout + 1_000);
  });
}
