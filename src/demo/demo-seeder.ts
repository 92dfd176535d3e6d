import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { appConfig, type AppConfig } from '../config/configuration';
import { OrganizationsService } from '../organizations/organizations.service';
import { CertificatesService } from '../publication/certificates.service';
import { DEMO_ORGANIZATION, DEMO_PEOPLE, DEMO_POSITIONS, DEMO_ROUTE } from './demo-data';

/** Readable one-time passwords: 4 groups of 4 from an alphabet without look-alikes. */
export function demoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * On an empty database outside production, creates the demo organisation and prints its logins once.
 * The passwords are random and stored only as argon2id hashes: this printout is the only place they appear.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly certificates: CertificatesService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData || this.config.production) return;
    if ((await this.organizations.count()) > 0) return;
    const people = DEMO_PEOPLE.map((p) => ({ ...p, password: demoPassword() }));
    const { organization } = await this.organizations.createWithPeople(DEMO_ORGANIZATION, DEMO_POSITIONS, people, DEMO_ROUTE);
    await this.certificates.ensureDemo(organization.id);
    const width = Math.max(...people.map((p) => p.username.length));
    const lines = [
      '',
      '──────────────────────────────────────────────────────────────────',
      ` Kasian: สร้างหน่วยงานตัวอย่าง ${DEMO_ORGANIZATION.name} แล้ว`,
      ' Demo organisation created. Logins (shown only this once / แสดงครั้งเดียว):',
      ` หน่วยงาน / organisation: ${DEMO_ORGANIZATION.slug}`,
      '',
      ...people.map((p) => `   ${p.username.padEnd(width)}  ${p.password}   ${p.honorific}${p.fullName} — ${p.roleName}`),
      '',
      ` เปิด / open ${this.config.publicUrl}/login?org=${DEMO_ORGANIZATION.slug}`,
      '──────────────────────────────────────────────────────────────────',
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}
