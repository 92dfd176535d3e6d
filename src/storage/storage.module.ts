import { Global, Module } from '@nestjs/common';
import { appConfig, type AppConfig } from '../config/configuration';
import { FileStorage, LocalFileStorage } from './file-storage';

@Global()
@Module({
  providers: [{ provide: FileStorage, inject: [appConfig.KEY], useFactory: (app: AppConfig) => new LocalFileStorage(app.dataDir) }],
  exports: [FileStorage],
})
export class StorageModule {}
