import type { ValueTransformer } from 'typeorm';

/** Stores a value as JSON text (TEXT/LONGTEXT): key order and numbers survive, so exports are byte-stable. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
