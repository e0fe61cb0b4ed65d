// run and validate take the same flags: every input of the action, credentials from the environment.
import { INPUT_NAMES, type InputSource } from '../inputs.ts';
import { ENV_FALLBACK } from './messages.ts';

export function inputFlagOptions(): Record<string, { type: 'string' }> {
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, { type: 'string' as const }]));
}

export function inputSource(values: Record<string, unknown>): InputSource {
  return (name) => (values[name] as string | undefined) ?? (ENV_FALLBACK[name] ? (process.env[ENV_FALLBACK[name]!] ?? '') : '');
}
