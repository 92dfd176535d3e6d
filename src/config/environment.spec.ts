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
});
