import { OperatorsService } from '../../platform/operators.service';
import type { CliCommand } from '../command';
import { printLink } from './print-link';

export const createOperator: CliCommand = {
  name: 'create-operator',
  summary: 'สร้างผู้ดูแลแพลตฟอร์ม แล้วพิมพ์ลิงก์ตั้งรหัสผ่าน / create a platform operator and print a one-time link to set the password',
  options: {
    username: { description: 'a–z 0–9 . _ - (3–64)' },
    email: { description: 'the operator\'s e-mail' },
    name: { description: 'full name (optional)' },
  },
  required: ['username', 'email'],
  async run(app, options, out) {
    const { operator, link } = await app.get(OperatorsService).create({ username: options.username, email: options.email, fullName: options.name });
    out(`สร้างผู้ดูแลแพลตฟอร์ม ${operator.username} แล้ว / Platform operator ${operator.username} created.`);
    printLink(link, out);
  },
};
