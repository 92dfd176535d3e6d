import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActingAssignmentsController } from './acting-assignments.controller';
import { ActingAssignmentsService } from './acting-assignments.service';
import { Organization } from '../identity/organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { Position } from '../identity/position.entity';
import { RouteStep } from './route-step.entity';
import { SetupChecklist } from './setup-checklist';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, Position, RouteStep])],
  controllers: [OrganizationsController, ActingAssignmentsController],
  providers: [OrganizationsService, SetupChecklist, ActingAssignmentsService],
  exports: [OrganizationsService, SetupChecklist, ActingAssignmentsService],
})
export class OrganizationsModule {}
