/** The launcher's logger (pino, JSON lines) and its adapter for the Temporal SDK runtime. */
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/env';

export function createLogger(level: AppConfig['logLevel'], name = 'concierge'): Logger {
  return pino({ name, level });
}

/** Routes the SDK's and the worker's log lines into pino. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields = meta ? { ...meta } : {};
    switch (level) {
      case 'TRACE':
        return logger.trace(fields, message);
      case 'DEBUG':
        return logger.debug(fields, message);
      case 'INFO':
        return logger.info(fields, message);
      case 'WARN':
        return logger.warn(fields, message);
      case 'ERROR':
        return logger.error(fields, message);
    }
  };
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

/** The dev server is chatty: it logs one step quieter than the application. */
export function devServerLogLevel(
  level: AppConfig['logLevel'],
): 'debug' | 'info' | 'warn' | 'error' | 'never' {
  switch (level) {
    case 'trace':
      return 'debug';
    case 'debug':
      return 'info';
    case 'info':
    case 'warn':
      return 'warn';
    case 'error':
    case 'fatal':
      return 'error';
    case 'silent':
      return 'never';
  }
}
