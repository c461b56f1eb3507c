import { buildApp } from '../../src/app.ts';
import type { Channel } from '../../src/channels/channel.ts';
import { type SupervisedChannel, superviseChannels } from '../../src/channels/supervisor.ts';
import { loadConfig } from '../../src/config.ts';
import { openVault } from '../../src/domain/vault.ts';
import { healthReport } from '../../src/health/report.ts';
import { silentLogger } from '../../src/log.ts';
import { openDatabase } from '../../src/store/db.ts';
import { outboxStore } from '../../src/store/outbox.ts';
import { TEST_DATA_KEY } from '../support/app.ts';
import { ManualTimer } from './manual-timer.ts';
import { terminalOnStreams } from './terminal-streams.ts';

/**
 * The app as main.ts wires it, on a database in `dir`: `channel` and the terminal, each under its supervisor,
 * whose backoff waits on a manual timer (jitter off: `random` is 0, so each pause is half the capped backoff).
 */
export function supervisedApp(dir: string, channel: Channel, env: Record<string, string>, timer = new ManualTimer()) {
  const config = loadConfig({ DATABASE_PATH: `${dir}/d.db`, DATA_KEY: TEST_DATA_KEY, ...env });
  const db = openDatabase(config.DATABASE_PATH);
  const vault = openVault({ dataKeyHex: TEST_DATA_KEY, keyFile: `${dir}/k`, warn: () => {} });
  const terminal = terminalOnStreams();
  const supervisor = superviseChannels([channel, terminal.channel], {
    logger: silentLogger,
    clock: timer.clock,
    sleep: timer.sleep,
    random: () => 0,
  });
  const app = buildApp({ db, config, logger: silentLogger, vault, channels: supervisor.channels });
  return {
    db,
    timer,
    terminal,
    supervisor,
    app,
    /** `channel` under its supervisor. */
    supervised: supervisor.channels[0] as SupervisedChannel,
    /** What /healthz would answer now. */
    health: () => healthReport(supervisor.statuses(), outboxStore(db).backlog(), timer.clock()),
    start: () => supervisor.start((ch, m) => app.bot.handle(ch, m)),
    /** Stops as main.ts does: outbox, channels, database. */
    async stop() {
      await app.stop();
      await supervisor.stop();
      db.close();
    },
  };
}
