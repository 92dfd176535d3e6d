import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { OperatorsModule } from './operators.module';
import { PlatformController } from './platform.controller';
import { PlatformOrganizationsService } from './platform-organizations.service';
import { ExportController } from './export.controller';
import { OrganizationExport } from './organization-export';

/** The platform operator's side: organisations brought into service, edited, suspended, imported. */
@Module({
  imports: [AuthModule, UsersModule, OperatorsModule],
  controllers: [PlatformController, ExportController],
  providers: [PlatformOrganizationsService, OrganizationExport],
  exports: [PlatformOrganizationsService],
})
export class PlatformModule {}
