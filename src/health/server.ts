import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import type { HealthReport } from './report.ts';

/** The path the health report is served on. */
export const HEALTH_PATH = '/healthz';

/** A request handler for `GET /healthz`; returns false for any other request, so the server can answer 404. */
function healthHandler(report: () => HealthReport): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const { httpStatus, body } = report();
    res.writeHead(httpStatus, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    return true;
  };
}

/** A running health server: the port it listens on (useful with port 0 in tests) and how to close it. */
export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `/healthz` on its own small server (HEALTH_PORT; the panel serves the same report on its own port). A port that is taken is logged, not fatal:
 * the bot serving chats matters more than its health page.
 */
export async function startHealthServer(opts: {
  port: number;
  host: string;
  report: () => HealthReport;
  logger: Logger;
}): Promise<HealthServer | undefined> {
  const handle = healthHandler(opts.report);
  const server: Server = createServer((req, res) => {
    if (handle(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (err) {
    opts.logger.error({ err, port: opts.port }, 'health server could not listen; /healthz is off');
    return undefined;
  }
  const { port } = server.address() as AddressInfo;
  opts.logger.info({ url: `http://${opts.host}:${port}${HEALTH_PATH}` }, 'health check listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
