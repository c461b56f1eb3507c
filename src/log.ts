import pino from 'pino';

const SIXTEEN_DIGITS = /(?<!\d)\d{12}(\d{4})(?!\d)/g;

/** Masks every 16-digit run (a NIK, perhaps) in a string as `************0001`, like maskNik: the last four only. */
export function maskDigits(text: string): string {
  return text.replace(SIXTEEN_DIGITS, '************$1');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskDigits(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return { name: value.name, message: maskDigits(value.message), stack: value.stack && maskDigits(value.stack) };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/** The logger every module receives; a subset of pino so tests can pass a silent one. */
export type Logger = pino.Logger;

/** Creates the process logger: JSON lines on stderr (stdout belongs to the terminal chat), NIKs masked. */
export function createLogger(level = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: {
        // Why: personal data must never reach a log line, whatever a caller passes in.
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskDeep(a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
