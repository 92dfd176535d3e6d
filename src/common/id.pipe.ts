import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DomainError } from './domain-error';

/** A malformed id names nothing: it answers 404 like an id that does not exist. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw DomainError.notFound();
    return value;
  }
}
