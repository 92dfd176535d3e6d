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

