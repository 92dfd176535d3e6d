import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from './domain-error';

/** What fits the `idempotency_keys.key` column (VARCHAR(100)) and compares the same on every database. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

/** The `Idempotency-Key` header: absent, or 8–100 characters of A–Z a–z 0–9 . _ : - (otherwise 400). */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<Request>().get('idempotency-key');
  if (value !== undefined && !IDEMPOTENCY_KEY.test(value)) {
    throw DomainError.field('Idempotency-Key', 'format', 'Idempotency-Key ต้องยาว 8–100 ตัวอักษร (A–Z a–z 0–9 . _ : -)', 'Idempotency-Key must be 8–100 characters of A–Z a–z 0–9 . _ : -');
  }
  return value;
});
