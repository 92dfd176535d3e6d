import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { storageConfig, type StorageConfig } from '../config/configuration';
import { FileStorage, LocalFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';

/** The store `STORAGE` names: local files (default) or an S3-compatible bucket. */
export function createFileStorage(config: StorageConfig): FileStorage {
  return config.kind === 's3' ? new S3FileStorage(config.s3) : new LocalFileStorage(config.dataDir);
}

@Global()
@Module({
  providers: [{ provide: FileStorage, inject: [storageConfig.KEY], useFactory: createFileStorage }],
  exports: [FileStorage],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(FileStorage) private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    if (this.storage instanceof S3FileStorage) this.storage.destroy();
  }
}
