import { OperatorsService } from '../../platform/operators.service';
import type { CliCommand } from '../command';

export const listOperators: CliCommand = {
  name: 'list-operators',
  summary: 'แสดงรายชื่อผู้ดูแลแพลตฟอร์ม / list the platform operators',
  options: {},
  async run(app, _options, out) {
    const operators = await app.get(OperatorsService).list();
    if (operators.length === 0) out('ยังไม่มีผู้ดูแลแพลตฟอร์ม / No platform operator yet.');
    for (const o of operators) {
      const state = !o.active ? 'ปิดการใช้งาน / inactive' : o.pending ? 'ยังไม่ได้ตั้งรหัสผ่าน / password not set' : 'ใช้งาน / active';
      out(`${o.username}\t${o.email ?? ''}\t${state}`);
    }
  },
};
