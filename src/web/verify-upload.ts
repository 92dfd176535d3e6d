import { CanActivate, ExecutionContext, Inject, Injectable, NestInterceptor, type CallHandler } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer, { type StorageEngine } from 'multer';
import { createHash } from 'node:crypto';
import { finished } from 'node:stream';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Observable } from 'rxjs';
import { clientIp } from '../common/client-ip';
import { DomainError, ErrorCode } from '../common/domain-error';
import { securityEvent } from '../common/security-log';
import { uploadLimits } from '../common/upload-limits';
import { limitsConfig, type LimitsConfig } from '../config/configuration';

/** What the verify upload leaves of a file: its digest and length, never its bytes. */
export interface HashedUpload {
  sha256: string;
  size: number;
}

export type RequestWithHashedUpload = Request & { hashedUpload?: HashedUpload };

/** A multer storage engine that hashes the file as it streams in and keeps nothing. */
function hashingStorage(): StorageEngine {
  return {
    _handleFile(_request, file, callback) {
      const hash = createHash('sha256');
      let size = 0;
      file.stream.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      file.stream.once('error', (error) => callback(error));
      file.stream.once('end', () => callback(null, { size, sha256: hash.digest('hex') } as Partial<Express.Multer.File>));
    },
    _removeFile(_request, _file, callback) {
      callback(null);
    },
  };
}

/**
 * Reads `POST /verify`'s multipart body without buffering it: the file (field `file`, at most `VERIFY_MAX_MB`) is
 * hashed as it arrives; the handler finds `request.hashedUpload` and the other fields in `request.body`.
 */
@Injectable()
export class VerifyUploadInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['single']>;

  constructor(@Inject(limitsConfig.KEY) private readonly limits: LimitsConfig) {
    this.upload = multer({ storage: hashingStorage(), limits: uploadLimits(limits.verifyMaxBytes) }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<RequestWithHashedUpload>();
    const response = context.switchToHttp().getResponse<Response>();
    if (request.is('multipart/form-data')) {
      await this.receive(request, response);
      const file = request.file as (Express.Multer.File & Partial<HashedUpload>) | undefined;
      if (file?.sha256) request.hashedUpload = { sha256: file.sha256, size: file.size };
    }
    return next.handle();
  }

  private receive(request: Request, response: Response): Promise<void> {
    // Answered meanwhile (the request deadline): stop receiving.
    const stop = finished(response, () => {
      if (!request.complete) request.destroy();
    });
    return new Promise<void>((resolve, reject) => this.upload(request, response, (error: unknown) => (error ? reject(this.uploadError(error)) : resolve()))).finally(stop);
  }

  private uploadError(error: unknown): unknown {
    if (!(error instanceof multer.MulterError)) {
      // busboy's, for a body that is not a well-formed multipart form.
      const malformed = /^(Unexpected end of (form|file)|Malformed part header|Multipart: Boundary not found)/.test(String((error as Error)?.message));
      return malformed ? DomainError.field('file', 'multipart', 'แบบฟอร์มที่ส่งมาไม่สมบูรณ์', 'The multipart form is malformed or cut short') : error;
    }
    if (error.code === 'LIMIT_FILE_SIZE') {
      const mb = Math.round(this.limits.verifyMaxBytes / 1024 / 1024);
      return new DomainError(
        ErrorCode.PayloadTooLarge,
        { th: `ไฟล์ที่ตรวจสอบต้องมีขนาดไม่เกิน ${mb} MB`, en: `The file to verify must be at most ${mb} MB` },
        [{ field: 'file', rule: 'maxSize', message: { th: 'ไฟล์ใหญ่เกินกำหนด', en: 'file too large' } }],
      );
    }
    return DomainError.field(error.field ?? 'file', 'multipart', 'แบบฟอร์มที่ส่งมาไม่ถูกต้อง', `The form could not be read (${error.code})`);
  }
}

/** Anyone may verify, so uploads per address are limited (`VERIFY_UPLOADS_PER_MINUTE`), checked before the body is read. */
@Injectable()
export class VerifyRateGuard implements CanActivate {
  private readonly perIp: RateLimiterMemory;

  constructor(@Inject(limitsConfig.KEY) limits: LimitsConfig) {
    this.perIp = new RateLimiterMemory({ keyPrefix: 'verify-ip', points: limits.verifyUploadsPerMinute, duration: 60 });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ip = clientIp(context.switchToHttp().getRequest<Request>()) ?? 'unknown';
    try {
      await this.perIp.consume(ip);
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      securityEvent('rate_limited', { limit: 'verify uploads per address per minute', retryAfterSeconds });
      throw new DomainError(
        ErrorCode.TooManyRequests,
        { th: `ตรวจสอบเอกสารบ่อยเกินไป กรุณารออีกประมาณ ${retryAfterSeconds} วินาทีแล้วลองใหม่`, en: `Too many verifications from this address: try again in about ${retryAfterSeconds} seconds` },
        [],
        { retryAfterSeconds },
      );
    }
  }
}
