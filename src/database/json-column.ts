import type { ValueTransformer } from 'typeorm';

/** Stores a value as JSON text (TEXT/LONGTEXT): key order and numbers survive, so exports are byte-stable. */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};

/** As `jsonText`, for a nullable column: null is stored as SQL NULL (not the text "null"), so `IS NULL` finds it. */
export const nullableJsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: jsonText.from,
};
