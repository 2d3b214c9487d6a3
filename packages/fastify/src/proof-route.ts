import { type IntercomAdapter, requestFromNode } from '@intercom-identity/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// @fastify/cors reads `config.cors` of a route: false leaves the endpoint's own
// CORS answers (its allowlist, credentials, its 204 preflight) untouched.
const ROUTE_CONFIG = { cors: false };

/**
 * Writes the core's web `Response` to the reply: its status, every header (each
 * `Set-Cookie` on its own line) and its body. A HEAD answer has no body.
 */
async function sendWebResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status);
  for (const [name, value] of response.headers) if (name !== 'set-cookie') reply.header(name, value);
  for (const cookie of response.headers.getSetCookie()) reply.header('set-cookie', cookie);
  if (response.body === null) return reply.send();
  return reply.send(Buffer.from(await response.arrayBuffer()));
}

/**
 * Mounts the proof endpoint at `path` for every method Fastify routes, in a
 * scope of its own: there the request body is never parsed (the endpoint
 * ignores it, so a form or a bad JSON body cannot turn the answer into a 415
 * or 400), and the app's own parsers stay as they are.
 */
export async function mountProofEndpoint(
  app: FastifyInstance,
  path: string,
  intercom: IntercomAdapter<FastifyRequest>,
): Promise<void> {
  await app.register(async function intercomProofEndpoint(scope) {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => {
      payload.resume();
      done(null, undefined);
    });
    scope.all(path, { config: ROUTE_CONFIG }, async (request, reply) => {
      const web = requestFromNode(request.raw, { protocol: request.protocol, host: request.host });
      return sendWebResponse(reply, await intercom.proofEndpoint(web, request));
    });
  });
}
