import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../store/db.ts';
import { outboxStore } from '../store/outbox.ts';
import { formatBacklog, formatHealth, type HealthBody } from './report.ts';
import { HEALTH_PATH } from './server.ts';

/** Where the command prints. */
export interface StatusOutput {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Asks a running bot for its report; undefined when nothing answers (not running, or another program on the port). */
async function fetchHealth(url: string, timeoutMs = 2_000): Promise<HealthBody | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as Partial<HealthBody>;
    return body.channels && body.status ? (body as HealthBody) : undefined;
  } catch {
    return undefined;
  }
}

/** The running bot's channel states with the outbox backlog read from the database now. */
function withBacklog(body: HealthBody, backlog: Record<string, number>): HealthBody {
  const channels = Object.fromEntries(
    Object.entries(body.channels).map(([name, c]) => [name, { ...c, outboxBacklog: backlog[name] ?? 0 }]),
  );
  return { ...body, channels, outboxBacklog: backlog };
}

/**
 * `npm run admin -- status`: the same report as `/healthz`. The backlog comes from the database, the channel states
 * from the running bot's `/healthz` when it answers. Exit code 0 when every channel is up, 1 otherwise.
 */
export async function statusCommand(env: NodeJS.ProcessEnv | undefined, io: StatusOutput): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(e.message);
    return 1;
  }
  const db = openDatabase(config.DATABASE_PATH);
  let backlog: Record<string, number>;
  try {
    backlog = outboxStore(db).backlog();
  } finally {
    db.close();
  }
  if (config.HEALTH_PORT === 0) {
    io.out(`The health check is off (HEALTH_PORT=0): cannot tell whether daftarin is running.\n${formatBacklog(backlog)}`);
    return 1;
  }
  // A server listening on every interface is reached on loopback from this machine.
  const host = config.HEALTH_HOST === '0.0.0.0' ? '127.0.0.1' : config.HEALTH_HOST;
  const url = `http://${host}:${config.HEALTH_PORT}${HEALTH_PATH}`;
  const body = await fetchHealth(url);
  if (!body) {
    io.out(`daftarin is not running (no answer from ${url}).\n${formatBacklog(backlog)}`);
    return 1;
  }
  io.out(formatHealth(withBacklog(body, backlog)));
  return body.status === 'ok' ? 0 : 1;
}
