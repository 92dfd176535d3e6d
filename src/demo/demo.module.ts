import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PublicationModule } from '../publication/publication.module';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [OrganizationsModule, PublicationModule],
  providers: [DemoSeeder],
})
export class DemoModule {}
