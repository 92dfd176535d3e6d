import { existsSync } from 'node:fs';

/** Reads `.env` from the working directory into `process.env` (variables already set win), before validation. */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
