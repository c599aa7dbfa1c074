/**
 * Node-only half of console forwarding: turns `toLoggable` output back into
 * the line Node's `console.log` would have printed.
 */
import { format } from 'node:util';
import { fromLoggable } from './loggable';

/**
 * Formats console arguments received from a worker exactly as Node's
 * `console.log` formats its arguments (without the trailing newline).
 *
 * @example
 * process.stdout.write(formatArgs(message.args) + '\n');
 */
export function formatArgs(args: unknown[]): string {
  const values = fromLoggable(args);
  try {
    return format(...values);
  } catch (error) {
    // util.format throws only for what Node's console.log would also throw on
    // (e.g. `%j` of a BigInt); the program has moved on, so print what we can.
    return (
      values.map((value) => (typeof value === 'string' ? value : safeString(value))).join(' ') + ` [${String(error)}]`
    );
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
