import 'reflect-metadata';
import { databaseConfig, environment, InvalidEnvironmentError, storageConfig } from '../config';
import { loadEnvFile } from '../config/load-env-file';
import { createDataSource, databaseOptions } from '../database/database-options';
import { copyStoredFiles } from './copy-files';
import { LocalFileStorage } from './file-storage';
import { S3FileStorage } from './s3-file-storage';

/**
 * `npm run storage:copy`: copies DATA_DIR/files into the bucket named by S3_* and checks every SHA-256.
 * Exit 0 when every file is in the bucket intact, 1 when any is not (each named), 78 on bad configuration.
 */
export async function storageCopyCommand(): Promise<number> {
  const env = environment();
  const config = storageConfig();
  if (!env.S3_BUCKET) {
    process.stderr.write('S3_BUCKET (and S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID …) name the bucket to copy into\n');
    return 78;
  }
  const dataSource = await createDataSource(databaseOptions(databaseConfig())).initialize();
  const bucket = new S3FileStorage(config.s3);
  try {
    await bucket.check();
    const report = await copyStoredFiles(dataSource, new LocalFileStorage(config.dataDir), bucket, (key, outcome) =>
      process.stdout.write(`${outcome}\t${key}\n`),
    );
    for (const { key, problem } of report.problems) process.stderr.write(`problem\t${key}\t${problem}\n`);
    process.stdout.write(
      `คัดลอก / copied ${report.copied}, มีอยู่แล้ว / already there ${report.alreadyThere}, ปัญหา / problems ${report.problems.length}\n`,
    );
    return report.problems.length === 0 ? 0 : 1;
  } finally {
    bucket.destroy();
    await dataSource.destroy();
  }
}

if (require.main === module) {
  loadEnvFile();
  storageCopyCommand().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${error instanceof InvalidEnvironmentError ? error.message : String(error?.stack ?? error)}\n`);
      process.exit(error instanceof InvalidEnvironmentError ? 78 : 1);
    },
  );
}
