import { InvalidEnvironmentError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  test('defaults fill what is not set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: './data', SESSION_TTL_HOURS: 12 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  test('numbers and booleans are parsed from strings', () => {
    const env = validateEnvironment({ PORT: '8080', DEMO_DATA: 'false', DATABASE_LOGGING: 'true' });
    expect(env.PORT).toBe(8080);
    expect(env.DEMO_DATA).toBe(false);
    expect(env.DATABASE_LOGGING).toBe(true);
  });

  test('every bad variable is named', () => {
    try {
      validateEnvironment({ PORT: '99999', DATABASE_URL: 'sqlite://x', PUBLIC_URL: 'not a url' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvironmentError);
      const variables = (error as InvalidEnvironmentError).problems.map((p) => p.variable).sort();
      expect(variables).toEqual(['DATABASE_URL', 'PORT', 'PUBLIC_URL']);
    }
  });

  test('PUBLIC_URL follows PORT unless it is set', () => {
    expect(validateEnvironment({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(validateEnvironment({ PORT: '8080', PUBLIC_URL: 'https://kasian.phron.go.th' }).PUBLIC_URL).toBe('https://kasian.phron.go.th');
  });

  test('empty strings count as unset', () => {
    expect(validateEnvironment({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  test('STORAGE=s3 needs a bucket, and the access key pair comes together', () => {
    expect(validateEnvironment({}).STORAGE).toBe('local');
    const problems = (raw: Record<string, string>) => {
      try {
        validateEnvironment(raw);
        return [];
      } catch (error) {
        return (error as InvalidEnvironmentError).problems.map((p) => p.variable).sort();
      }
    };
    expect(problems({ STORAGE: 's3' })).toEqual(['S3_BUCKET']);
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'kasian', S3_ACCESS_KEY_ID: 'key' })).toEqual(['S3_SECRET_ACCESS_KEY']);
    expect(problems({ STORAGE: 'disk' })).toEqual(['STORAGE']);
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket', S3_ENDPOINT: 'nope' })).toEqual(['S3_BUCKET', 'S3_ENDPOINT']);
    const env = validateEnvironment({ STORAGE: 's3', S3_BUCKET: 'kasian', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(env).toMatchObject({ STORAGE: 's3', S3_BUCKET: 'kasian', S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
  });
});
