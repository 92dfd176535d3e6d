import type { Request } from 'express';
import { deadlineOf } from './request-deadline';

describe('request deadlines', () => {
  const settings = { requestTimeoutMs: 15_000, healthTimeoutMs: 5_000, importTimeoutMs: 300_000 };
  const request = (method: string, path: string) => ({ method, path }) as Request;

  test('health checks answer within their own, shorter deadline', () => {
    expect(deadlineOf(request('GET', '/health'), settings)).toBe(5_000);
    expect(deadlineOf(request('GET', '/health/ready'), settings)).toBe(5_000);
  });

  test("the operator's bulk import, by the API and by the form, has the import deadline", () => {
    expect(deadlineOf(request('POST', '/api/platform/organizations/import'), settings)).toBe(300_000);
    expect(deadlineOf(request('POST', '/platform/import'), settings)).toBe(300_000);
  });

  test('everything else, also a GET of the import page and other imports, has the request deadline', () => {
    expect(deadlineOf(request('GET', '/platform/import'), settings)).toBe(15_000);
    expect(deadlineOf(request('POST', '/api/reports/import'), settings)).toBe(15_000);
    expect(deadlineOf(request('POST', '/api/platform/organizations'), settings)).toBe(15_000);
    expect(deadlineOf(request('POST', '/platform/import/../../api/memos'), settings)).toBe(15_000);
  });

  test('an import deadline set below the request deadline never shortens it', () => {
    expect(deadlineOf(request('POST', '/platform/import'), { ...settings, importTimeoutMs: 1_000 })).toBe(15_000);
  });
});
