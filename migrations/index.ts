import { Platform1763769600000 } from './1763769600000-Platform';
import { Documents1763780000000 } from './1763780000000-Documents';
import { Routes1763790000000 } from './1763790000000-Routes';
import { Workflow1763800000000 } from './1763800000000-Workflow';
import { Publication1763810000000 } from './1763810000000-Publication';
import { LoginFailures1763820000000 } from './1763820000000-LoginFailures';
import { ActingLineWidth1763830000000 } from './1763830000000-ActingLineWidth';
import { IdempotencyKeyCase1764547200000 } from './1764547200000-IdempotencyKeyCase';
import { RegisterYear1764600000000 } from './1764600000000-RegisterYear';
import { UsernamePerOrganization1764700000000 } from './1764700000000-UsernamePerOrganization';
import { PlatformOperators1764710000000 } from './1764710000000-PlatformOperators';
import { OrganizationRegistry1764720000000 } from './1764720000000-OrganizationRegistry';
import { AccountLinks1764730000000 } from './1764730000000-AccountLinks';
import { OrganizationWords1764800000000 } from './1764800000000-OrganizationWords';
import { ReportDrafts1764850000000 } from './1764850000000-ReportDrafts';
import { ReportSearchIndex1765000000000 } from './1765000000000-ReportSearchIndex';
import { ListIndexes1765000000001 } from './1765000000001-ListIndexes';
import { PublicationOrder1765000000002 } from './1765000000002-PublicationOrder';
import { ReportSearchHead1765100000000 } from './1765100000000-ReportSearchHead';
import { OrganizationOrder1765200000000 } from './1765200000000-OrganizationOrder';
import { ReportHeadTrigrams1765300000000 } from './1765300000000-ReportHeadTrigrams';
import { PublicationWithdrawnOrder1765400000000 } from './1765400000000-PublicationWithdrawnOrder';

/** Every migration, in order. `npm run migration:generate` writes a new file here: add its class to this list. */
export const MIGRATIONS = [Platform1763769600000, Documents1763780000000, Routes1763790000000, Workflow1763800000000, Publication1763810000000, LoginFailures1763820000000, ActingLineWidth1763830000000, IdempotencyKeyCase1764547200000, RegisterYear1764600000000, UsernamePerOrganization1764700000000, PlatformOperators1764710000000, OrganizationRegistry1764720000000, AccountLinks1764730000000, OrganizationWords1764800000000, ReportDrafts1764850000000, ReportSearchIndex1765000000000, ListIndexes1765000000001, PublicationOrder1765000000002, ReportSearchHead1765100000000, OrganizationOrder1765200000000, ReportHeadTrigrams1765300000000, PublicationWithdrawnOrder1765400000000];
