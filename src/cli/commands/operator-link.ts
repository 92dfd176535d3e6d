import { OperatorsService } from '../../platform/operators.service';
import type { CliCommand } from '../command';
import { printLink } from './print-link';

export const operatorLink: CliCommand = {
  name: 'operator-link',
  summary: 'ออกลิงก์ตั้งรหัสผ่านใหม่ให้ผู้ดูแลแพลตฟอร์ม (ลิงก์เก่าใช้ไม่ได้อีก) / a new set-password link for an operator (earlier links stop working)',
  options: { username: { description: 'the operator\'s username' } },
  required: ['username'],
  async run(app, options, out) {
    printLink(await app.get(OperatorsService).newLink(options.username!), out);
  },
};
