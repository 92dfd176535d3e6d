import { StreamableFile } from '@nestjs/common';
import type { UploadedImage } from './image-upload';

/** Serves a stored image privately (never cached by shared caches). */
export function imageResponse(image: UploadedImage): StreamableFile {
  return new StreamableFile(image.data, {
    type: image.type,
    length: image.data.length,
    disposition: 'inline',
  });
}

export const IMAGE_UPLOAD_LIMITS = { limits: { fileSize: 1024 * 1024, files: 1 } };
