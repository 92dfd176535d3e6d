import { DomainError, ErrorCode } from './domain-error';

export interface UploadedImage {
  data: Buffer;
  type: 'image/png' | 'image/jpeg';
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

export const MAX_IMAGE_BYTES = 1024 * 1024;

/** Whether the bytes start with PNG's signature. */
export function isPng(data: Buffer): boolean {
  return data.subarray(0, PNG.length).equals(PNG);
}

/** Accepts PNG or JPEG by their bytes (the declared type is not trusted), up to `maxBytes`. */
export function readImageUpload(
  file: { buffer: Buffer; size: number } | undefined,
  field: string,
  maxBytes = MAX_IMAGE_BYTES,
): UploadedImage {
  if (!file || file.size === 0) {
    throw DomainError.field(field, 'required', 'กรุณาแนบไฟล์รูปภาพ', 'Attach an image file');
  }
  if (file.size > maxBytes) {
    throw new DomainError(
      ErrorCode.PayloadTooLarge,
      { th: `ไฟล์รูปภาพต้องมีขนาดไม่เกิน ${Math.round(maxBytes / 1024)} KB`, en: `The image must be at most ${Math.round(maxBytes / 1024)} KB` },
      [{ field, rule: 'maxSize', message: { th: 'ไฟล์ใหญ่เกินกำหนด', en: 'file too large' } }],
    );
  }
  if (isPng(file.buffer)) return { data: file.buffer, type: 'image/png' };
  if (file.buffer.subarray(0, JPEG.length).equals(JPEG)) return { data: file.buffer, type: 'image/jpeg' };
  throw new DomainError(
    ErrorCode.UnsupportedMediaType,
    { th: 'รองรับเฉพาะไฟล์ PNG หรือ JPEG', en: 'Only PNG or JPEG images are accepted' },
    [{ field, rule: 'imageType', message: { th: 'ต้องเป็น PNG หรือ JPEG', en: 'must be PNG or JPEG' } }],
  );
}
