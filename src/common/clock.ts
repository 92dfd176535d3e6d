import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The one source of "now" for what depends on the calendar (the register year of a document number, the date a memo
 * is given). Injected, so that a test can move it across midnight on 31 December without faking the whole process.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
