import type { Options } from 'multer';

/**
 * The bounds every multipart upload gets: one file of at most `fileSize` bytes, and a handful of small fields (a
 * form's CSRF token, a password, a name). Without them multer accepts any number of fields of up to 1 MB each.
 */
export function uploadLimits(fileSize: number): NonNullable<Options['limits']> {
  return { fileSize, files: 1, fields: 20, fieldSize: 64 * 1024, fieldNameSize: 100, parts: 21, headerPairs: 50 };
}

/** Signatures, emblems: images kept in the database. */
export const IMAGE_UPLOAD_LIMITS = { limits: uploadLimits(1024 * 1024) };
