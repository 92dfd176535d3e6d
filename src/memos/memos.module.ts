import { Module } from '@nestjs/common';
import { MemoRepository } from './memo.repository';
import { MemosService } from './memos.service';

@Module({
  providers: [MemoRepository, MemosService],
  exports: [MemoRepository, MemosService],
})
export class MemosModule {}
