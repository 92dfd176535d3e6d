import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Lets a committed transition wake this process's outbox worker at once instead of at its next poll. */
@Injectable()
export class OutboxNudge extends EventEmitter {
  poke(): void {
    this.emit('poke');
  }
}
