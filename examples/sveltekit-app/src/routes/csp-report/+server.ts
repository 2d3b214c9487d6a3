// Where browsers report what the report-only CSP of vite.config.ts would block.
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
  const body = (await request.json().catch(() => null)) as { 'csp-report'?: Record<string, unknown> } | null;
  const report = body?.['csp-report'];
  if (report) console.warn(`[csp] ${String(report['violated-directive'])} would block ${String(report['blocked-uri'])}`);
  return new Response(null, { status: 204 });
};
