import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [OrganizationsModule],
  providers: [DemoSeeder],
})
export class DemoModule {}
