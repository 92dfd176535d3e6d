import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from './domain-error';

/**
 * A malformed id names nothing: it answers 404 like an id that does not exist. Ids are written in lower case:
 * an id sent in upper case is read in lower case, so it finds the same row on MySQL (whose comparison ignores case)
 * and on SQLite (whose comparison does not).
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw DomainError.notFound();
    return value.toLowerCase();
  }
}
