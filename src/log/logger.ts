import pino from 'pino';

/** The logging surface Tideway code uses (pino's). Pass it as a parameter; never import a global. */
export type Logger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

/** Structured JSON logs; human-readable when attached to a terminal (or `pretty: true`). */
export function createLogger(options: { level?: string; pretty?: boolean; destination?: number } = {}): Logger {
  const pretty = options.pretty ?? process.stderr.isTTY;
  const level = options.level ?? process.env.TIDEWAY_LOG_LEVEL ?? 'info';
  const redact = { paths: ['*.token', '*.password', '*.secret', '*.authorization', 'headers.authorization'], censor: '[redacted]' };
  if (pretty) {
    return pino(
      { level, redact },
      pino.transport({ target: 'pino-pretty', options: { destination: options.destination ?? 2, colorize: true } }),
    );
  }
  return pino({ level, redact }, pino.destination(options.destination ?? 2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
